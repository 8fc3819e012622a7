/**
 * PodTopologySpread shared pieces (pkg/scheduler/framework/plugins/podtopologyspread/common.go, plugin.go):
 * constraint selection by whenUnsatisfiable, matchLabelKeys merging, node inclusion policies,
 * system default constraints and the default selector of Services / RCs / RSs / StatefulSets
 * (helper/spread.go DefaultSelector).
 */
import type { LabelSelector, Pod, TopologySpreadConstraint } from "../../model/k8s.js";
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
import { requiredNodeAffinity } from "./node-affinity.js";

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
}

/** filterTopologySpreadConstraints: those with the given action; matchLabelKeys merged into the selector. */
export function filterConstraints(
  cs: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: "DoNotSchedule" | "ScheduleAnyway",
  selectorOverride?: LabelMatcher,
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of cs) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorOverride ?? (c.labelSelector ? compileLabelSelector(c.labelSelector) : MATCH_NOTHING);
    const extra = (c.matchLabelKeys ?? []).filter((k) => Object.hasOwn(podLabels, k));
    if (extra.length > 0 && !selectorOverride) {
      const base = selector;
      selector = (l) => base(l) && extra.every((k) => l?.[k] === podLabels[k]);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
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
  const ns = pod.metadata.namespace ?? "default";
  const labels = pod.metadata.labels ?? {};
  const set: Record<string, string> = {};
  for (const svc of s.objects.services.get(ns) ?? []) {
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel) continue;
    if (selectorFromSet(sel)(labels)) Object.assign(set, sel);
  }
  const parts: LabelMatcher[] = [];
  let empty = Object.keys(set).length === 0;
  if (!empty) parts.push(selectorFromSet(set));
  const owner = controllerOf(pod);
  if (owner) {
    const group = owner.apiVersion.includes("/") ? owner.apiVersion.split("/")[0] : "";
    const obj = s.objects.byKey.get(`${owner.kind}/${ns}/${owner.name}`);
    if (obj && owner.kind === "ReplicationController" && group === "") {
      const sel = (obj.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
      const merged = { ...set, ...sel };
      parts.length = 0;
      if (Object.keys(merged).length > 0) parts.push(selectorFromSet(merged));
      empty = Object.keys(merged).length === 0;
    } else if (obj && (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet") && group === "apps") {
      const sel = (obj.spec as { selector?: LabelSelector } | undefined)?.selector;
      if (sel && (Object.keys(sel.matchLabels ?? {}).length > 0 || (sel.matchExpressions ?? []).length > 0)) {
        parts.push(compileLabelSelector(sel));
        empty = false;
      }
    }
  }
  if (empty || parts.length === 0) return undefined;
  return (l) => parts.every((p) => p(l));
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
  const sel = defaultSelector(pi.pod, s);
  if (!sel) return [];
  return filterConstraints(defaults, pi.labels, action, sel);
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

/** Whether matchNodeInclusionPolicies admits every node for this pod (no node affinity to honour, taints ignored). */
export function admitsEveryNode(c: Constraint, pod: Pod): boolean {
  const honoursAffinity =
    c.nodeAffinityPolicy === "Honor" &&
    (pod.spec.nodeSelector !== undefined ||
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined);
  return !honoursAffinity && c.nodeTaintsPolicy !== "Honor";
}

/** countPodsMatchSelector: same namespace, not terminating, selector matches. */
export function countPodsMatchSelector(ni: NodeInfo, selector: LabelMatcher, ns: string): number {
  let n = 0;
  for (const p of ni.pods.values()) {
    if (p.terminating || p.namespace !== ns) continue;
    if (selector(p.labels)) n++;
  }
  return n;
}
