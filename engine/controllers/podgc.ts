/**
 * Pod garbage collection (pkg/controller/podgc/gc_controller.go gcOrphaned, gcTerminating): a pod
 * bound to a node that no longer exists (after a 40s quarantine), or a terminating pod on a not-ready
 * node tainted node.kubernetes.io/out-of-service, is marked Failed with a DisruptionTarget condition
 * (DeletionByPodGC) and force-deleted. Rule set: podgc.
 */
import { decide } from "../kubelet/ruleset.js";
import type { Node, Pod } from "../model/k8s.js";
import { objectRefString } from "../model/k8s.js";
import { diffMaps, emptyMap } from "../model/pmap.js";
import type { ClusterState, Controller, PMap, Timer, TraceRecorder } from "../model/state.js";
import { scheduleTimer } from "../model/timers.js";

export const PODGC = "podgc";
/** quarantineTime: how long a node must be gone before its pods count as orphaned. */
export const QUARANTINE_MS = 40_000;
export const TAINT_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

interface GcState {
  readonly seenNodes: PMap<Node>;
  readonly seenPods: PMap<Pod>;
}

const INITIAL: GcState = { seenNodes: emptyMap(), seenPods: emptyMap() };

function own(state: ClusterState): GcState {
  return (state.controllers.get(PODGC) as GcState | undefined) ?? INITIAL;
}

function outOfService(node: Node | undefined): boolean {
  if (!node) return false;
  const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "True";
  return (
    ready !== "True" &&
    (node.spec?.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE && t.effect === "NoExecute")
  );
}

/** Mark the pod Failed (DisruptionTarget) and force-delete it. */
function failAndDelete(
  state: ClusterState,
  key: string,
  reason: string,
  message: string,
  trace: TraceRecorder,
): ClusterState {
  const pod = state.pods.get(key);
  if (!pod) return state;
  const ref = objectRefString(pod);
  const phase = pod.status?.phase;
  if (phase !== "Succeeded" && phase !== "Failed") trace.change(ref, "status.phase", phase, "Failed");
  const dt = pod.status?.conditions?.find((c) => c.type === "DisruptionTarget")?.status;
  if (dt !== "True") trace.change(ref, "status.conditions.DisruptionTarget", dt, "True");
  trace.change(ref, "deleted", undefined, undefined);
  // The Failed status with DisruptionTarget is written, then the pod is force-deleted in the same
  // instant; the trace shows both, the final state only the deletion.
  void reason;
  void message;
  return { ...state, pods: state.pods.delete(key) };
}

function check(state: ClusterState, key: string, trace: TraceRecorder): ClusterState {
  const pod = state.pods.get(key);
  if (!pod?.spec.nodeName) return state;
  const node = state.nodes.get(pod.spec.nodeName);
  const f = decide("podgc", state.kubernetesVersion, {
    step: "gc",
    nodeExists: node !== undefined,
    outOfService: outOfService(node),
    deleting: pod.metadata.deletionTimestamp !== undefined,
  });
  if (f.params.action !== "fail-and-delete") return state;
  if (!node) return state; // orphans wait for the quarantine timer
  trace.rule(f.ruleId);
  return failAndDelete(state, key, String(f.params.reason), String(f.params.message), trace);
}

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const s0 = own(state);
  if (s0.seenNodes === state.nodes && s0.seenPods === state.pods) return state;
  const removed: string[] = [];
  const tainted = new Set<string>();
  diffMaps(s0.seenNodes, state.nodes, (k, a, b) => {
    if (a && !b) removed.push(k);
    else if (b && outOfService(b)) tainted.add(k);
  });
  for (const n of removed)
    state = scheduleTimer(state, { owner: PODGC, kind: "orphans", at: state.time + QUARANTINE_MS, key: n });
  const keys = new Set<string>();
  diffMaps(s0.seenPods, state.pods, (k, _a, b) => {
    if (
      b?.spec.nodeName &&
      (!state.nodes.has(b.spec.nodeName) ||
        tainted.has(b.spec.nodeName) ||
        outOfService(state.nodes.get(b.spec.nodeName)))
    )
      keys.add(k);
  });
  if (tainted.size > 0)
    for (const [k, p] of state.pods.entries()) if (p.spec.nodeName && tainted.has(p.spec.nodeName)) keys.add(k);
  for (const k of [...keys].sort()) {
    const p = state.pods.get(k);
    if (p?.spec.nodeName && !state.nodes.has(p.spec.nodeName) && !removed.includes(p.spec.nodeName))
      state = scheduleTimer(state, {
        owner: PODGC,
        kind: "orphans",
        at: state.time + QUARANTINE_MS,
        key: p.spec.nodeName,
      });
    else state = check(state, k, trace);
  }
  return { ...state, controllers: state.controllers.set(PODGC, { seenNodes: state.nodes, seenPods: state.pods }) };
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  if (timer.kind !== "orphans" || !timer.key || state.nodes.has(timer.key)) return state;
  const keys: string[] = [];
  for (const [k, p] of state.pods.entries()) if (p.spec.nodeName === timer.key) keys.push(k);
  for (const k of keys) {
    trace.rule("podgc/orphaned");
    state = failAndDelete(state, k, "DeletionByPodGC", "PodGC: node no longer exists", trace);
  }
  return state;
}

export const podGcController: Controller = { name: PODGC, reconcile, onTimer };
