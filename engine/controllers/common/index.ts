/**
 * Per-reconcile indexes (upstream controllers read informer caches; kubespec builds the equivalent
 * index once per reconcile instead of filtering every pod for every workload).
 */
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState } from "../../model/state.js";
import { controllerUidOf } from "./state-ops.js";

/** Pods grouped by the uid of their controller ownerReference, each list in key (name) order. */
export function podsByController(state: ClusterState): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const pod of state.pods.values()) {
    const uid = controllerUidOf(pod);
    if (!uid) continue;
    const list = m.get(uid);
    if (list) list.push(pod);
    else m.set(uid, [pod]);
  }
  return m;
}

/** Objects of one kind, in key order. */
export function objectsOfKind(state: ClusterState, kind: string): KubeObject[] {
  const out: KubeObject[] = [];
  const prefix = `${kind}/`;
  for (const [k, o] of state.objects.entries()) if (k.startsWith(prefix) && o.kind === kind) out.push(o);
  return out;
}

/** Objects grouped by the uid of their controller ownerReference, restricted to one kind. */
export function objectsByController(state: ClusterState, kind: string): Map<string, KubeObject[]> {
  const m = new Map<string, KubeObject[]>();
  for (const o of objectsOfKind(state, kind)) {
    const uid = controllerUidOf(o);
    if (!uid) continue;
    const list = m.get(uid);
    if (list) list.push(o);
    else m.set(uid, [o]);
  }
  return m;
}
