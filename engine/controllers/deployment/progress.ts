/**
 * Deployment status and the Progressing/Available conditions (pkg/controller/deployment/sync.go
 * calculateStatus, progress.go syncRolloutStatus / requeueStuckDeployment, util DeploymentComplete,
 * DeploymentProgressing, DeploymentTimedOut, SetDeploymentCondition).
 */
import type { KubeObject } from "../../model/k8s.js";
import { msOfTimestamp, timestampAt } from "../common/time.js";
import type { DeploymentSpec } from "../defaults.js";
import { maxUnavailable, sumActual, sumAvailable, sumReady, sumSpec } from "./util.js";

export interface DeploymentCondition {
  readonly type: string;
  readonly status: "True" | "False" | "Unknown";
  readonly reason: string;
  readonly message: string;
  readonly lastUpdateTime: string;
  readonly lastTransitionTime: string;
}

export interface DeploymentStatus {
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly updatedReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly unavailableReplicas?: number;
  readonly conditions?: readonly DeploymentCondition[];
}

export const NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
export const RS_UPDATED = "ReplicaSetUpdated";
export const TIMED_OUT = "ProgressDeadlineExceeded";
export const NEW_RS_CREATED = "NewReplicaSetCreated";
export const FOUND_NEW_RS = "FoundNewReplicaSet";

/** GetDeploymentCondition. */
export function conditionOf(s: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return s.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime when status is. */
export function setCondition(
  s: DeploymentStatus,
  type: string,
  status: "True" | "False",
  reason: string,
  message: string,
  now: number,
): DeploymentStatus {
  const cur = conditionOf(s, type);
  if (cur && cur.status === status && cur.reason === reason) return s;
  const ts = timestampAt(now);
  const c: DeploymentCondition = {
    type,
    status,
    reason,
    message,
    lastUpdateTime: ts,
    lastTransitionTime: cur && cur.status === status ? cur.lastTransitionTime : ts,
  };
  return { ...s, conditions: [...(s.conditions ?? []).filter((x) => x.type !== type), c] };
}

function removeCondition(s: DeploymentStatus, type: string): DeploymentStatus {
  return { ...s, conditions: (s.conditions ?? []).filter((x) => x.type !== type) };
}

/** calculateStatus: counts over the ReplicaSets and the Available condition. */
export function calculateStatus(
  d: DeploymentSpec,
  generation: number,
  all: readonly KubeObject[],
  newRS: KubeObject | undefined,
  base: DeploymentStatus,
  now: number,
): DeploymentStatus {
  const available = sumAvailable(all);
  let s: DeploymentStatus = {
    observedGeneration: generation,
    replicas: sumActual(all),
    updatedReplicas: newRS ? sumActual([newRS]) : 0,
    readyReplicas: sumReady(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpec(all) - available),
    conditions: base.conditions ?? [],
  };
  s =
    available >= d.replicas - maxUnavailable(d)
      ? setCondition(s, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
      : setCondition(
          s,
          "Available",
          "False",
          "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.",
          now,
        );
  return s;
}

/** DeploymentComplete. */
export function deploymentComplete(d: DeploymentSpec, generation: number, s: DeploymentStatus): boolean {
  return (
    s.updatedReplicas === d.replicas &&
    s.replicas === d.replicas &&
    s.availableReplicas === d.replicas &&
    (s.observedGeneration ?? 0) >= generation
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas than before. */
export function deploymentProgressing(old: DeploymentStatus, s: DeploymentStatus): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition's lastUpdateTime + deadline is before now. */
function deploymentTimedOut(d: DeploymentSpec, s: DeploymentStatus, now: number): boolean {
  const c = conditionOf(s, "Progressing");
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE) return false;
  if (c.reason === TIMED_OUT) return true;
  const from = msOfTimestamp(c.lastUpdateTime) ?? 0;
  return from + d.progressDeadlineSeconds * 1000 < now;
}

/**
 * syncRolloutStatus: the new status (with Progressing updated), the rule that decided it, and when to
 * re-check the progress deadline (requeueStuckDeployment adds a second), if needed.
 */
export function rolloutStatus(
  d: DeploymentSpec,
  generation: number,
  name: string,
  all: readonly KubeObject[],
  newRS: KubeObject | undefined,
  base: DeploymentStatus,
  now: number,
): { status: DeploymentStatus; rule?: string; recheckAt?: number } {
  let s = calculateStatus(d, generation, all, newRS, base, now);
  const hasDeadline = d.progressDeadlineSeconds !== 2147483647;
  if (!hasDeadline) s = removeCondition(s, "Progressing");
  const cur = conditionOf(base, "Progressing");
  const complete = s.replicas === s.updatedReplicas && cur?.reason === NEW_RS_AVAILABLE;
  const who = newRS ? `ReplicaSet "${newRS.metadata.name ?? ""}"` : `Deployment "${name}"`;
  let rule: string | undefined;
  if (hasDeadline && !complete) {
    if (deploymentComplete(d, generation, s)) {
      s = setCondition(s, "Progressing", "True", NEW_RS_AVAILABLE, `${who} has successfully progressed.`, now);
      rule = "deployment/rollout-complete";
    } else if (deploymentProgressing(base, s)) {
      const ts = timestampAt(now);
      const c: DeploymentCondition = {
        type: "Progressing",
        status: "True",
        reason: RS_UPDATED,
        message: `${who} is progressing.`,
        lastUpdateTime: ts,
        lastTransitionTime: cur?.status === "True" ? cur.lastTransitionTime : ts,
      };
      s = { ...s, conditions: [...(s.conditions ?? []).filter((x) => x.type !== "Progressing"), c] };
      rule = "deployment/rollout-progressing";
    } else if (deploymentTimedOut(d, s, now)) {
      s = setCondition(s, "Progressing", "False", TIMED_OUT, `${who} has timed out progressing.`, now);
      rule = "deployment/progress-deadline-exceeded";
    }
  }
  const pc = conditionOf(s, "Progressing");
  let recheckAt: number | undefined;
  if (hasDeadline && pc && pc.reason !== TIMED_OUT && !deploymentComplete(d, generation, s)) {
    recheckAt = (msOfTimestamp(pc.lastUpdateTime) ?? 0) + d.progressDeadlineSeconds * 1000 + 1000;
  }
  return { status: s, ...(rule ? { rule } : {}), ...(recheckAt !== undefined ? { recheckAt } : {}) };
}
