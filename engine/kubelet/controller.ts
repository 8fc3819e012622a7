/**
 * The kubelet as a Controller: every pod whose spec or status changed since the kubelet last looked
 * (a persistent-map diff, so unchanged pods cost nothing), or that an event or timer marked dirty, is
 * synced (sync.ts) unless its node's kubelet is unreachable. The kubelet writes the pod status and
 * removes deleted pods once their containers stopped.
 */
import type { ContainerStatus, Node, Pod, PodStatus } from "../model/k8s.js";
import { objectRefString } from "../model/k8s.js";
import { diffMaps, emptyMap, forEachEntry } from "../model/pmap.js";
import type { ClusterState, Controller, PMap, Timer, TraceRecorder } from "../model/state.js";
import { scheduleTimer } from "../model/timers.js";
import { timestamp } from "../scenario/duration.js";
import { addUsage, admit, NO_USAGE, nodeResources } from "./admission.js";
import { exitContainer } from "./exit.js";
import { withEntry } from "./records.js";
import type { KubeletState, PodRuntime, ProbeOutcome } from "./runtime.js";
import { SCRIPTED_EXIT } from "./scripted-run.js";
import { withGenerated } from "./status.js";
import { syncPod } from "./sync.js";

export const KUBELET = "kubelet";

const INITIAL: KubeletState = {
  runtimes: emptyMap(),
  seenPods: emptyMap(),
  dirty: emptyMap(),
  down: {},
  images: emptyMap(),
  usage: {},
};

/** The kubelet's private state (empty before it first ran). */
export function kubeletState(state: ClusterState): KubeletState {
  return (state.controllers.get(KUBELET) as KubeletState | undefined) ?? INITIAL;
}

/** A new state with the kubelet's private state replaced. */
export function withKubeletState(state: ClusterState, ks: KubeletState): ClusterState {
  return { ...state, controllers: state.controllers.set(KUBELET, ks) };
}

/**
 * Replace a pod's runtime record and mark the pod for a re-sync: the same state as
 * `markDirty(withKubeletState(state, { ...ks, runtimes: ks.runtimes.set(key, rt) }), [key])`, with
 * one copy of the kubelet's state instead of two. `ks` must be `kubeletState(state)`.
 */
export function withRuntimeDirty(state: ClusterState, ks: KubeletState, key: string, rt: PodRuntime): ClusterState {
  return withKubeletState(state, { ...ks, runtimes: ks.runtimes.set(key, rt), dirty: ks.dirty.set(key, true) });
}

/** Mark pods for a re-sync (events and timers call this). */
export function markDirty(state: ClusterState, keys: readonly string[]): ClusterState {
  const ks = kubeletState(state);
  let dirty = ks.dirty;
  for (const k of keys) dirty = dirty.set(k, true);
  return dirty === ks.dirty ? state : withKubeletState(state, { ...ks, dirty });
}

function freshRuntime(pod: Pod, node: string): PodRuntime {
  return {
    uid: pod.metadata.uid ?? "",
    node,
    sandboxReady: false,
    containers: {},
    probes: {},
    backoff: {},
    imageBackoff: {},
    waiting: {},
    pullFailures: {},
    terminated: false,
  };
}

function nodeHasImage(node: Node | undefined, image: string): boolean {
  return (node?.status?.images ?? []).some((i) => (i.names ?? []).includes(image));
}

function summarize(s: ContainerStatus | undefined): string {
  const st = s?.state;
  if (!st) return "none";
  if (st.running) return "running";
  if (st.terminated) return `terminated:${st.terminated.reason ?? ""}(${st.terminated.exitCode})`;
  return `waiting:${st.waiting?.reason ?? ""}`;
}

/** Trace the observable differences between two pod statuses. */
function traceStatus(ref: string, a: PodStatus | undefined, b: PodStatus, trace: TraceRecorder): void {
  if (!trace.enabled) return;
  if (a?.phase !== b.phase) trace.change(ref, "status.phase", a?.phase, b.phase);
  for (const c of b.conditions ?? []) {
    const o = a?.conditions?.find((x) => x.type === c.type);
    if (o?.status !== c.status) trace.change(ref, `status.conditions.${c.type}`, o?.status, c.status);
  }
  for (const list of ["initContainerStatuses", "containerStatuses"] as const) {
    for (const s of b[list] ?? []) {
      const o = a?.[list]?.find((x) => x.name === s.name);
      const from = o ? summarize(o) : undefined;
      const to = summarize(s);
      if (from !== to) trace.change(ref, `status.${list}.${s.name}.state`, from, to);
      if ((o?.restartCount ?? 0) !== s.restartCount)
        trace.change(ref, `status.${list}.${s.name}.restartCount`, o?.restartCount ?? 0, s.restartCount);
      if ((o?.ready ?? false) !== s.ready)
        trace.change(ref, `status.${list}.${s.name}.ready`, o?.ready ?? false, s.ready);
    }
  }
}

