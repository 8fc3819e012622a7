/**
 * Pod predicates the workload controllers share, each mirroring upstream:
 * pkg/api/v1/pod/util.go (IsPodReady, IsPodAvailable) and pkg/controller/controller_utils.go (IsPodActive).
 */
import type { Pod } from "../../model/k8s.js";
import { msOfTimestamp } from "./time.js";

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  const c = pod.status?.conditions?.find((x) => x.type === "Ready");
  return c?.status === "True";
}

/** Virtual ms at which the pod last became Ready (Ready condition lastTransitionTime), if Ready. */
export function readySince(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === "Ready");
  if (c?.status !== "True") return undefined;
  return msOfTimestamp(c.lastTransitionTime) ?? 0;
}

/**
 * podutil.IsPodAvailable: Ready, and Ready for more than minReadySeconds (upstream compares
 * `lastTransitionTime + minReadySeconds` strictly Before now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const since = readySince(pod);
  if (since === undefined) return false;
  if (minReadySeconds <= 0) return true;
  return since + minReadySeconds * 1000 < now;
}

/** The virtual ms at which a Ready pod becomes available (for a wake-up timer), or undefined. */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const since = readySince(pod);
  if (since === undefined || minReadySeconds <= 0) return undefined;
  return since + minReadySeconds * 1000 + 1;
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** Whether the pod is terminating (metadata.deletionTimestamp is set). */
export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** The pod's phase, "Pending" when the status has none yet. */
export function phaseOf(pod: Pod): string {
  return pod.status?.phase ?? "Pending";
}

/** Largest restartCount over the pod's containers (controller_utils.go maxContainerRestarts). */
export function maxContainerRestarts(pod: Pod): number {
  let m = 0;
  for (const c of pod.status?.containerStatuses ?? []) m = Math.max(m, c.restartCount);
  return m;
}

/** Sum of restartCount over init and app containers (job_controller.go pastBackoffLimitOnFailure). */
export function totalRestarts(pod: Pod): number {
  let n = 0;
  for (const c of pod.status?.initContainerStatuses ?? []) n += c.restartCount;
  for (const c of pod.status?.containerStatuses ?? []) n += c.restartCount;
  return n;
}
