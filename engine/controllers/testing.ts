/**
 * Test support for the workload controllers: a state builder, a trace recorder, and a stand-in
 * "instant cluster" (binds pods, makes them Running and Ready, finishes terminations) so a
 * controller's own logic can be tested without the scheduler and kubelet. Used only by tests.
 */
import type { KubeObject, Node, Pod } from "../model/k8s.js";
import { emptyMap } from "../model/pmap.js";
import type { ClusterState, Controller, TraceRecorder } from "../model/state.js";
import { storeKeyOf } from "./common/state-ops.js";
import { timestampAt } from "./common/time.js";

/** A trace recorder that keeps every rule id (with repeats) and change, in order. */
export class TestTrace implements TraceRecorder {
  readonly enabled = true;
  readonly rules: string[] = [];
  readonly changes: { object: string; field: string; from: unknown; to: unknown }[] = [];
  /** Each change with the rule traced just before it (the rule that caused it). */
  readonly log: { rule: string | undefined; object: string; field: string }[] = [];
  rule(ruleId: string): void {
    this.rules.push(ruleId);
  }
  change(object: string, field: string, from: unknown, to: unknown): void {
    this.changes.push({ object, field, from, to });
    this.log.push({ rule: this.rules[this.rules.length - 1], object, field });
  }
  /** Pod names created, in order. */
  created(): string[] {
    return this.changes.filter((c) => c.object.startsWith("Pod/") && c.field === "created").map((c) => podOf(c.object));
  }
  /** Pod names deleted or marked for deletion, in order. */
  deleted(): string[] {
    return this.changes
      .filter((c) => c.object.startsWith("Pod/") && (c.field === "deleted" || c.field === "metadata.deletionTimestamp"))
      .map((c) => podOf(c.object));
  }
}

function podOf(object: string): string {
  return object.slice(object.lastIndexOf("/") + 1);
}

/** A node named `name` with plenty of room. */
export function testNode(name: string, labels: Record<string, string> = {}, taints: Node["spec"] = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    spec: taints,
    status: {
      allocatable: { cpu: "64", memory: "256Gi", pods: "500" },
      conditions: [{ type: "Ready", status: "True" }],
    },
  };
}

/** A state holding `objects` and `nodes` at time 0. */
export function testState(
  objects: readonly KubeObject[],
  nodes: readonly Node[] = [testNode("n1")],
  kubernetesVersion = "1.36",
): ClusterState {
  let o = emptyMap<KubeObject>();
  for (const x of objects) o = o.set(storeKeyOf(x), x);
  let n = emptyMap<Node>();
  for (const x of nodes) n = n.set(x.metadata.name ?? "", x);
  return {
    time: 0,
    kubernetesVersion,
    seq: 0,
    rng: 1,
    nodes: n,
    pods: emptyMap<Pod>(),
    objects: o,
    timers: emptyMap(),
    controllers: emptyMap(),
  };
}

/** What the stand-in cluster does with pods. */
export interface FakeClusterOptions {
  /** Pods (by name) that start but never become Ready. */
  readonly neverReady?: ReadonlySet<string>;
  /** Pods (by name) whose termination never completes (their node is gone). */
  readonly stuckTerminating?: ReadonlySet<string>;
  /** Pods (by name) that are not bound or started. */
  readonly unscheduled?: ReadonlySet<string>;
  /** Node for a pod (default: the DaemonSet target node, else the first node). */
  readonly nodeFor?: (pod: Pod, state: ClusterState) => string | undefined;
}

function targetNode(pod: Pod, state: ClusterState): string | undefined {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const t of terms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === "metadata.name" && f.values?.[0]) return f.values[0];
  }
  return state.nodes.keys().next().value;
}

/**
 * One round of the stand-in cluster: binds pending pods, makes them Running (and Ready unless listed
 * in neverReady), and removes terminating pods (unless stuck). Returns the same state when idle.
 */
export function fakeCluster(opts: FakeClusterOptions = {}): Controller {
  return {
    name: "fake-cluster",
    reconcile(state: ClusterState): ClusterState {
      let pods = state.pods;
      const now = timestampAt(state.time);
      for (const [key, pod] of state.pods.entries()) {
        const name = pod.metadata.name ?? "";
        if (pod.metadata.deletionTimestamp) {
          if (!opts.stuckTerminating?.has(name)) pods = pods.delete(key);
          continue;
        }
        if (opts.unscheduled?.has(name)) continue;
        if (pod.status?.phase === "Pending" || !pod.status?.phase) {
          const node = pod.spec.nodeName ?? (opts.nodeFor ?? targetNode)(pod, state);
          if (!node) continue;
          const ready = !opts.neverReady?.has(name);
          const next: Pod = {
            ...pod,
            spec: { ...pod.spec, nodeName: node },
            status: {
              phase: "Running",
              conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: now }],
              containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, ready, restartCount: 0 })),
            },
          };
          pods = pods.set(key, next);
        }
      }
      return pods === state.pods ? state : { ...state, pods };
    },
  };
}

/** Runs the controllers (in order) round after round until nothing changes; returns the final state. */
export function settleAll(
  state: ClusterState,
  controllers: readonly Controller[],
  trace: TraceRecorder,
  max = 500,
): ClusterState {
  for (let i = 0; i < max; i++) {
    const before = state;
    for (const c of controllers) state = c.reconcile(state, trace);
    if (state === before) return state;
  }
  throw new Error("controllers did not settle");
}

/** Pod names in the state, sorted. */
export function podNames(state: ClusterState): string[] {
  return [...state.pods.values()].map((p) => p.metadata.name ?? "").sort();
}

/** Replaces a stored object's spec (as a Scale/UpdateTemplate event would). */
export function withSpec(state: ClusterState, key: string, spec: unknown): ClusterState {
  const o = state.objects.get(key);
  if (!o) throw new Error(`no object ${key}`);
  return { ...state, objects: state.objects.set(key, { ...o, spec }) };
}

/** A StatefulSet manifest. */
export function statefulSet(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "default" },
    spec: {
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
      ...spec,
    },
  };
}

/** A Deployment manifest. */
export function deployment(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
      ...spec,
    },
  };
}

/** Replaces the first container's image of a workload's pod template. */
export function setImage(state: ClusterState, key: string, image: string): ClusterState {
  const o = state.objects.get(key);
  if (!o) throw new Error(`no object ${key}`);
  const sp = o.spec as { template: { metadata?: unknown; spec: { containers: { name: string }[] } } };
  const containers = sp.template.spec.containers.map((c, i) => (i === 0 ? { ...c, image } : c));
  return withSpec(state, key, { ...sp, template: { ...sp.template, spec: { ...sp.template.spec, containers } } });
}

/** A DaemonSet manifest. */
export function daemonSet(
  name: string,
  spec: Record<string, unknown> = {},
  podSpec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "kube-system" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "agent", image: "agent:1" }], ...podSpec },
      },
      ...spec,
    },
  };
}