function sameContainerStatuses(
  a: readonly ContainerStatus[] | undefined,
  b: readonly ContainerStatus[] | undefined,
): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as ContainerStatus;
    const q = y[i] as ContainerStatus;
    if (p === q) continue;
    if (p.name !== q.name || p.restartCount !== q.restartCount || p.ready !== q.ready || p.started !== q.started)
      return false;
    if (summarize(p) !== summarize(q)) return false;
    if (p.state?.waiting?.message !== q.state?.waiting?.message) return false;
    if (p.lastState?.terminated?.finishedAt !== q.lastState?.terminated?.finishedAt) return false;
    if (p.state?.running?.startedAt !== q.state?.running?.startedAt) return false;
  }
  return true;
}

/** Whether two statuses are the same as far as the kubelet reports them. */
function sameStatus(a: PodStatus | undefined, b: PodStatus | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.phase !== b.phase || a.reason !== b.reason || a.startTime !== b.startTime) return false;
  const ca = a.conditions ?? [];
  const cb = b.conditions ?? [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (ca[i] !== cb[i]) return false;
  return (
    sameContainerStatuses(a.initContainerStatuses, b.initContainerStatuses) &&
    sameContainerStatuses(a.containerStatuses, b.containerStatuses)
  );
}

/** The kubelet's usage bookkeeping when a pod stops counting (terminated, removed, replaced). */
function release(state: ClusterState, ks: KubeletState, pod: Pod | undefined, rt: PodRuntime): KubeletState {
  if (rt.terminated || !pod) return ks;
  const node = state.nodes.get(rt.node);
  const u = addUsage(ks.usage[rt.node] ?? NO_USAGE, pod, node ? nodeResources(node) : [], -1);
  return { ...ks, usage: { ...ks.usage, [rt.node]: u } };
}

/** The cluster state and the kubelet's private state, threaded through a reconcile (written back once). */
interface Synced {
  state: ClusterState;
  ks: KubeletState;
}

