/**
 * The writes workload controllers make to a ClusterState, each recorded in the trace: create and
 * delete pods (with the API server's graceful-deletion rule), put objects, update status, and
 * schedule wake-ups. All functions are pure: they return a new state.
 */
import type { KubeObject, ObjectMeta, OwnerReference, Pod, PodSpec } from "../../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../../model/state.js";
import { canonicalJson } from "./hash.js";
import { timestampAt } from "./time.js";

/** "Kind/namespace/name" key of an object in state.objects. */
export function objectStoreKey(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** The state.objects key of an object. */
export function storeKeyOf(o: KubeObject): string {
  return objectStoreKey(o.kind, o.metadata.namespace, o.metadata.name ?? "");
}

/** "namespace/name" key of a pod in state.pods. */
export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** A fresh uid from the state's counter (deterministic). */
export function nextUid(state: ClusterState): { state: ClusterState; uid: string; seq: number } {
  const seq = state.seq + 1;
  return { state: { ...state, seq }, uid: `uid-${seq}`, seq };
}

/** The controller ownerReference pointing at `owner` (metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The uid of the object's controller ownerReference, if any (metav1.GetControllerOf). */
export function controllerUidOf(o: { readonly metadata: ObjectMeta }): string | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

export interface PodTemplate {
  readonly metadata?: ObjectMeta;
  readonly spec?: PodSpec;
}

/** Inputs of newPod beyond the template. */
export interface NewPodOptions {
  readonly name: string;
  readonly namespace: string;
  readonly owner: KubeObject;
  readonly extraLabels?: Readonly<Record<string, string>>;
  readonly extraAnnotations?: Readonly<Record<string, string>>;
  readonly specPatch?: Partial<PodSpec>;
}

/**
 * Creates a pod from a template (controller_utils.go GetPodFromTemplate + CreatePods): template labels
 * and annotations, a controller ownerReference, creationTimestamp now, Pending status.
 */
export function createPod(
  state: ClusterState,
  template: PodTemplate,
  opts: NewPodOptions,
  trace: TraceRecorder,
  ruleId: string,
): ClusterState {
  const u = nextUid(state);
  const spec: PodSpec = { ...(template.spec ?? { containers: [] }), ...(opts.specPatch ?? {}) };
  const meta: ObjectMeta = {
    name: opts.name,
    namespace: opts.namespace,
    uid: u.uid,
    labels: { ...(template.metadata?.labels ?? {}), ...(opts.extraLabels ?? {}) },
    ...(template.metadata?.annotations || opts.extraAnnotations
      ? { annotations: { ...(template.metadata?.annotations ?? {}), ...(opts.extraAnnotations ?? {}) } }
      : {}),
    ownerReferences: [controllerRef(opts.owner)],
    creationTimestamp: timestampAt(state.time),
  };
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: meta, spec, status: { phase: "Pending" } };
  const key = podKey(opts.namespace, opts.name);
  trace.rule(ruleId);
  if (trace.enabled) trace.change(`Pod/${key}`, "created", undefined, ownerLabel(opts.owner));
  return { ...u.state, pods: u.state.pods.set(key, pod) };
}

function ownerLabel(o: KubeObject): string {
  return `${o.kind}/${o.metadata.name ?? ""}`;
}

/**
 * Deletes a pod as the API server does (pkg/registry/core/pod/strategy.go CheckGracefulDeleteStrategy):
 * a pod that is not bound to a node, or is already terminal, is removed at once; otherwise it gets a
 * deletionTimestamp and the kubelet terminates it within its grace period. A pod that is already
 * terminating is left as is.
 */
export function deletePod(state: ClusterState, key: string, trace: TraceRecorder, ruleId: string): ClusterState {
  const pod = state.pods.get(key);
  if (!pod || pod.metadata.deletionTimestamp) return state;
  trace.rule(ruleId);
  const phase = pod.status?.phase;
  if (!pod.spec.nodeName || phase === "Succeeded" || phase === "Failed") {
    if (trace.enabled) trace.change(`Pod/${key}`, "deleted", undefined, undefined);
    return { ...state, pods: state.pods.delete(key) };
  }
  const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
  // the API server sets deletionTimestamp = now + grace period (registry/rest/delete.go BeforeDelete)
  const ts = timestampAt(state.time + grace * 1000);
  const next: Pod = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: ts, deletionGracePeriodSeconds: grace } };
  if (trace.enabled) trace.change(`Pod/${key}`, "metadata.deletionTimestamp", undefined, ts);
  return { ...state, pods: state.pods.set(key, next) };
}

/** Removes a pod from the store immediately (force deletion, grace period 0). */
export function forceDeletePod(state: ClusterState, key: string, trace: TraceRecorder, ruleId: string): ClusterState {
  if (!state.pods.has(key)) return state;
  trace.rule(ruleId);
  if (trace.enabled) trace.change(`Pod/${key}`, "deleted", undefined, undefined);
  return { ...state, pods: state.pods.delete(key) };
}

/** Stores an object (create or replace) under its Kind/namespace/name key, tracing creation. */
export function putObject(state: ClusterState, obj: KubeObject, trace: TraceRecorder, ruleId: string): ClusterState {
  const key = storeKeyOf(obj);
  const prev = state.objects.get(key);
  if (prev === obj) return state;
  trace.rule(ruleId);
  if (trace.enabled && !prev) trace.change(key, "created", undefined, undefined);
  return { ...state, objects: state.objects.set(key, obj) };
}

/** Removes an object from the store, tracing it. */
export function removeObject(state: ClusterState, key: string, trace: TraceRecorder, ruleId: string): ClusterState {
  if (!state.objects.has(key)) return state;
  trace.rule(ruleId);
  if (trace.enabled) trace.change(key, "deleted", undefined, undefined);
  return { ...state, objects: state.objects.delete(key) };
}

/**
 * Replaces an object's status when it differs (field by field, traced as status.<field>); returns the
 * same state when nothing changed, which is how step detects quiescence.
 */
export function updateStatus(
  state: ClusterState,
  key: string,
  status: Readonly<Record<string, unknown>>,
  trace: TraceRecorder,
): ClusterState {
  const obj = state.objects.get(key);
  if (!obj) return state;
  const prev = (obj.status ?? {}) as Record<string, unknown>;
  let changed = false;
  const fields = new Set([...Object.keys(prev), ...Object.keys(status)]);
  for (const f of [...fields].sort()) {
    const a = prev[f];
    const b = status[f];
    if (a === b) continue;
    if (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b)) continue;
    changed = true;
    if (trace.enabled) trace.change(key, `status.${f}`, a, b);
  }
  if (!changed) return state;
  return { ...state, objects: state.objects.set(key, { ...obj, status }) };
}

/** Replaces an object's spec/metadata (used by event handlers and Deployment→ReplicaSet scaling). */
export function replaceObject(state: ClusterState, obj: KubeObject): ClusterState {
  return { ...state, objects: state.objects.set(storeKeyOf(obj), obj) };
}
