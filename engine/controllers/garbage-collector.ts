/**
 * Background cascading deletion (pkg/controller/garbagecollector/garbagecollector.go attemptToDeleteItem):
 * an object whose ownerReferences all name objects that no longer exist is deleted. This is how a
 * deleted Deployment takes its ReplicaSets and their pods, a deleted Job its pods, and a StatefulSet's
 * PVC retention policy takes effect (claims owned by the set or by a scaled-down pod).
 * Like upstream's graph builder it only looks at what changed: dependents of owners that disappeared
 * since it last looked, and objects whose ownerReferences are new.
 * Simplification: only background propagation (no foreground deletion, no orphan policy).
 */
import type { ObjectMeta } from "../model/k8s.js";
import { diffMaps } from "../model/pmap.js";
import type { ClusterState, Controller, TraceRecorder } from "../model/state.js";
import { ownership } from "./common/index.js";
import { deletePod, podKey, removeObject, storeKeyOf } from "./common/state-ops.js";

/** Controller name. */
export const GARBAGE_COLLECTOR = "garbage-collector";
const RULE = "garbage-collector/delete-orphaned-dependent";

let seen: { pods: ClusterState["pods"]; objects: ClusterState["objects"] } | undefined;

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const start = state;
  if (seen && seen.pods === start.pods && seen.objects === start.objects) return state;
  const podCandidates = new Set<string>();
  const objectCandidates = new Set<string>();
  const gone: string[] = [];
  const consider = (m: ObjectMeta | undefined, prev: ObjectMeta | undefined, add: () => void) => {
    if (m?.ownerReferences?.length && m.ownerReferences !== prev?.ownerReferences) add();
  };
  if (!seen) {
    for (const [k, p] of start.pods.entries()) if (p.metadata.ownerReferences?.length) podCandidates.add(k);
    for (const [k, o] of start.objects.entries()) if (o.metadata.ownerReferences?.length) objectCandidates.add(k);
  } else {
    diffMaps(seen.pods, start.pods, (k, from, to) => {
      if (from?.metadata.uid && from.metadata.uid !== to?.metadata.uid) gone.push(from.metadata.uid);
      consider(to?.metadata, from?.metadata, () => podCandidates.add(k));
    });
    diffMaps(seen.objects, start.objects, (k, from, to) => {
      if (from?.metadata.uid && from.metadata.uid !== to?.metadata.uid) gone.push(from.metadata.uid);
      consider(to?.metadata, from?.metadata, () => objectCandidates.add(k));
    });
  }
  // a worklist: deleting an orphan can orphan its own dependents (Deployment → ReplicaSet → pods)
  const orphan = (m: ObjectMeta, o: ReturnType<typeof ownership>) =>
    (m.ownerReferences ?? []).length > 0 && !(m.ownerReferences ?? []).some((r) => o.exists(r.uid));
  for (;;) {
    const own = ownership(state);
    for (const uid of gone.splice(0)) {
      if (own.exists(uid)) continue;
      for (const p of own.podsOwnedBy(uid))
        podCandidates.add(podKey(p.metadata.namespace ?? "default", p.metadata.name ?? ""));
      for (const o of own.objectsOwnedBy(uid)) objectCandidates.add(storeKeyOf(o));
    }
    if (podCandidates.size === 0 && objectCandidates.size === 0) break;
    const objs = [...objectCandidates].sort();
    const pods = [...podCandidates].sort();
    objectCandidates.clear();
    podCandidates.clear();
    for (const key of objs) {
      const o = state.objects.get(key);
      if (!o || !orphan(o.metadata, own)) continue;
      state = removeObject(state, key, trace, RULE);
      if (o.metadata.uid) gone.push(o.metadata.uid);
    }
    for (const key of pods) {
      const p = state.pods.get(key);
      if (!p || p.metadata.deletionTimestamp || !orphan(p.metadata, own)) continue;
      const next = deletePod(state, key, trace, RULE);
      if (!next.pods.has(key) && p.metadata.uid) gone.push(p.metadata.uid);
      state = next;
    }
  }
  // remember the output: a GC output holds no unhandled orphan, so diffing from it is enough
  // whichever state comes next (even from another branch of a fuzzer's exploration)
  seen = { pods: state.pods, objects: state.objects };
  return state;
}

/** The garbage collector (background propagation). */
export const garbageCollector: Controller = { name: GARBAGE_COLLECTOR, reconcile };
