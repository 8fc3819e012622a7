/**
 * Deployment helpers (pkg/controller/deployment/util/deployment_util.go): revisions, replica counts
 * over ReplicaSets, maxSurge/maxUnavailable, NewRSNewReplicas, and the template comparison.
 */
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../../model/state.js";
import { canonicalJson } from "../common/hash.js";
import { resolveFenceposts } from "../common/intstr.js";
import { replaceObject, storeKeyOf } from "../common/state-ops.js";
import { msOfTimestamp } from "../common/time.js";
import type { DeploymentSpec, PodTemplateSpec } from "../defaults.js";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
export const POD_TEMPLATE_HASH = "pod-template-hash";

interface RsSpec {
  readonly replicas?: number;
  readonly template?: PodTemplateSpec;
}
interface RsStatus {
  readonly replicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
}

/** rs.spec.replicas (0 when unset on an RS the Deployment created). */
export function specReplicas(rs: KubeObject): number {
  return (rs.spec as RsSpec | undefined)?.replicas ?? 0;
}
export function statusOf(rs: KubeObject): RsStatus {
  return (rs.status ?? {}) as RsStatus;
}
/** Revision number of a ReplicaSet (Revision()). */
export function revisionOf(rs: KubeObject): number {
  const v = Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? "0");
  return Number.isFinite(v) ? v : 0;
}
/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export function sumSpec(rss: readonly KubeObject[]): number {
  return rss.reduce((n, rs) => n + specReplicas(rs), 0);
}
/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function sumActual(rss: readonly KubeObject[]): number {
  return rss.reduce((n, rs) => n + (statusOf(rs).replicas ?? 0), 0);
}
/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export function sumAvailable(rss: readonly KubeObject[]): number {
  return rss.reduce((n, rs) => n + (statusOf(rs).availableReplicas ?? 0), 0);
}
/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
export function sumReady(rss: readonly KubeObject[]): number {
  return rss.reduce((n, rs) => n + (statusOf(rs).readyReplicas ?? 0), 0);
}

/** MaxSurge: 0 unless RollingUpdate; else the resolved surge. */
export function maxSurge(d: DeploymentSpec): number {
  if (d.strategy.type !== "RollingUpdate" || !d.strategy.rollingUpdate) return 0;
  return resolveFenceposts(d.strategy.rollingUpdate.maxSurge, d.strategy.rollingUpdate.maxUnavailable, d.replicas)
    .surge;
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas > 0; capped at replicas. */
export function maxUnavailable(d: DeploymentSpec): number {
  if (d.strategy.type !== "RollingUpdate" || !d.strategy.rollingUpdate || d.replicas === 0) return 0;
  const u = resolveFenceposts(
    d.strategy.rollingUpdate.maxSurge,
    d.strategy.rollingUpdate.maxUnavailable,
    d.replicas,
  ).unavailable;
  return Math.min(u, d.replicas);
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: DeploymentSpec, all: readonly KubeObject[], newRS: KubeObject): number {
  if (d.strategy.type !== "RollingUpdate") return d.replicas;
  const surge = maxSurge(d);
  const current = sumSpec(all);
  const maxTotal = d.replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, d.replicas - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** The template without the pod-template-hash label (EqualIgnoreHash compares these). */
export function templateWithoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...(t ?? {}), metadata: { ...(t?.metadata ?? {}), labels } };
}

/** EqualIgnoreHash. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const x = msOfTimestamp(a.metadata.creationTimestamp) ?? 0;
  const y = msOfTimestamp(b.metadata.creationTimestamp) ?? 0;
  if (x !== y) return x - y;
  return (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

/**
 * scaleReplicaSet: sets spec.replicas and the desired/max-replicas annotations
 * (SetReplicasAnnotations). Returns the updated ReplicaSet and state.
 */
export function scaleReplicaSet(
  state: ClusterState,
  rs: KubeObject,
  replicas: number,
  d: DeploymentSpec,
  trace: TraceRecorder,
  ruleId: string,
): { state: ClusterState; rs: KubeObject } {
  const desired = String(d.replicas);
  const max = String(d.replicas + maxSurge(d));
  const ann = rs.metadata.annotations ?? {};
  if (
    specReplicas(rs) === replicas &&
    ann[DESIRED_REPLICAS_ANNOTATION] === desired &&
    ann[MAX_REPLICAS_ANNOTATION] === max
  )
    return { state, rs };
  const next: KubeObject = {
    ...rs,
    metadata: {
      ...rs.metadata,
      annotations: { ...ann, [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max },
    },
    spec: { ...(rs.spec as object), replicas },
  };
  if (specReplicas(rs) !== replicas) {
    trace.rule(ruleId);
    if (trace.enabled) trace.change(storeKeyOf(rs), "spec.replicas", specReplicas(rs), replicas);
  }
  return { state: replaceObject(state, next), rs: next };
}
