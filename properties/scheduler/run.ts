/**
 * Drives the pure scheduling cycle over generated clusters for the properties: pods in PrioritySort
 * order, one cycle each, binds applied to the snapshot, and for every pod an independent account of
 * which nodes were feasible just before its cycle.
 */
import type { Node, Pod } from "../../engine/model/k8s.js";
import { type CycleResult, prioritize, runFilters, runPreFilter, scheduleOne } from "../../engine/scheduler/cycle.js";
import { newCycleState } from "../../engine/scheduler/framework.js";
import { podInfo } from "../../engine/scheduler/pod-info.js";
import type { Profile } from "../../engine/scheduler/profile.js";
import { addPod, buildSnapshot, type Snapshot } from "../../engine/scheduler/snapshot.js";

export interface PodOutcome {
  readonly pod: Pod;
  readonly result: CycleResult;
  /** Nodes that passed PreFilter narrowing and every Filter just before this pod's cycle. */
  readonly feasibleBefore: readonly string[];
  /** The argmax of the totals over every feasible node (undefined when none is feasible). */
  readonly argmaxAll?: readonly string[];
  /** A failing filter on the chosen node at bind time (must never exist). */
  readonly failOnChosen?: { plugin: string; reasons: readonly string[] };
  /** Reasons any node gave, for coverage. */
  readonly reasons: readonly string[];
}

export interface ScheduleRun {
  readonly outcomes: readonly PodOutcome[];
  readonly snapshot: Snapshot;
}

function feasibleNodes(profile: Profile, snapshot: Snapshot, pod: Pod): { names: string[]; reasons: string[] } {
  const cs = newCycleState(pod, podInfo(pod), snapshot);
  const pre = runPreFilter(profile, cs);
  if (pre.rejected) return { names: [], reasons: [...pre.rejected.status.reasons] };
  const names: string[] = [];
  const reasons: string[] = [];
  for (const ni of snapshot.nodes) {
    if (pre.nodeNames && !pre.nodeNames.has(ni.name)) continue;
    const fail = runFilters(profile.filter, cs, ni, pre.skipped);
    if (fail) reasons.push(...fail.status.reasons);
    else names.push(ni.name);
  }
  return { names, reasons };
}

/** Schedule `pods` (PrioritySort order) on `nodes` with a seed; the snapshot is private to the run. */
export function runSchedule(profile: Profile, nodes: readonly Node[], pods: readonly Pod[], seed: number): ScheduleRun {
  const snapshot = buildSnapshot(nodes, []);
  const ordered = [...pods].sort((a, b) => (b.spec.priority ?? 0) - (a.spec.priority ?? 0));
  let rng = seed >>> 0;
  let next = 0;
  const outcomes: PodOutcome[] = [];
  for (const pod of ordered) {
    const { names, reasons } = feasibleNodes(profile, snapshot, pod);
    let argmaxAll: string[] | undefined;
    if (names.length > 0) {
      const feasible = snapshot.nodes.filter((n) => names.includes(n.name));
      const { totals } = prioritize(profile, newCycleState(pod, podInfo(pod), snapshot), feasible);
      const best = Math.max(...totals);
      argmaxAll = feasible.filter((_, i) => totals[i] === best).map((n) => n.name);
    }
    const result = scheduleOne(snapshot, pod, profile, { nextStartNodeIndex: next, rng });
    rng = result.rng;
    next = result.nextStartNodeIndex;
    let failOnChosen: PodOutcome["failOnChosen"];
    if (result.kind === "scheduled") {
      const cs = newCycleState(pod, podInfo(pod), snapshot);
      const pre = runPreFilter(profile, cs);
      const ni = snapshot.byName.get(result.node)!;
      const fail = pre.rejected ?? runFilters(profile.filter, cs, ni, pre.skipped);
      if (fail) failOnChosen = { plugin: fail.plugin, reasons: fail.status.reasons };
      const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName: result.node } };
      addPod(snapshot, bound, result.node, podInfo(pod));
    }
    outcomes.push({
      pod,
      result,
      feasibleBefore: names,
      ...(argmaxAll ? { argmaxAll } : {}),
      ...(failOnChosen ? { failOnChosen } : {}),
      reasons,
    });
  }
  return { outcomes, snapshot };
}
