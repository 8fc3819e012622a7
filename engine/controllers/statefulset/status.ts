/**
 * StatefulSet status (stateful_set_control.go computeReplicaStatus, completeRollingUpdate).
 */
import type { Pod } from "../../model/k8s.js";
import { isPodAvailable, isPodReady, isTerminating } from "../common/pods.js";
import { REVISION_LABEL } from "./identity.js";

export interface StatefulSetStatus {
  readonly observedGeneration?: number;
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly currentReplicas: number;
  readonly updatedReplicas: number;
  readonly availableReplicas: number;
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly collisionCount: number;
}

/** isRunningAndReady: phase Running and the Ready condition True. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === "Running" && isPodReady(pod);
}

/** isHealthy: running, ready and not terminating. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** isRunningAndAvailable: running and available for minReadySeconds. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return pod.status?.phase === "Running" && isPodAvailable(pod, minReadySeconds, now);
}

/** isUnavailable: not running-and-available, or terminating. */
export function isUnavailable(pod: Pod | undefined, minReadySeconds: number, now: number): boolean {
  return !pod || !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}

/** The revision a pod was created from (its controller-revision-hash label). */
export function podRevision(pod: Pod): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}

/** computeReplicaStatus + completeRollingUpdate over the set's pods. */
export function computeStatus(
  pods: readonly Pod[],
  minReadySeconds: number,
  now: number,
  currentRevision: string,
  updateRevision: string,
  rollingUpdate: boolean,
  generation: number | undefined,
): StatefulSetStatus {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const pod of pods) {
    replicas++;
    if (isRunningAndReady(pod)) {
      ready++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) available++;
    }
    if (!isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === currentRevision) current++;
      if (rev === updateRevision) updated++;
    }
  }
  let status: StatefulSetStatus = {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    replicas,
    readyReplicas: ready,
    currentReplicas: current,
    updatedReplicas: updated,
    availableReplicas: available,
    currentRevision,
    updateRevision,
    collisionCount: 0,
  };
  if (rollingUpdate && updated === replicas && ready === replicas) {
    status = { ...status, currentReplicas: updated, currentRevision: updateRevision };
  }
  return status;
}
