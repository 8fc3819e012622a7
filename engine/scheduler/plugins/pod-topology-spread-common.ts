/**
 * PodTopologySpread shared pieces (pkg/scheduler/framework/plugins/podtopologyspread/common.go, plugin.go):
 * constraint selection by whenUnsatisfiable, matchLabelKeys merging, node inclusion policies,
 * system default constraints and the default selector of Services / RCs / RSs / StatefulSets
 * (helper/spread.go DefaultSelector).
 */
import type { LabelSelector, Pod, TopologySpreadConstraint } from "../../model/k8s.js";
import type { CycleState } from "../framework.js";
import { countPodsMatchSelector, labelSelectorKey, type MatchCounts, matchCountsFor } from "../match-counts.js";
import { columnSelectorMatches } from "../node-table.js";
import type { PodInfo } from "../pod-info.js";
import {
  compileLabelSelector,
  firstUntoleratedTaint,
  type LabelMatcher,
  type Labels,
  MATCH_NOTHING,
  selectorFromSet,
} from "../selectors.js";
import type { NodeInfo, Snapshot } from "../snapshot.js";
import { nodeSelectorOnColumns, requiredNodeAffinity } from "./node-affinity.js";

export const POD_TOPOLOGY_SPREAD = "PodTopologySpread";
/** ErrReasonConstraintsNotMatch. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const LABEL_HOSTNAME = "kubernetes.io/hostname";

/** PodTopologySpreadArgs. */
export interface PodTopologySpreadArgs {
  readonly defaultConstraints?: readonly TopologySpreadConstraint[];
  readonly defaultingType?: "System" | "List";
}

/** systemDefaultConstraints (plugin.go). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

/** topologySpreadConstraint (common.go). */
export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelMatcher;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: "Honor" | "Ignore";
  readonly nodeTaintsPolicy: "Honor" | "Ignore";
  /**
   * A canonical key of what `selector` selects (equal keys: equal selections), for the snapshot's
   * memoised counts; undefined when there is none (counted directly).
   */
  readonly selectorKey: string | undefined;
}

/** filterTopologySpreadConstraints: those with the given action; matchLabelKeys merged into the selector. */
export function filterConstraints(
  cs: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: "DoNotSchedule" | "ScheduleAnyway",
  selectorOverride?: LabelMatcher,
  overrideKey?: string,
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of cs) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorOverride ?? (c.labelSelector ? compileLabelSelector(c.labelSelector) : MATCH_NOTHING);
    let selectorKey = selectorOverride ? overrideKey : c.labelSelector ? labelSelectorKey(c.labelSelector) : "nothing";
    const extra = (c.matchLabelKeys ?? []).filter((k) => Object.hasOwn(podLabels, k));
    if (extra.length > 0 && !selectorOverride) {
      const base = selector;
      selector = (l) => base(l) && extra.every((k) => l?.[k] === podLabels[k]);
      selectorKey = `${selectorKey}+${JSON.stringify(extra.map((k) => [k, podLabels[k]]))}`;
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
      selectorKey,
    });
  }
  return out;
}

function controllerOf(pod: Pod) {
  return pod.metadata.ownerReferences?.find((o) => o.controller === true);
}

/**
 * helper.DefaultSelector: the Services selecting the pod (their selectors merged) AND the selector of
 * the RC / RS / StatefulSet that controls it. undefined when empty (no default spreading).
 */
export function defaultSelector(pod: Pod, s: Snapshot): LabelMatcher | undefined {
  return defaultSelectorWithKey(pod, s)?.selector;
}

