/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * monitorNodeHealth, doNoExecuteTaintingPass; pkg/controller/util/node MarkPodsNotReady): when a
 * node's kubelet has not posted status for node-monitor-grace-period its Ready condition becomes
 * Unknown, its pods' Ready condition False, and it gets the unreachable taints; when the kubelet
 * posts Ready again the taints go. Rule set: node-lifecycle.
 */

import { kubeletState } from "../kubelet/controller.js";
import { decide } from "../kubelet/ruleset.js";
import type { Node, NodeCondition, Pod, Taint } from "../model/k8s.js";
import { objectRefString } from "../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../model/state.js";
import { scheduleTimer } from "../model/timers.js";
import { timestamp } from "../scenario/duration.js";

export const NODE_LIFECYCLE = "node-lifecycle";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";

/** node-monitor-grace-period in ms for the state's version. */
export function monitorGracePeriodMs(version: string): number {
  return Number(decide("node-lifecycle", version, { step: "grace" }).params.seconds) * 1000;
}

/** Schedule the check that fires when the node's last heartbeat is older than the grace period. */
export function graceTimerFor(state: ClusterState, node: string): ClusterState {
  return scheduleTimer(state, {
    owner: NODE_LIFECYCLE,
    kind: "grace",
    at: state.time + monitorGracePeriodMs(state.kubernetesVersion),
    key: node,
    data: { since: state.time },
  });
}

function readyStatus(node: Node): string {
  return node.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "True";
}

function setReady(node: Node, cond: Omit<NodeCondition, "type">, now: number): Node {
  const conditions = [...(node.status?.conditions ?? []).filter((c) => c.type !== "Ready")];
  conditions.push({ type: "Ready", ...cond, lastTransitionTime: timestamp(now) });
  return { ...node, status: { ...node.status, conditions } };
}

function setTaints(node: Node, taints: readonly Taint[]): Node {
  return { ...node, spec: { ...node.spec, taints } };
}

/** MarkPodsNotReady: the Ready condition of every pod on the node becomes False. */
function markPodsNotReady(state: ClusterState, node: string, trace: TraceRecorder): ClusterState {
  let pods = state.pods;
  for (const [k, p] of state.pods.entries()) {
    if (p.spec.nodeName !== node) continue;
    const conds = p.status?.conditions ?? [];
    const ready = conds.find((c) => c.type === "Ready");
    if (ready?.status === "False") continue;
    const next: Pod = {
      ...p,
      status: {
        ...p.status,
        conditions: [
          ...conds.filter((c) => c.type !== "Ready"),
          { type: "Ready", status: "False", reason: "NodeNotReady", lastTransitionTime: timestamp(state.time) },
        ],
      },
    };
    trace.change(objectRefString(p), "status.conditions.Ready", ready?.status, "False");
    pods = pods.set(k, next);
  }
  return pods === state.pods ? state : { ...state, pods };
}

/** The kubelet posts Ready=True again (NodeUp): Ready True, node-lifecycle taints removed. */
export function kubeletPostsReady(state: ClusterState, name: string, trace: TraceRecorder): ClusterState {
  const node = state.nodes.get(name);
  if (!node) return state;
  const f = decide("node-lifecycle", state.kubernetesVersion, {
    step: "monitor",
    kubeletPosting: true,
    readyStatus: readyStatus(node),
  });
  if (f.ruleId !== "node-lifecycle/ready-again") return state;
  trace.rule(f.ruleId);
  const ref = objectRefString(node);
  trace.change(ref, "status.conditions.Ready", readyStatus(node), "True");
  let next = setReady(
    node,
    { status: "True", reason: String(f.params.reason), message: String(f.params.message) },
    state.time,
  );
  const taints = (node.spec?.taints ?? []).filter((t) => t.key !== TAINT_UNREACHABLE && t.key !== TAINT_NOT_READY);
  if (taints.length !== (node.spec?.taints ?? []).length) {
    trace.change(
      ref,
      "spec.taints",
      (node.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`),
      taints.map((t) => `${t.key}:${t.effect}`),
    );
    next = setTaints(next, taints);
  }
  return { ...state, nodes: state.nodes.set(name, next) };
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  if (timer.kind !== "grace" || !timer.key) return state;
  const name = timer.key;
  const node = state.nodes.get(name);
  const since = kubeletState(state).down[name];
  if (!node || since === undefined || since !== timer.data?.since) return state;
  const f = decide("node-lifecycle", state.kubernetesVersion, {
    step: "monitor",
    kubeletPosting: false,
    readyStatus: readyStatus(node),
  });
  if (f.ruleId !== "node-lifecycle/ready-unknown") return state;
  trace.rule("node-lifecycle/monitor-grace-period");
  trace.rule(f.ruleId);
  const ref = objectRefString(node);
  trace.change(ref, "status.conditions.Ready", readyStatus(node), "Unknown");
  let next = setReady(
    node,
    { status: "Unknown", reason: String(f.params.reason), message: String(f.params.message) },
    state.time,
  );
  const key = String(f.params.taint);
  const old = node.spec?.taints ?? [];
  const added: Taint[] = [];
  for (const effect of ["NoSchedule", "NoExecute"] as const)
    if (!old.some((t) => t.key === key && t.effect === effect))
      added.push({ key, effect, timeAdded: timestamp(state.time) });
  if (added.length > 0) {
    const taints = [...old.filter((t) => t.key !== TAINT_NOT_READY), ...added];
    trace.change(
      ref,
      "spec.taints",
      old.map((t) => `${t.key}:${t.effect}`),
      taints.map((t) => `${t.key}:${t.effect}`),
    );
    next = setTaints(next, taints);
  }
  state = { ...state, nodes: state.nodes.set(name, next) };
  return markPodsNotReady(state, name, trace);
}

/** The node lifecycle controller: all its work happens on its grace-period timers and NodeUp. */
export const nodeLifecycleController: Controller = {
  name: NODE_LIFECYCLE,
  reconcile: (state) => state,
  onTimer,
};
