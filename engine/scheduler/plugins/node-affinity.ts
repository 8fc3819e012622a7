/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go): nodeSelector AND
 * required node affinity (component-helpers nodeaffinity.GetRequiredNodeAffinity), the scheduler-enforced
 * addedAffinity, PreFilter narrowing on metadata.name, and the preferred-terms score.
 */
import type { NodeSelectorTerm, Pod } from "../../model/k8s.js";
import {
  type CycleState,
  MAX_NODE_SCORE,
  newStatus,
  type Plugin,
  type PluginFactory,
  PREFILTER_OK,
  PREFILTER_SKIP,
  SKIP,
  SUCCESS,
} from "../framework.js";
import { type ColumnSelector, columnSelector, columnSelectorMatches } from "../node-table.js";
import {
  compileNodeSelectorTerms,
  compilePreferredTerms,
  type NodeMatcher,
  type NodeView,
  selectorFromSet,
} from "../selectors.js";
import { defaultNormalizeScore } from "./normalize.js";

export const NODE_AFFINITY = "NodeAffinity";
/** ErrReasonPod. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** errReasonEnforced. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** errReasonConflict (PreFilter). */
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

type NodeAffinitySpec = NonNullable<NonNullable<Pod["spec"]["affinity"]>["nodeAffinity"]>;

/** NodeAffinityArgs. */
export interface NodeAffinityArgs {
  readonly addedAffinity?: NodeAffinitySpec;
}

const cache = new WeakMap<Pod, NodeMatcher>();

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match: nodeSelector and required terms. */
export function requiredNodeAffinity(pod: Pod): NodeMatcher {
  let m = cache.get(pod);
  if (m) return m;
  const sel = pod.spec.nodeSelector;
  const setMatch = sel ? selectorFromSet(sel) : undefined;
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const termsMatch = req ? compileNodeSelectorTerms(req.nodeSelectorTerms) : undefined;
  if (setMatch && termsMatch) m = (n: NodeView) => setMatch(n.labels) && termsMatch(n);
  else if (setMatch) m = (n: NodeView) => setMatch(n.labels);
  else if (termsMatch) m = termsMatch;
  else m = () => true;
  cache.set(pod, m);
  return m;
}

/** The metadata.name In values of the required terms: the PreFilter's node set (undefined: all nodes). */
function preFilterNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key === "metadata.name" && r.operator === "In") {
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((x) => s.has(x))) : s;
      }
    }
    if (!termNames) return undefined; // a term without a name restriction: every node is eligible
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}

/**
 * The pod's required node affinity on the snapshot's label columns when it is a nodeSelector alone
 * (the common case): node k matches key=value exactly when its column holds the value's id.
 * undefined when the pod has required affinity terms (the compiled matcher decides).
 */
export function nodeSelectorOnColumns(cs: CycleState): ColumnSelector | undefined {
  const sel = cs.pod.spec.nodeSelector;
  if (!sel || cs.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) return undefined;
  return columnSelector(cs.snapshot.table, cs.snapshot.nodes, sel);
}

const FAIL_POD = newStatus("UnschedulableAndUnresolvable", ERR_REASON_POD);
const FAIL_ENFORCED = newStatus("UnschedulableAndUnresolvable", ERR_REASON_ENFORCED);
const PREF_KEY = "PreScoreNodeAffinity";

export const nodeAffinity: PluginFactory = {
  name: NODE_AFFINITY,
  create(raw): Plugin {
    const args = raw as NodeAffinityArgs;
    const added = args.addedAffinity;
    const addedRequired = added?.requiredDuringSchedulingIgnoredDuringExecution
      ? compileNodeSelectorTerms(added.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      : undefined;
    const addedPreferred = compilePreferredTerms(added?.preferredDuringSchedulingIgnoredDuringExecution);
    // This cycle's required matcher (looked up once per cycle, not once per node).
    let filterCs: object | undefined;
    let podMatcher: NodeMatcher = () => false;
    let selectorColumns: ColumnSelector | undefined;
    return {
      name: NODE_AFFINITY,
      preFilter(cs) {
        const req = cs.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
        if (!req && !addedRequired && cs.pod.spec.nodeSelector === undefined) return PREFILTER_SKIP;
        const terms = req?.nodeSelectorTerms ?? [];
        if (!req || terms.length === 0) return PREFILTER_OK;
        const names = preFilterNodeNames(terms);
        if (names && names.size === 0) {
          return { status: newStatus("UnschedulableAndUnresolvable", ERR_REASON_CONFLICT) };
        }
        return names ? { status: SUCCESS, nodeNames: names } : PREFILTER_OK;
      },
      filter(cs, ni) {
        if (filterCs !== cs) {
          filterCs = cs;
          podMatcher = requiredNodeAffinity(cs.pod);
          selectorColumns = nodeSelectorOnColumns(cs);
        }
        const view = ni; // a NodeInfo is a NodeView (name, labels)
        if (addedRequired && !addedRequired(view)) return FAIL_ENFORCED;
        if (selectorColumns) return columnSelectorMatches(selectorColumns, ni.index) ? SUCCESS : FAIL_POD;
        return podMatcher(view) ? SUCCESS : FAIL_POD;
      },
      preScore(cs) {
        const terms = [
          ...compilePreferredTerms(cs.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
          ...addedPreferred,
        ];
        if (terms.length === 0) return SKIP;
        cs.data.set(PREF_KEY, terms);
        return SUCCESS;
      },
      score(cs, ni) {
        const terms = cs.data.get(PREF_KEY) as ReturnType<typeof compilePreferredTerms> | undefined;
        if (!terms) return 0;
        const view = ni; // a NodeInfo is a NodeView (name, labels)
        let sum = 0;
        for (const t of terms) if (t.match(view)) sum += t.weight;
        return sum;
      },
      normalizeScore: (_cs, _nodes, scores) => defaultNormalizeScore(MAX_NODE_SCORE, false, scores),
    };
  },
};
