/**
 * kube-scheduler as a Controller (DESIGN.md "Pure transitions"): at the current virtual time it
 * takes the pending pods it is responsible for (rule set scheduler-queue), orders them by
 * PrioritySort, runs one cycle each against an incrementally updated snapshot, binds (spec.nodeName,
 * PodScheduled=True) or records PodScheduled=False/Unschedulable with kube-scheduler's message.
 * Unschedulable pods are retried when a node, an assigned pod or a spreading object changes.
 * Tie-breaks draw from state.rng; nextStartNodeIndex persists in the controller's private state.
 */
import { timestampAt } from "../controllers/common/time.js";
import type { KubeObject, Node, Pod, PodCondition } from "../model/k8s.js";
import { diffMaps, emptyMap } from "../model/pmap.js";
import type { ClusterState, Controller, PMap, TraceRecorder } from "../model/state.js";
import { type CycleResult, scheduleOne } from "./cycle.js";
import { podInfo } from "./pod-info.js";
import { buildProfile, type Profile } from "./profile.js";
import { prioritySort, type QueuedPod, queueDecision } from "./queue.js";
import { filterRuleId, schedulerRules } from "./rulesets.js";
import { addPod, buildSnapshot, isCachedPod } from "./snapshot.js";

export const SCHEDULER_CONTROLLER = "scheduler";

/** The scheduler's private state in `state.controllers`. */
export interface SchedulerPrivate {
  readonly nextStartNodeIndex: number;
  /** Bumped whenever something that can make an unschedulable pod schedulable changes. */
  readonly epoch: number;
  readonly seenNodes?: PMap<Node>;
  readonly seenPods?: PMap<Pod>;
  readonly seenObjects?: PMap<KubeObject>;
  /** Pod key → epoch at which it was last found unschedulable. */
  readonly tried: Readonly<Record<string, number>>;
  /** Pod key → virtual time it entered the queue. */
  readonly enqueued: Readonly<Record<string, number>>;
  /**
   * True when the last reconcile left no pod to (re)try at `epoch`: until a bump or a change to an
   * unassigned pod, a reconcile only records the maps it saw (the O(changes) idle path).
   */
  readonly idle?: boolean;
  /** The Kubernetes version of the last full reconcile (the idle path requires the same). */
  readonly version?: string;
}

const INITIAL: SchedulerPrivate = { nextStartNodeIndex: 0, epoch: 0, tried: {}, enqueued: {} };
const SPREAD_OBJECT = /^(Namespace|Service|ReplicaSet|StatefulSet|ReplicationController)\//;

const profiles = new Map<string, Profile>();
function profileFor(version: string): Profile {
  let p = profiles.get(version);
  if (!p) {
    p = buildProfile(undefined, version);
    profiles.set(version, p);
  }
  return p;
}

/** Replace (or add) a condition; lastTransitionTime moves only when the status changes. */
function withCondition(pod: Pod, cond: PodCondition, now: number): Pod {
  const conds = pod.status?.conditions ?? [];
  const old = conds.find((c) => c.type === cond.type);
  if (old && old.status === cond.status && old.reason === cond.reason && old.message === cond.message) return pod;
  const next: PodCondition = {
    ...cond,
    lastProbeTime: null,
    lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : timestampAt(now),
  };
  const rest = conds.filter((c) => c.type !== cond.type);
  return {
    ...pod,
    status: { ...(pod.status ?? {}), phase: pod.status?.phase ?? "Pending", conditions: [...rest, next] },
  };
}

function podRef(key: string): string {
  return `Pod/${key}`;
}

function cycleRuleId(version: string, nodes: number, r: CycleResult): string | undefined {
  return schedulerRules("scheduler-cycle", version).first({
    nodes,
    preFilterRejected: r.kind === "unschedulable" && r.preFilterRejected,
    feasible: r.kind === "scheduled" ? r.feasible : 0,
    preemptionEnabled: r.kind === "unschedulable" && r.preemption !== undefined,
    preemptionCandidates: r.kind === "unschedulable" ? (r.preemption?.candidates.length ?? 0) : 0,
    argmax: r.kind === "scheduled" ? r.argmax.length : 0,
  })?.ruleId;
}

