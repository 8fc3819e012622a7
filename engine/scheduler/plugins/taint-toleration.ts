/** TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go). */
import type { Toleration } from "../../model/k8s.js";
import { MAX_NODE_SCORE, newStatus, type Plugin, type PluginFactory, SUCCESS } from "../framework.js";
import { firstUntoleratedTaint, tolerationsTolerateTaint } from "../selectors.js";
import { defaultNormalizeScore } from "./normalize.js";

export const TAINT_TOLERATION = "TaintToleration";

/** The Filter reason: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ""}}`;
}

const PREFER_KEY = "PreScoreTaintToleration";

/** getAllTolerationPreferNoSchedule: tolerations with effect "" or PreferNoSchedule. */
function preferNoScheduleTolerations(ts: readonly Toleration[] | undefined): Toleration[] {
  return (ts ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
}

export const taintToleration: PluginFactory = {
  name: TAINT_TOLERATION,
  create(): Plugin {
    return {
      name: TAINT_TOLERATION,
      filter(cs, ni) {
        const taint = firstUntoleratedTaint(ni.node.spec?.taints, cs.pod.spec.tolerations);
        if (!taint) return SUCCESS;
        return newStatus("UnschedulableAndUnresolvable", untoleratedTaintReason(taint.key, taint.value));
      },
      preScore(cs) {
        cs.data.set(PREFER_KEY, preferNoScheduleTolerations(cs.pod.spec.tolerations));
        return SUCCESS;
      },
      score(cs, ni) {
        // countIntolerableTaintsPreferNoSchedule
        const ts = (cs.data.get(PREFER_KEY) as Toleration[] | undefined) ?? [];
        let n = 0;
        for (const taint of ni.node.spec?.taints ?? []) {
          if (taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(ts, taint)) n++;
        }
        return n;
      },
      normalizeScore: (_cs, _nodes, scores) => defaultNormalizeScore(MAX_NODE_SCORE, true, scores),
    };
  },
};