function syncOne(cur: Synced, key: string, trace: TraceRecorder, seen: Pod | undefined): void {
  let { state, ks } = cur;
  const pod = state.pods.get(key);
  let rt = ks.runtimes.get(key);
  if (!pod) {
    if (rt) cur.ks = { ...release(state, ks, seen, rt), runtimes: ks.runtimes.delete(key) };
    return;
  }
  const nodeName = pod.spec.nodeName;
  if (!nodeName || ks.down[nodeName] !== undefined) return;
  const node = state.nodes.get(nodeName);
  if (!node) return;
  // Only trace calls read the reference: not built when tracing is off.
  const ref = trace.enabled ? objectRefString(pod) : "";
  if (rt && rt.uid !== (pod.metadata.uid ?? "")) {
    ks = release(state, ks, seen, rt);
    cur.ks = ks;
    rt = undefined;
  }
  if (!rt) {
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") return;
    const usage = ks.usage[nodeName] ?? NO_USAGE;
    const rej = admit(pod, node, usage, state.kubernetesVersion);
    if (rej) {
      trace.rule(rej.ruleId);
      const status: PodStatus = {
        ...pod.status,
        phase: "Failed",
        reason: rej.reason,
        message: `Pod was rejected: ${rej.message}`,
      };
      traceStatus(ref, pod.status, status, trace);
      const r: PodRuntime = {
        ...freshRuntime(pod, nodeName),
        terminated: true,
        rejected: { reason: rej.reason, message: rej.message },
      };
      if (pod.metadata.deletionTimestamp !== undefined) {
        // Already being deleted: the terminal pod goes at once.
        trace.change(ref, "deleted", undefined, undefined);
        trace.rule("termination/kubelet-deletes-terminated-pod");
        cur.state = { ...state, pods: state.pods.delete(key) };
        return;
      }
      cur.state = { ...state, pods: state.pods.set(key, { ...pod, status }) };
      cur.ks = { ...ks, runtimes: ks.runtimes.set(key, r) };
      return;
    }
    trace.rule("kubelet-admission/admitted");
    ks = { ...ks, usage: { ...ks.usage, [nodeName]: addUsage(usage, pod, nodeResources(node), 1) } };
    cur.ks = ks;
    rt = freshRuntime(pod, nodeName);
    const pending = state.controllers.get("kubelet/pull-failures") as PMap<number> | undefined;
    if (pending) {
      const pullFailures: Record<string, number> = {};
      for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
        const n = pending.get(`${key}/${c.name}`);
        if (n !== undefined) pullFailures[c.name] = n;
      }
      if (Object.keys(pullFailures).length > 0) rt = { ...rt, pullFailures };
    }
  }
  if (rt.rejected) {
    if (pod.metadata.deletionTimestamp !== undefined) {
      trace.change(ref, "deleted", undefined, undefined);
      cur.state = { ...state, pods: state.pods.delete(key) };
      cur.ks = { ...ks, runtimes: ks.runtimes.delete(key) };
    }
    return;
  }
  const images0 = ks.images;
  const out = syncPod(pod, rt, {
    now: state.time,
    version: state.kubernetesVersion,
    deletionExitCode: 0,
    imagePresent: (image) => nodeHasImage(node, image) || images0.has(`${nodeName} ${image}`),
  });
  for (const id of out.rules) trace.rule(id);
  if (trace.enabled)
    for (const k of out.stopped) trace.change(ref, `runtime.${k.name}`, "running", `killed(${k.exitCode})`);
  let images = ks.images;
  for (const img of out.pulled) images = images.set(`${nodeName} ${img}`, true);
  if (out.rt.terminated && !rt.terminated) ks = release(state, ks, pod, rt);
  const runtimes = out.remove ? ks.runtimes.delete(key) : ks.runtimes.set(key, out.rt);
  if (images !== ks.images || runtimes !== ks.runtimes) ks = { ...ks, images, runtimes };
  cur.ks = ks;
  for (const w of out.wakeups)
    state = scheduleTimer(
      state,
      w.data
        ? { owner: KUBELET, kind: w.kind, at: w.at, key, data: w.data }
        : { owner: KUBELET, kind: w.kind, at: w.at, key },
    );
  let status = withGenerated(pod.status, out.status, state.time);
  if (!status.startTime) status = { ...status, startTime: timestamp(state.time), hostIP: status.hostIP ?? nodeName };
  let pods = state.pods;
  if (!sameStatus(status, pod.status)) {
    traceStatus(ref, pod.status, status, trace);
    pods = pods.set(key, { ...pod, status });
  }
  if (out.remove) {
    trace.change(ref, "deleted", undefined, undefined);
    trace.rule("termination/kubelet-deletes-terminated-pod");
    pods = pods.delete(key);
  }
  cur.state = pods === state.pods ? state : { ...state, pods };
}

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const ks0 = kubeletState(state);
  if (ks0.seenPods === state.pods && ks0.dirty.size === 0) return state;
  const keys: string[] = [];
  diffMaps(ks0.seenPods, state.pods, (k) => keys.push(k));
  if (ks0.dirty.size > 0) {
    // Both lists are in key order: merge them (a dirty pod that also changed is synced once).
    const dirty: string[] = [];
    forEachEntry(ks0.dirty, (k) => {
      dirty.push(k);
    });
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < keys.length || j < dirty.length) {
      const a = keys[i];
      const b = dirty[j];
      if (b === undefined || (a !== undefined && a < b)) {
        merged.push(a as string);
        i++;
      } else if (a === undefined || b < a) {
        merged.push(b);
        j++;
      } else {
        merged.push(a);
        i++;
        j++;
      }
    }
    keys.length = 0;
    keys.push(...merged);
  }
  const cur: Synced = { state, ks: { ...ks0, dirty: emptyMap() } };
  for (const key of keys) syncOne(cur, key, trace, ks0.seenPods.get(key));
  return withKubeletState(cur.state, { ...cur.ks, seenPods: cur.state.pods });
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  const key = timer.key;
  if (!key) return state;
  if (timer.kind === SCRIPTED_EXIT) {
    // The run the timer was set for must still be the container's current, running instance.
    const d = timer.data ?? {};
    const name = String(d.container);
    const rt = kubeletState(state).runtimes.get(key);
    const cur = rt?.containers[name]?.[0];
    if (!cur || rt?.uid !== d.uid || cur.state !== "running" || cur.attempt !== d.attempt) return state;
    return exitContainer(state, key, name, Number(d.exitCode), undefined, "simulation/scripted-exit", trace) ?? state;
  }
  if (timer.kind === "probe") {
    const ks = kubeletState(state);
    const rt = ks.runtimes.get(key);
    const d = timer.data ?? {};
    const name = String(d.container);
    const cur = rt?.containers[name]?.[0];
    if (!rt || !cur || cur.state !== "running" || cur.attempt !== d.attempt) return state;
    const probe = d.probe as "readiness" | "startup";
    if (rt.probes[name]?.[probe] !== undefined) return state;
    trace.rule("kubelet-probes/initial-delay");
    const runtimes = ks.runtimes.set(key, {
      ...rt,
      probes: withEntry(rt.probes, name, withEntry<ProbeOutcome>(rt.probes[name] ?? {}, probe, "Success")),
    });
    state = withKubeletState(state, { ...ks, runtimes });
  }
  return markDirty(state, [key]);
}

/** The kubelet controller (runs last in CONTROLLERS). */
export const kubeletController: Controller = { name: KUBELET, reconcile, onTimer };
