/**
 * Background cascading deletion (pkg/controller/garbagecollector/garbagecollector.go attemptToDeleteItem):
 * an object whose ownerReferences all name objects that no longer exist is deleted. This is how a
 * deleted Deployment takes its ReplicaSets and their pods, a deleted Job its pods, and a StatefulSet's
 * PVC retention policy takes effect (claims owned by the set or by a scaled-down pod).
 * Simplification: only background propagation (no foreground deletion, no orphan policy).
 */
import type { ClusterState, Controller, TraceRecorder } from "../model/state.js";
import { deletePod, removeObject } from "./common/state-ops.js";

/** Controller name. */
export const GARBAGE_COLLECTOR = "garbage-collector";
const RULE = "garbage-collector/delete-orphaned-dependent";

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  let uids: Set<string> | undefined;
  const live = (): Set<string> => {
    if (uids) return uids;
    uids = new Set<string>();
    for (const o of state.objects.values()) if (o.metadata.uid) uids.add(o.metadata.uid);
    for (const p of state.pods.values()) if (p.metadata.uid) uids.add(p.metadata.uid);
    for (const n of state.nodes.values()) if (n.metadata.uid) uids.add(n.metadata.uid);
    return uids;
  };
  const start = state;
  for (const [key, o] of start.objects.entries()) {
    const refs = o.metadata.ownerReferences;
    if (!refs || refs.length === 0) continue;
    if (refs.some((r) => live().has(r.uid))) continue;
    state = removeObject(state, key, trace, RULE);
  }
  for (const [key, p] of start.pods.entries()) {
    const refs = p.metadata.ownerReferences;
    if (!refs || refs.length === 0 || p.metadata.deletionTimestamp) continue;
    if (refs.some((r) => live().has(r.uid))) continue;
    state = deletePod(state, key, trace, RULE);
  }
  return state;
}

/** The garbage collector (background propagation). */
export const garbageCollector: Controller = { name: GARBAGE_COLLECTOR, reconcile };