export const schedulerController: Controller = {
  name: SCHEDULER_CONTROLLER,
  reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
    const priv = (state.controllers.get(SCHEDULER_CONTROLLER) as SchedulerPrivate | undefined) ?? INITIAL;
    let bump = false;
    const tried: Record<string, number> = { ...priv.tried };
    let privChanged = false;
    if (priv.seenNodes && priv.seenNodes !== state.nodes) bump = true;
    let unassignedChanged = false;
    if (priv.seenPods && priv.seenPods !== state.pods) {
      diffMaps(priv.seenPods, state.pods, (k, a, b) => {
        if ((a && !a.spec.nodeName) || (b && !b.spec.nodeName)) unassignedChanged = true;
        if ((a && isCachedPod(a)) || (b && isCachedPod(b))) {
          // The snapshot reads an assigned pod's metadata, spec and whether it is cached; a status-only
          // update by the kubelet (phase staying non-terminal) cannot make a pending pod schedulable.
          if (!(a && b && isCachedPod(a) && isCachedPod(b) && a.spec === b.spec && a.metadata === b.metadata))
            bump = true;
        } else if (b && tried[k] !== undefined) {
          delete tried[k]; // the pending pod itself changed: try it again
          privChanged = true;
        }
      });
    }
    if (priv.seenObjects && priv.seenObjects !== state.objects) {
      diffMaps(priv.seenObjects, state.objects, (k) => {
        if (SPREAD_OBJECT.test(k)) bump = true;
      });
    }
    if (priv.idle && priv.version === state.kubernetesVersion && !bump && !unassignedChanged && priv.seenPods) {
      // Nothing a pending pod's queue decision or cycle reads has changed: the full pass would queue
      // nothing and change no pod, only record the maps it saw.
      if (priv.seenNodes === state.nodes && priv.seenPods === state.pods && priv.seenObjects === state.objects)
        return state;
      const same: SchedulerPrivate = {
        ...priv,
        seenNodes: state.nodes,
        seenPods: state.pods,
        seenObjects: state.objects,
      };
      return { ...state, controllers: (state.controllers ?? emptyMap()).set(SCHEDULER_CONTROLLER, same) };
    }
    const epoch = bump ? priv.epoch + 1 : priv.epoch;
    const version = state.kubernetesVersion;
    const profile = profileFor(version);
    const names = new Set([profile.schedulerName]);
    const enqueued: Record<string, number> = { ...priv.enqueued };
    const queue: QueuedPod[] = [];
    let pods = state.pods;
    for (const [key, pod] of state.pods.entries()) {
      if (pod.spec.nodeName) continue; // fast path of rule scheduler-queue/assigned
      const d = queueDecision(pod, version, {
        schedulerNames: names,
        gatesEnabled: profile.schedulingGates,
        triedAtThisState: tried[key] === epoch,
      });
      if (d.action === "gated") {
        const next = withCondition(
          pod,
          { type: "PodScheduled", status: "False", reason: String(d.params.reason), message: String(d.params.message) },
          state.time,
        );
        if (next !== pod) {
          trace.rule(d.ruleId);
          trace.change(podRef(key), "status.conditions.PodScheduled", "", "False/SchedulingGated");
          pods = pods.set(key, next);
        }
      } else if (d.action === "schedule") {
        if (enqueued[key] === undefined) {
          enqueued[key] = state.time;
          privChanged = true;
        }
        queue.push({ key, priority: pod.spec.priority ?? 0, enqueued: enqueued[key]! });
      }
    }
    let rng = state.rng;
    let nextStart = priv.nextStartNodeIndex;
    let boundCount = 0;
    let failed = 0;
    if (queue.length > 0) {
      queue.sort(prioritySort);
      const snapshot = buildSnapshot(state.nodes.values(), state.pods.values(), state.objects.values());
      for (const q of queue) {
        const pod = pods.get(q.key)!;
        trace.rule("scheduler-queue/enqueue");
        const r = scheduleOne(snapshot, pod, profile, { nextStartNodeIndex: nextStart, rng });
        rng = r.rng;
        nextStart = r.nextStartNodeIndex;
        const ruleId = cycleRuleId(version, snapshot.nodes.length, r);
        if (ruleId) trace.rule(ruleId);
        if (r.kind === "scheduled") {
          const bound = withCondition(
            { ...pod, spec: { ...pod.spec, nodeName: r.node } },
            { type: "PodScheduled", status: "True" },
            state.time,
          );
          pods = pods.set(q.key, bound);
          addPod(snapshot, bound, r.node, podInfo(pod));
          delete tried[q.key];
          delete enqueued[q.key];
          boundCount++;
          trace.change(podRef(q.key), "spec.nodeName", undefined, r.node);
        } else {
          for (const rej of r.rejections) {
            const id = filterRuleId(rej.plugin, rej.reason, rej.code);
            if (id) trace.rule(id);
          }
          const next = withCondition(
            pod,
            { type: "PodScheduled", status: "False", reason: r.reason, message: r.message },
            state.time,
          );
          if (next !== pod) {
            pods = pods.set(q.key, next);
            trace.change(podRef(q.key), "status.conditions.PodScheduled", "", `False/${r.reason}: ${r.message}`);
          }
          tried[q.key] = epoch;
          failed++;
        }
        privChanged = true;
      }
    }
    for (const k of Object.keys(enqueued)) {
      const p = pods.get(k);
      if (!p || p.spec.nodeName) {
        delete enqueued[k];
        delete tried[k];
        privChanged = true;
      }
    }
    const seenChanged = priv.seenNodes !== state.nodes || priv.seenPods !== pods || priv.seenObjects !== state.objects;
    if (!privChanged && !bump && !seenChanged && pods === state.pods && rng === state.rng) return state;
    // A bind is an assigned-pod add: pods found unschedulable this round are retried (affinity may now hold).
    const nextEpoch = boundCount > 0 && failed > 0 ? epoch + 1 : epoch;
    const nextPriv: SchedulerPrivate = {
      nextStartNodeIndex: nextStart,
      epoch: nextEpoch,
      idle: nextEpoch === epoch,
      version,
      seenNodes: state.nodes,
      seenPods: pods,
      seenObjects: state.objects,
      tried,
      enqueued,
    };
    return {
      ...state,
      pods,
      rng,
      controllers: (state.controllers ?? emptyMap()).set(SCHEDULER_CONTROLLER, nextPriv),
    };
  },
};
