/** TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go). */
import type { Taint, Toleration } from "../../model/k8s.js";
import { MAX_NODE_SCORE, newStatus, type Plugin, type PluginFactory, SUCCESS } from "../framework.js";
import { firstUntoleratedTaint, tolerationsTolerateTaint } from "../selectors.js";
import { defaultNormalizeScore } from "./normalize.js";

export const TAINT_TOLERATION = "TaintToleration";

/** The Filter reason up to 1.34.x: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ""}}`;
}

/**
 * The Filter reason from 1.35 (kubernetes#134740, cherry-picked to later 1.32–1.34 patch releases):
 * taint keys and values may be sensitive, so the status no longer names them.
 */
export const ERR_REASON_UNTOLERATED_GENERIC = "node(s) had untolerated taint(s)";

/** TaintToleration args (kubespec: which reason format this version writes; not a real args field). */
export interface TaintTolerationArgs {
  readonly genericReason?: boolean;
}

const PREFER_KEY = "PreScoreTaintToleration";

/** getAllTolerationPreferNoSchedule: tolerations with effect "" or PreferNoSchedule. */
function preferNoScheduleTolerations(ts: readonly Toleration[] | undefined): Toleration[] {
  return (ts ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
}

/** The PreferNoSchedule taints no toleration tolerates. */
function intolerable(taints: readonly Taint[], ts: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) if (!tolerationsTolerateTaint(ts, taint)) n++;
  return n;
}

export const taintToleration: PluginFactory = {
  name: TAINT_TOLERATION,
  create(raw): Plugin {
    const generic = (raw as TaintTolerationArgs).genericReason === true;
    const genericFail = newStatus("UnschedulableAndUnresolvable", ERR_REASON_UNTOLERATED_GENERIC);
    // This cycle's PreScore state (cheaper than a CycleState lookup per node).
    let lastCs: object | undefined;
    let lastTolerations: Toleration[] = [];
    return {
      name: TAINT_TOLERATION,
      filterPassesEverywhere: (cs) => cs.snapshot.noScheduleTaintedNodes === 0,
      // No PreferNoSchedule taint anywhere: every node counts 0 intolerable taints.
      constantScore: (cs) => (cs.snapshot.preferNoScheduleTaintedNodes === 0 ? 0 : undefined),
      filter(cs, ni) {
        // ni.noScheduleTaints.length, from the node table (one contiguous column for the filter loop).
        if (cs.snapshot.table.noScheduleTaints[ni.index] === 0) return SUCCESS;
        const ts = cs.podInfo.tolerations;
        // Without tolerations the first NoSchedule/NoExecute taint is the untolerated one (and the
        // generic reason does not name it).
        if (ts.length === 0 && generic) return genericFail;
        const taint = ts.length === 0 ? ni.noScheduleTaints[0] : firstUntoleratedTaint(ni.noScheduleTaints, ts);
        if (!taint) return SUCCESS;
        if (generic) return genericFail;
        return newStatus("UnschedulableAndUnresolvable", untoleratedTaintReason(taint.key, taint.value));
      },
      preScore(cs) {
        const ts = preferNoScheduleTolerations(cs.pod.spec.tolerations);
        cs.data.set(PREFER_KEY, ts);
        lastCs = cs;
        lastTolerations = ts;
        return SUCCESS;
      },
      score(cs, ni) {
        // countIntolerableTaintsPreferNoSchedule
        if (ni.preferNoScheduleTaints.length === 0) return 0;
        const ts = (cs.data.get(PREFER_KEY) as Toleration[] | undefined) ?? [];
        return intolerable(ni.preferNoScheduleTaints, ts);
      },
      scoreNodes(cs, nodes, out) {
        const ts = lastCs === cs ? lastTolerations : ((cs.data.get(PREFER_KEY) as Toleration[] | undefined) ?? []);
        const counts = cs.snapshot.table.preferNoScheduleTaints;
        for (let i = 0; i < nodes.length; i++) {
          const ni = nodes[i]!;
          out[i] = counts[ni.index] === 0 ? 0 : intolerable(ni.preferNoScheduleTaints, ts);
        }
      },
      normalizeScore: (_cs, _nodes, scores) => defaultNormalizeScore(MAX_NODE_SCORE, true, scores),
    };
  },
};
