/**
 * What DefaultPreemption's PostFilter would say (pkg/scheduler/framework/preemption/preemption.go
 * Evaluator.Preempt, findCandidates, nodesWherePreemptionMightHelp; plugins/defaultpreemption
 * default_preemption.go PodEligibleToPreemptOthers, SelectVictimsOnNode). kubespec does not evict
 * victims yet: it decides whether preemption could help (and on which nodes) and, when it could not,
 * writes upstream's "preemption: ..." message.
 */
import type { Pod } from "../model/k8s.js";
import { fitErrorMessage } from "./fit-error.js";
import { type CycleState, newCycleState, newStatus, type Status } from "./framework.js";
import { podInfo } from "./pod-info.js";
import type { Profile } from "./profile.js";
import { addPod, type NodeInfo, removePod, type Snapshot } from "./snapshot.js";

export const REASON_NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const REASON_NO_VICTIMS = "No preemption victims found for incoming pod";
export const REASON_POLICY_NEVER = "not eligible due to preemptionPolicy=Never.";

export interface PreemptionOutcome {
  /** Nodes where evicting lower-priority pods would let the pod fit (candidates). */
  readonly candidates: readonly { readonly node: string; readonly victims: readonly string[] }[];
  /** The PostFilter message upstream adds when there is no candidate ("" when candidates exist). */
  readonly message: string;
}

/** Run PreFilter then the Filter plugins on one node (RunFilterPluginsWithNominatedPods, no nominated pods). */
function fitsOn(profile: Profile, snapshot: Snapshot, pod: Pod, ni: NodeInfo): Status | undefined {
  const cs: CycleState = newCycleState(pod, podInfo(pod), snapshot);
  const skipped = new Set<string>();
  for (const p of profile.preFilter) {
    const r = p.preFilter!(cs);
    if (r.status.code === "Skip") skipped.add(p.name);
    else if (r.status.code !== "Success") return r.status;
  }
  for (const p of profile.filter) {
    if (skipped.has(p.name) || !p.filter) continue;
    const s = p.filter(cs, ni);
    if (s.code !== "Success") return s;
  }
  return undefined;
}

/**
 * Evaluate preemption for a pod no node fits. `statuses` is the filter status per rejected node
 * (absent nodes count as UnschedulableAndUnresolvable).
 */
export function evaluatePreemption(
  profile: Profile,
  snapshot: Snapshot,
  pod: Pod,
  statuses: ReadonlyMap<string, Status>,
): PreemptionOutcome {
  if ((pod.spec as { preemptionPolicy?: string }).preemptionPolicy === "Never") {
    return { candidates: [], message: REASON_POLICY_NEVER };
  }
  const priority = pod.spec.priority ?? 0;
  const nodeStatuses: Status[] = [];
  const unresolvable = newStatus("UnschedulableAndUnresolvable", REASON_NOT_HELPFUL);
  const candidates: { node: string; victims: string[] }[] = [];
  for (const ni of snapshot.nodes) {
    const st = statuses.get(ni.name);
    if (!st || st.code === "UnschedulableAndUnresolvable") {
      nodeStatuses.push(unresolvable);
      continue;
    }
    const victims = [...ni.pods.values()].filter((p) => p.priority < priority);
    if (victims.length === 0) {
      nodeStatuses.push(newStatus("UnschedulableAndUnresolvable", REASON_NO_VICTIMS));
      continue;
    }
    for (const v of victims) removePod(snapshot, v.key, ni.name);
    const fail = fitsOn(profile, snapshot, pod, ni);
    for (const v of victims) addPod(snapshot, v.pod, ni.name);
    if (fail) nodeStatuses.push(fail);
    else candidates.push({ node: ni.name, victims: victims.map((v) => v.key) });
  }
  if (candidates.length > 0) return { candidates, message: "" };
  return {
    candidates,
    message: `preemption: ${fitErrorMessage(snapshot.nodes.length, { nodeStatuses })}`,
  };
}
