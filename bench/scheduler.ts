/**
 * `npm run bench -- scheduler`: 5,000 nodes and 10,000 pending pods scheduled one cycle each with the
 * default profile — first with the adaptive percentageOfNodesToScore (kube-scheduler's default), then
 * scoring all nodes (percentageOfNodesToScore 100) as the peer run. Upstream's CI floor for this
 * workload (scheduler_perf SchedulingBasic 5000Nodes_10000Pods) is 680 pods/s. Last line: JSON.
 */
import type { Node, Pod } from "../engine/model/k8s.js";
import { scheduleOne } from "../engine/scheduler/cycle.js";
import { buildProfile, type Profile } from "../engine/scheduler/profile.js";
import { addPod, buildSnapshot } from "../engine/scheduler/snapshot.js";
import { makeNodes, makePods } from "./scheduler/workload.js";

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const PODS = Number(process.env.BENCH_PODS ?? 10000);

interface RunResult {
  readonly podsPerS: number;
  readonly bound: number;
  readonly unschedulable: number;
  readonly seconds: number;
}

function run(label: string, nodes: readonly Node[], pods: readonly Pod[], profile: Profile): RunResult {
  const snapshot = buildSnapshot(nodes, []);
  let rng = 1;
  let next = 0;
  let bound = 0;
  let unschedulable = 0;
  const t0 = performance.now();
  for (const pod of pods) {
    const r = scheduleOne(snapshot, pod, profile, { nextStartNodeIndex: next, rng });
    rng = r.rng;
    next = r.nextStartNodeIndex;
    if (r.kind === "scheduled") {
      addPod(snapshot, { ...pod, spec: { ...pod.spec, nodeName: r.node } }, r.node);
      bound++;
    } else unschedulable++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const podsPerS = Math.round(pods.length / seconds);
  process.stdout.write(
    `${label}: ${pods.length} pods on ${nodes.length} nodes in ${seconds.toFixed(2)} s = ${podsPerS} pods/s (${bound} bound, ${unschedulable} unschedulable)\n`,
  );
  return { podsPerS, bound, unschedulable, seconds };
}

const nodes = makeNodes(NODES);
const pods = makePods(PODS);
const adaptive = run("adaptive percentageOfNodesToScore", nodes, pods, buildProfile(undefined, "1.36"));
const all = run("percentageOfNodesToScore 100", nodes, pods, buildProfile({ percentageOfNodesToScore: 100 }, "1.36"));
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  `adaptive is ${(adaptive.podsPerS / all.podsPerS).toFixed(2)}x the all-nodes run; upstream CI floor 680 pods/s\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: "scheduler",
    nodes: NODES,
    pods: PODS,
    pods_per_s: adaptive.podsPerS,
    pods_per_s_all_nodes: all.podsPerS,
    peak_rss_mb: peakRssMb,
  })}\n`,
);
