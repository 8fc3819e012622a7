/**
 * `npm run bench -- controllers`: 200 Deployments (5 replicas), 50 StatefulSets (3 replicas) and 5
 * DaemonSets on 500 nodes are rolled out through the full step loop (workload controllers,
 * scheduler, kubelet), then every template gets a new image and rolls again. Reports simulated pods
 * (created over both phases) per wall-clock second and peak RSS; the last line is JSON.
 * BENCH_CONTROLLERS_SCALE (default 1) scales every count down for a quick run.
 */
import type { KubeObject, Node } from "../engine/model/k8s.js";
import type { ClusterState, EngineEvent } from "../engine/model/state.js";
import type { Scenario } from "../engine/scenario/types.js";
import { runScenario } from "../engine/step.js";

const SCALE = Number(process.env.BENCH_CONTROLLERS_SCALE ?? 1);
const NODES = Math.max(1, Math.round(500 * SCALE));
const DEPLOYMENTS = Math.max(1, Math.round(200 * SCALE));
const STATEFULSETS = Math.max(1, Math.round(50 * SCALE));
const DAEMONSETS = 5;

function node(i: number): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `node-${i}`, labels: { "kubernetes.io/hostname": `node-${i}`, zone: `z${i % 3}` } },
    status: {
      allocatable: { cpu: "64", memory: "256Gi", pods: "110" },
      capacity: { cpu: "64", memory: "256Gi", pods: "110" },
      conditions: [{ type: "Ready", status: "True" }],
    },
  };
}

function template(app: string, image: string) {
  return {
    metadata: { labels: { app } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: "app", image, resources: { requests: { cpu: "10m", memory: "16Mi" } } }],
    },
  };
}

function workloads(): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < DEPLOYMENTS; i++)
    out.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `web-${i}`, namespace: "default" },
      spec: { replicas: 5, selector: { matchLabels: { app: `web-${i}` } }, template: template(`web-${i}`, "web:1") },
    });
  for (let i = 0; i < STATEFULSETS; i++)
    out.push({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: `db-${i}`, namespace: "default" },
      spec: {
        replicas: 3,
        serviceName: `db-${i}`,
        selector: { matchLabels: { app: `db-${i}` } },
        template: template(`db-${i}`, "db:1"),
      },
    });
  for (let i = 0; i < DAEMONSETS; i++)
    out.push({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: `agent-${i}`, namespace: "kube-system" },
      spec: {
        selector: { matchLabels: { app: `agent-${i}` } },
        // with maxUnavailable 1 a 500-node rollout takes 1,000 controller rounds in one instant
        // (the kubelet model starts and stops pods at once), beyond step's settle bound; 10% is the
        // usual setting on clusters this size
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "10%" } },
        template: template(`agent-${i}`, "agent:1"),
      },
    });
  return out;
}

function updates(objects: readonly KubeObject[], at: number): EngineEvent[] {
  return objects.map((o) => ({
    type: "UpdateTemplate",
    at,
    kind: o.kind,
    name: o.metadata.name ?? "",
    namespace: o.metadata.namespace ?? "default",
    patch: { spec: { containers: [{ name: "app", image: `${o.kind.toLowerCase()}:2` }] } },
  }));
}

function uids(state: ClusterState): Set<string> {
  const s = new Set<string>();
  for (const p of state.pods.values()) s.add(p.metadata.uid ?? "");
  return s;
}

let peakRss = process.memoryUsage().rss;
const sample = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const nodes = Array.from({ length: NODES }, (_, i) => node(i));
const objects = workloads();
const base: Scenario = { name: "bench-controllers", kubernetesVersion: "1.36", nodes, objects, events: [] };

const t0 = process.hrtime.bigint();
const rollout = runScenario(base, { trace: false, until: 0 });
const t1 = process.hrtime.bigint();
const firstPods = uids(rollout.state);
const full = runScenario({ ...base, events: updates(objects, 60_000) }, { trace: false, until: 60_000 });
const t2 = process.hrtime.bigint();
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const finalPods = uids(full.state);
let replaced = 0;
for (const u of finalPods) if (!firstPods.has(u)) replaced++;
const running = [...full.state.pods.values()].filter((p) => p.status?.phase === "Running").length;
const updated = [...full.state.pods.values()].filter((p) => (p.spec.containers[0]?.image ?? "").endsWith(":2")).length;
const rolloutSecs = Number(t1 - t0) / 1e9;
// the second run repeats the rollout before the update: count only its update phase
const updateSecs = Math.max(1e-9, Number(t2 - t1) / 1e9 - rolloutSecs);
const pods = firstPods.size + replaced;
const secs = rolloutSecs + updateSecs;

process.stdout.write(
  `nodes=${NODES} deployments=${DEPLOYMENTS} statefulsets=${STATEFULSETS} daemonsets=${DAEMONSETS}\n` +
    `rollout: ${firstPods.size} pods in ${rolloutSecs.toFixed(2)}s; update: ${replaced} new pods in ${updateSecs.toFixed(2)}s; ` +
    `at the end ${running} Running, ${updated} on the new image\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: "controllers",
    pods,
    simulated_pods_per_s: Math.round(pods / secs),
    peak_rss_mb: Math.round(peakRss / 1048576),
    rollout_s: Number(rolloutSecs.toFixed(3)),
    update_s: Number(updateSecs.toFixed(3)),
    nodes: NODES,
  })}\n`,
);