/** defaultSelector and a canonical key of what it selects. */
function defaultSelectorWithKey(pod: Pod, s: Snapshot): { selector: LabelMatcher; key: string } | undefined {
  const ns = pod.metadata.namespace ?? "default";
  const labels = pod.metadata.labels ?? {};
  const set: Record<string, string> = {};
  for (const svc of s.objects.services.get(ns) ?? []) {
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel) continue;
    if (selectorFromSet(sel)(labels)) Object.assign(set, sel);
  }
  const parts: LabelMatcher[] = [];
  const keys: unknown[] = [];
  let empty = Object.keys(set).length === 0;
  if (!empty) {
    parts.push(selectorFromSet(set));
    keys.push(["set", sortedEntries(set)]);
  }
  const owner = controllerOf(pod);
  if (owner) {
    const group = owner.apiVersion.includes("/") ? owner.apiVersion.split("/")[0] : "";
    const obj = s.objects.byKey.get(`${owner.kind}/${ns}/${owner.name}`);
    if (obj && owner.kind === "ReplicationController" && group === "") {
      const sel = (obj.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
      const merged = { ...set, ...sel };
      parts.length = 0;
      keys.length = 0;
      if (Object.keys(merged).length > 0) {
        parts.push(selectorFromSet(merged));
        keys.push(["set", sortedEntries(merged)]);
      }
      empty = Object.keys(merged).length === 0;
    } else if (obj && (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet") && group === "apps") {
      const sel = (obj.spec as { selector?: LabelSelector } | undefined)?.selector;
      if (sel && (Object.keys(sel.matchLabels ?? {}).length > 0 || (sel.matchExpressions ?? []).length > 0)) {
        parts.push(compileLabelSelector(sel));
        keys.push(["selector", labelSelectorKey(sel)]);
        empty = false;
      }
    }
  }
  if (empty || parts.length === 0) return undefined;
  return { selector: (l) => parts.every((p) => p(l)), key: `default:${JSON.stringify(keys)}` };
}

function sortedEntries(set: Record<string, string>): [string, string][] {
  return Object.entries(set).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The constraints for one action: the pod's own, else the defaults (with the default selector). */
export function constraintsFor(
  pi: PodInfo,
  s: Snapshot,
  args: PodTopologySpreadArgs,
  action: "DoNotSchedule" | "ScheduleAnyway",
): Constraint[] {
  const own = pi.pod.spec.topologySpreadConstraints ?? [];
  if (own.length > 0) return filterConstraints(own, pi.labels, action);
  const defaults = args.defaultingType === "List" ? (args.defaultConstraints ?? []) : SYSTEM_DEFAULT_CONSTRAINTS;
  if (!defaults.some((c) => c.whenUnsatisfiable === action)) return [];
  const sel = defaultSelectorWithKey(pi.pod, s);
  if (!sel) return [];
  return filterConstraints(defaults, pi.labels, action, sel.selector, sel.key);
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
export function nodeHasAllKeys(labels: Labels, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/** topologySpreadConstraint.matchNodeInclusionPolicies. */
export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, ni: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !requiredNodeAffinity(pod)(ni)) {
    return false;
  }
  if (c.nodeTaintsPolicy === "Honor" && firstUntoleratedTaint(ni.node.spec?.taints, pod.spec.tolerations)) {
    return false;
  }
  return true;
}

/**
 * matchNodeInclusionPolicies for one constraint and pod as a predicate on (node index, node), with the
 * pod's node affinity looked up once; undefined when every node is admitted (admitsEveryNode).
 */
export function nodeInclusionPredicate(
  c: Constraint,
  cs: CycleState,
): ((k: number, ni: NodeInfo) => boolean) | undefined {
  const pod = cs.pod;
  if (admitsEveryNode(c, pod)) return undefined;
  const honourAffinity = c.nodeAffinityPolicy === "Honor";
  // A nodeSelector alone is matched on the snapshot's label columns, anything else by the matcher.
  const columns = honourAffinity ? nodeSelectorOnColumns(cs) : undefined;
  const affinity = honourAffinity && !columns ? requiredNodeAffinity(pod) : undefined;
  const honourTaints = c.nodeTaintsPolicy === "Honor";
  const tolerations = pod.spec.tolerations;
  return (k, ni) =>
    (!columns || columnSelectorMatches(columns, k)) &&
    (!affinity || affinity(ni)) &&
    (!honourTaints || !firstUntoleratedTaint(ni.node.spec?.taints, tolerations));
}

/** Whether matchNodeInclusionPolicies admits every node for this pod (no node affinity to honour, taints ignored). */
export function admitsEveryNode(c: Constraint, pod: Pod): boolean {
  const honoursAffinity =
    c.nodeAffinityPolicy === "Honor" &&
    (pod.spec.nodeSelector !== undefined ||
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined);
  return !honoursAffinity && c.nodeTaintsPolicy !== "Honor";
}

export { countPodsMatchSelector };

/** The snapshot's memoised counts for this constraint's selector in `ns` (undefined: count directly). */
export function matchCountsOf(s: Snapshot, c: Constraint, ns: string): MatchCounts | undefined {
  if (!s.matchCounts || c.selectorKey === undefined) return undefined;
  return matchCountsFor(s.matchCounts, s.nodes, ns, c.selectorKey, c.selector);
}

/** countPodsMatchSelector on one node, from the memoised counts when there are some. */
export function podsMatching(mc: MatchCounts | undefined, ni: NodeInfo, c: Constraint, ns: string): number {
  if (mc) return mc.perNode[ni.index]!;
  return ni.pods.size === 0 ? 0 : countPodsMatchSelector(ni, c.selector, ns);
}
