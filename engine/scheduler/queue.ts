/**
 * The scheduling queue's decisions (rule set scheduler-queue): which pods this scheduler takes, and
 * PrioritySort order (pkg/scheduler/framework/plugins/queuesort/priority_sort.go Less: higher
 * priority first, then earlier enqueue timestamp; kubespec breaks remaining ties by pod key).
 */
import type { Pod } from "../model/k8s.js";
import { schedulerRules } from "./rulesets.js";

export type QueueAction = "ignore" | "gated" | "wait" | "schedule";

export interface QueueDecision {
  readonly action: QueueAction;
  readonly ruleId: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The scheduler-queue rule that applies to a pod. */
export function queueDecision(
  pod: Pod,
  version: string,
  opts: { schedulerNames: ReadonlySet<string>; gatesEnabled: boolean; triedAtThisState: boolean },
): QueueDecision {
  const phase = pod.status?.phase;
  const fired = schedulerRules("scheduler-queue", version).first({
    assigned: !!pod.spec.nodeName,
    terminal: phase === "Succeeded" || phase === "Failed",
    terminating: pod.metadata.deletionTimestamp !== undefined,
    ourScheduler: opts.schedulerNames.has(pod.spec.schedulerName ?? "default-scheduler"),
    gated: (pod.spec.schedulingGates ?? []).length > 0,
    gatesPluginEnabled: opts.gatesEnabled,
    triedAtThisState: opts.triedAtThisState,
  });
  if (!fired) return { action: "ignore", ruleId: "scheduler-queue/assigned", params: {} };
  return { action: fired.params.action as QueueAction, ruleId: fired.ruleId, params: fired.params };
}

export interface QueuedPod {
  readonly key: string;
  readonly priority: number;
  /** Virtual time the pod entered the queue. */
  readonly enqueued: number;
}

/** PrioritySort.Less as a comparator. */
export function prioritySort(a: QueuedPod, b: QueuedPod): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.enqueued !== b.enqueued) return a.enqueued - b.enqueued;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
