/**
 * Scaling a Deployment whose replica count changed (pkg/controller/deployment/sync.go isScalingEvent,
 * scale; util GetProportion, getReplicaSetFraction, FindActiveOrLatest, IsSaturated): a single active
 * ReplicaSet takes the whole count; otherwise, during a rolling update, the change is spread over the
 * active ReplicaSets in proportion to their sizes.
 */
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../../model/state.js";
import type { DeploymentSpec } from "../defaults.js";
import {
  byCreation,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  maxSurge,
  scaleReplicaSet,
  specReplicas,
  statusOf,
  sumSpec,
} from "./util.js";

/** isScalingEvent: some active ReplicaSet was sized for a different desired count. */
export function isScalingEvent(d: DeploymentSpec, rss: readonly KubeObject[]): boolean {
  for (const rs of rss) {
    if (specReplicas(rs) <= 0) continue;
    const v = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
    if (v !== undefined && /^\d+$/.test(v) && Number(v) !== d.replicas) return true;
  }
  return false;
}

/** math.Round (half away from zero), as integer.RoundToInt32. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function fraction(rs: KubeObject, d: DeploymentSpec, statusReplicas: number): number {
  if (d.replicas === 0) return -specReplicas(rs);
  const maxNow = d.replicas + maxSurge(d);
  const ann = rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION];
  let before = ann !== undefined && /^\d+$/.test(ann) ? Number(ann) : 0;
  if (before === 0) before = statusReplicas;
  if (before === 0) return 0;
  return roundHalfAway((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
}

function proportion(rs: KubeObject, d: DeploymentSpec, toAdd: number, added: number, statusReplicas: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(rs, d, statusReplicas);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

/** scale(): returns the new state; `rss` are every ReplicaSet of the Deployment (newRS included). */
export function scaleDeployment(
  state: ClusterState,
  d: DeploymentSpec,
  statusReplicas: number,
  newRS: KubeObject | undefined,
  oldRSs: readonly KubeObject[],
  trace: TraceRecorder,
): ClusterState {
  const all = newRS ? [...oldRSs, newRS] : [...oldRSs];
  const active = all.filter((rs) => specReplicas(rs) > 0);
  // FindActiveOrLatest
  let target: KubeObject | undefined;
  if (active.length === 1) target = active[0];
  else if (active.length === 0 && all.length > 0) target = newRS ?? [...oldRSs].sort(byCreation).reverse()[0];
  if (target) {
    return specReplicas(target) === d.replicas
      ? state
      : scaleReplicaSet(state, target, d.replicas, d, trace, "deployment/scale-single-replicaset").state;
  }
  // IsSaturated(newRS): old ReplicaSets go to zero
  if (
    newRS &&
    specReplicas(newRS) === d.replicas &&
    newRS.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] === String(d.replicas) &&
    (statusOf(newRS).availableReplicas ?? 0) === d.replicas
  ) {
    for (const old of oldRSs.filter((rs) => specReplicas(rs) > 0))
      state = scaleReplicaSet(state, old, 0, d, trace, "deployment/scale-down-old-saturated").state;
    return state;
  }
  if (d.strategy.type !== "RollingUpdate") return state;
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(active);
  const sorted = [...active].sort((a, b) => {
    const sa = specReplicas(a);
    const sb = specReplicas(b);
    if (sa !== sb) return sb - sa;
    // equal sizes: newer first when scaling up, older first when scaling down
    return toAdd > 0 ? byCreation(b, a) : byCreation(a, b);
  });
  const sizes = new Map<KubeObject, number>();
  let added = 0;
  for (const rs of sorted) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added, statusReplicas);
      sizes.set(rs, specReplicas(rs) + p);
      added += p;
    } else sizes.set(rs, specReplicas(rs));
  }
  sorted.forEach((rs, i) => {
    let size = sizes.get(rs) ?? 0;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    state = scaleReplicaSet(state, rs, size, d, trace, "deployment/scale-proportionally").state;
  });
  return state;
}
