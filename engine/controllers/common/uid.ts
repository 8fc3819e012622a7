/**
 * Objects loaded from manifests have no uid; the API server assigns one on create. The controllers
 * assign a deterministic one the first time they see an object, so ownerReferences can point at it.
 */
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../../model/state.js";
import { nextUid, storeKeyOf } from "./state-ops.js";
import { timestampAt } from "./time.js";

/** The object with a uid (and creationTimestamp), stored back when one had to be assigned. */
export function ensureUid(
  state: ClusterState,
  obj: KubeObject,
  _trace: TraceRecorder,
): { state: ClusterState; obj: KubeObject } {
  if (obj.metadata.uid) return { state, obj };
  const u = nextUid(state);
  const next: KubeObject = {
    ...obj,
    metadata: {
      ...obj.metadata,
      uid: u.uid,
      creationTimestamp: obj.metadata.creationTimestamp ?? timestampAt(state.time),
    },
  };
  return { state: { ...u.state, objects: u.state.objects.set(storeKeyOf(obj), next) }, obj: next };
}
