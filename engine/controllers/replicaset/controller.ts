/**
 * The ReplicaSet and ReplicationController controllers (pkg/controller/replicaset/replica_set.go
 * syncReplicaSet, manageReplicas, calculateStatus; the ReplicationController controller is the same
 * code behind an adapter). Active pods (not terminal, not terminating) are counted against
 * spec.replicas: missing ones are created at once (up to burstReplicas = 500 per sync), extra ones are
 * deleted in ActivePodsWithRanks order. A terminating pod no longer counts, so a pod on a lost node
 * is replaced as soon as it is marked for deletion — unlike a StatefulSet's.
 * Simplification: pods are matched by controller ownerReference (no adoption of orphans).
 */
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../../model/state.js";
import { nameSuffix } from "../common/hash.js";
import { NONE, objectsOfKind, podsByController } from "../common/index.js";
import { NoopMemo } from "../common/memo.js";
import { availableAt, isPodActive, isPodAvailable, isPodReady } from "../common/pods.js";
import { controllerUidOf, createPod, deletePod, podKey, storeKeyOf, updateStatus } from "../common/state-ops.js";
import { clearWakeup, privateInputsOf, wakeAt } from "../common/timers.js";
import { ensureUid } from "../common/uid.js";
import { replicaSetDefaults } from "../defaults.js";
import { podsToDelete } from "./deletion-order.js";

/** replica_set.go BurstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/** A unique generated pod name "<owner>-<5 chars>" (generateName). */
export function generatePodName(state: ClusterState, ns: string, base: string): string {
  for (let i = 1; ; i++) {
    const name = `${base}-${nameSuffix(state.seq + i)}`;
    if (!state.pods.has(podKey(ns, name))) return name;
  }
}

function makeReconcile(kind: "ReplicaSet" | "ReplicationController", owner: string) {
  const rulePrefix = kind === "ReplicaSet" ? "replicaset" : "replicationcontroller";
  const memo = new NoopMemo();
  return function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
    const sets = objectsOfKind(state, kind);
    if (sets.length === 0) return state;
    const index = podsByController(state);
    // Pods of the sibling ReplicaSets of the same Deployment, for the "doubled up" rank.
    const siblings = new Map<string, string[]>();
    for (const rs of sets) {
      const o = controllerUidOf(rs);
      const u = rs.metadata.uid;
      if (!o || !u) continue;
      const l = siblings.get(o);
      if (l) l.push(u);
      else siblings.set(o, [u]);
    }
    for (const original of sets) {
      const e = ensureUid(state, original, trace);
      state = e.state;
      const rs = e.obj;
      const uid = rs.metadata.uid ?? "";
      const ownerUid = controllerUidOf(rs);
      const related: Pod[] = [];
      for (const s of ownerUid ? (siblings.get(ownerUid) ?? [uid]) : [uid]) related.push(...(index.get(s) ?? []));
      const owned = index.get(uid) ?? NONE;
      const inputs = [state.time, state.kubernetesVersion, ...privateInputsOf(state, owner, storeKeyOf(rs)), owned];
      if (memo.isNoop(rs, inputs)) continue;
      const before = state;
      state = syncOne(state, rs, owned, related, trace, rulePrefix, owner);
      if (state === before) memo.remember(rs, inputs);
    }
    return state;
  };
}

function syncOne(
  state: ClusterState,
  rs: KubeObject,
  owned: readonly Pod[],
  related: readonly Pod[],
  trace: TraceRecorder,
  rulePrefix: string,
  owner: string,
): ClusterState {
  const spec = replicaSetDefaults(rs.spec, state.kubernetesVersion);
  if (!Number.isInteger(spec.replicas) || spec.replicas < 0) return state;
  const ns = rs.metadata.namespace ?? "default";
  const name = rs.metadata.name ?? "";
  const active = owned.filter(isPodActive);
  const diff = active.length - spec.replicas;
  const created: string[] = [];
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    for (let i = 0; i < n; i++) {
      const podName = generatePodName(state, ns, name);
      created.push(podName);
      state = createPod(
        state,
        spec.template,
        { name: podName, namespace: ns, owner: rs },
        trace,
        `${rulePrefix}/create-missing`,
      );
    }
  } else if (diff > 0) {
    const victims = podsToDelete(active, related, Math.min(diff, BURST_REPLICAS), state.time);
    for (const p of victims)
      state = deletePod(state, podKey(ns, p.metadata.name ?? ""), trace, `${rulePrefix}/delete-extra`);
  }
  // calculateStatus over the pods as they are now
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let wake: number | undefined;
  const current: Pod[] = [];
  for (const n of [...owned.map((p) => p.metadata.name ?? ""), ...created]) {
    const now = state.pods.get(podKey(ns, n));
    if (now) current.push(now);
  }
  for (const p of current) {
    if (!isPodActive(p)) continue;
    replicas++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, spec.minReadySeconds, state.time)) available++;
      else {
        const at = availableAt(p, spec.minReadySeconds);
        if (at !== undefined && (wake === undefined || at < wake)) wake = at;
      }
    }
  }
  const key = storeKeyOf(rs);
  if (wake !== undefined) state = wakeAt(state, owner, key, wake);
  const prev = (rs.status ?? {}) as Record<string, unknown>;
  const status: Record<string, unknown> = {
    ...prev,
    replicas,
    fullyLabeledReplicas: replicas,
    readyReplicas: ready,
    availableReplicas: available,
  };
  if (rs.metadata.generation !== undefined) status.observedGeneration = rs.metadata.generation;
  return updateStatus(state, key, status, trace);
}

function makeController(kind: "ReplicaSet" | "ReplicationController", name: string): Controller {
  const reconcile = makeReconcile(kind, name);
  return {
    name,
    reconcile,
    onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder) {
      return reconcile(clearWakeup(state, name, timer), trace);
    },
  };
}

/** The ReplicaSet controller. */
export const replicaSetController: Controller = makeController("ReplicaSet", "replicaset");
/** The ReplicationController controller (same algorithm, core/v1 kind). */
export const replicationControllerController: Controller = makeController(
  "ReplicationController",
  "replicationcontroller",
);
