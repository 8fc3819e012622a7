/**
 * A direct transcription of upstream's processReplica / processCondemned control flow
 * (pkg/controller/statefulset/stateful_set_control.go), used only as the test oracle for the rule set
 * spec/kubernetes/statefulset.yaml (decisions.test.ts compares them over every fact combination).
 */

/** Facts about one in-range replica slot. */
export interface ReplicaFacts {
  /** The pod exists (isCreated). */
  readonly created: boolean;
  /** Pod phase ("" when not created). */
  readonly phase: string;
  readonly terminating: boolean;
  /** isRunningAndReady. */
  readonly runningAndReady: boolean;
  /** isRunningAndAvailable(minReadySeconds). */
  readonly available: boolean;
  /** podManagementPolicy != Parallel. */
  readonly monotonic: boolean;
}

export type ReplicaAction =
  | "delete-terminal"
  | "wait-terminal-deletion"
  | "create"
  | "wait-terminating"
  | "wait-running-ready"
  | "wait-available"
  | "continue";

export interface Decision<A> {
  readonly ruleId: string;
  readonly action: A;
  /** processReplica/processCondemned's shouldExit: later pods are not processed this sync (monotonic). */
  readonly exit: boolean;
}

/** processReplica: what to do with replica slot i, and whether the sync stops here. */
export function decideReplica(f: ReplicaFacts): Decision<ReplicaAction> {
  if (f.created && (f.phase === "Failed" || f.phase === "Succeeded")) {
    return f.terminating
      ? { ruleId: "statefulset/wait-terminal-pod-removal", action: "wait-terminal-deletion", exit: true }
      : { ruleId: "statefulset/recreate-terminal-pod", action: "delete-terminal", exit: true };
  }
  if (!f.created)
    return f.monotonic
      ? { ruleId: "statefulset/create-replica", action: "create", exit: true }
      : { ruleId: "statefulset/create-replica-burst", action: "create", exit: false };
  if (f.monotonic && f.terminating)
    return { ruleId: "statefulset/wait-terminating", action: "wait-terminating", exit: true };
  if (f.monotonic && !f.runningAndReady)
    return { ruleId: "statefulset/wait-running-ready", action: "wait-running-ready", exit: true };
  if (f.monotonic && !f.available)
    return { ruleId: "statefulset/wait-available", action: "wait-available", exit: true };
  return { ruleId: "statefulset/replica-healthy", action: "continue", exit: false };
}

/** Facts about one condemned pod (ordinal outside [start, end]). */
export interface CondemnedFacts {
  readonly terminating: boolean;
  readonly runningAndReady: boolean;
  readonly available: boolean;
  /** This pod is the set's first unhealthy pod (which may be deleted even though unhealthy). */
  readonly firstUnhealthy: boolean;
  readonly monotonic: boolean;
}

export type CondemnedAction = "wait-terminating" | "skip-terminating" | "block-unhealthy" | "delete";

/** processCondemned: delete, wait, or block on condemned pod i. */
export function decideCondemned(f: CondemnedFacts): Decision<CondemnedAction> {
  if (f.terminating) {
    return f.monotonic
      ? { ruleId: "statefulset/scale-down-wait-terminating", action: "wait-terminating", exit: true }
      : { ruleId: "statefulset/scale-down-parallel-terminating", action: "skip-terminating", exit: false };
  }
  if (f.monotonic && !f.firstUnhealthy && (!f.runningAndReady || !f.available)) {
    return { ruleId: "statefulset/scale-down-blocked-unhealthy", action: "block-unhealthy", exit: true };
  }
  return { ruleId: "statefulset/scale-down-delete", action: "delete", exit: true };
}
