/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): a pod on a node with
 * NoExecute taints it does not tolerate is deleted at once; one that tolerates them for
 * tolerationSeconds is deleted when the smallest runs out; the deletion adds the DisruptionTarget
 * condition (reason DeletionByTaintManager). Rule set: taint-eviction.
 */
import { toleratesTaint } from "../kubelet/admission.js";
import { markDirty } from "../kubelet/controller.js";
import { decide } from "../kubelet/ruleset.js";
import type { Node, Pod, Taint } from "../model/k8s.js";
import { objectRefString } from "../model/k8s.js";
import { diffMaps, emptyMap } from "../model/pmap.js";
import type { ClusterState, Controller, PMap, Timer, TraceRecorder } from "../model/state.js";
import { scheduleTimer } from "../model/timers.js";
import { timestamp } from "../scenario/duration.js";

export const TAINT_EVICTION = "taint-eviction";

interface EvictionState {
  readonly seenNodes: PMap<Node>;
  readonly seenPods: PMap<Pod>;
  /** Scheduled deletions: pod key → time. */
  readonly scheduled: PMap<number>;
}

const INITIAL: EvictionState = { seenNodes: emptyMap(), seenPods: emptyMap(), scheduled: emptyMap() };

function own(state: ClusterState): EvictionState {
  return (state.controllers.get(TAINT_EVICTION) as EvictionState | undefined) ?? INITIAL;
}

function setOwn(state: ClusterState, s: EvictionState): ClusterState {
  return { ...state, controllers: state.controllers.set(TAINT_EVICTION, s) };
}

/** getMinTolerationTime over the tolerations used for the node's NoExecute taints (ms; -1 = forever). */
export function evictionFacts(
  pod: Pod,
  taints: readonly Taint[],
): { untolerated: number; minTolerationSeconds: number } {
  let untolerated = 0;
  let min = -1;
  for (const taint of taints) {
    const used = (pod.spec.tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (used.length === 0) {
      untolerated++;
      continue;
    }
    for (const t of used) {
      if (t.tolerationSeconds === undefined) continue;
      const s = Math.max(0, t.tolerationSeconds);
      if (min < 0 || s < min) min = s;
    }
  }
  return { untolerated, minTolerationSeconds: min };
}

/** Delete a pod as the taint eviction controller does (DisruptionTarget, then graceful delete). */
export function evictPod(
  state: ClusterState,
  key: string,
  trace: TraceRecorder,
  reason: string,
  message: string,
): ClusterState {
  const pod = state.pods.get(key);
  if (!pod || pod.metadata.deletionTimestamp !== undefined) return state;
  const ref = objectRefString(pod);
  const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
  const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== "DisruptionTarget");
  const next: Pod = {
    ...pod,
    metadata: {
      ...pod.metadata,
      deletionTimestamp: timestamp(state.time + grace * 1000),
      deletionGracePeriodSeconds: grace,
    },
    status: {
      ...pod.status,
      conditions: [
        ...conds,
        { type: "DisruptionTarget", status: "True", reason, message, lastTransitionTime: timestamp(state.time) },
      ],
    },
  };
  trace.change(ref, "status.conditions.DisruptionTarget", undefined, "True");
  trace.change(ref, "metadata.deletionTimestamp", undefined, next.metadata.deletionTimestamp);
  return markDirty({ ...state, pods: state.pods.set(key, next) }, [key]);
}

function process(state: ClusterState, key: string, trace: TraceRecorder): ClusterState {
  const pod = state.pods.get(key);
  let s = own(state);
  const node = pod?.spec.nodeName ? state.nodes.get(pod.spec.nodeName) : undefined;
  const taints = (node?.spec?.taints ?? []).filter((t) => t.effect === "NoExecute");
  if (!pod || !node || taints.length === 0 || pod.metadata.deletionTimestamp !== undefined) {
    if (s.scheduled.has(key)) state = setOwn(state, { ...s, scheduled: s.scheduled.delete(key) });
    return state;
  }
  if (s.scheduled.has(key)) return state;
  const facts = evictionFacts(pod, taints);
  const f = decide("taint-eviction", state.kubernetesVersion, { step: "evict", ...facts });
  trace.rule(f.ruleId);
  const after = f.params.afterFact === "minTolerationSeconds" ? facts.minTolerationSeconds : Number(f.params.after);
  if (after < 0) return state;
  if (after === 0)
    return evictPod(state, key, trace, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint");
  const at = state.time + after * 1000;
  s = { ...s, scheduled: s.scheduled.set(key, at) };
  return scheduleTimer(setOwn(state, s), { owner: TAINT_EVICTION, kind: "evict", at, key, data: { at } });
}

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const s0 = own(state);
  if (s0.seenNodes === state.nodes && s0.seenPods === state.pods) return state;
  const keys = new Set<string>();
  const changedNodes = new Set<string>();
  diffMaps(s0.seenNodes, state.nodes, (k, a, b) => {
    const ta = JSON.stringify(a?.spec?.taints ?? []);
    const tb = JSON.stringify(b?.spec?.taints ?? []);
    if (ta !== tb) changedNodes.add(k);
  });
  if (changedNodes.size > 0)
    for (const [k, p] of state.pods.entries()) if (p.spec.nodeName && changedNodes.has(p.spec.nodeName)) keys.add(k);
  diffMaps(s0.seenPods, state.pods, (k, a, b) => {
    if (!b || a?.spec !== b.spec || a?.metadata.deletionTimestamp !== b.metadata.deletionTimestamp) keys.add(k);
  });
  for (const k of [...keys].sort()) state = process(state, k, trace);
  return setOwn(state, { ...own(state), seenNodes: state.nodes, seenPods: state.pods });
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  const key = timer.key;
  const s = own(state);
  if (!key || s.scheduled.get(key) !== timer.data?.at) return state;
  state = setOwn(state, { ...s, scheduled: s.scheduled.delete(key) });
  trace.rule("taint-eviction/delete-after-toleration");
  return evictPod(state, key, trace, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint");
}

export const taintEvictionController: Controller = { name: TAINT_EVICTION, reconcile, onTimer };
