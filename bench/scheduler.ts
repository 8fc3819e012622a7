/**
 * `npm run bench -- scheduler`: 5,000 nodes and 10,000 pending pods scheduled one cycle each with the
 * default profile — first with the adaptive percentageOfNodesToScore (kube-scheduler's default), then
 * scoring all nodes (percentageOfNodesToScore 100) as the peer run. Upstream's CI floor for this
 * workload (scheduler_perf SchedulingBasic 5000Nodes_10000Pods) is 680 pods/s. Last line: JSON.
 */
import type { Node, Pod } from "../engine/model/k8s.js";
import { scheduleOne } from "../engine/scheduler/cycle.js";
import { podInfo } from "../engine/scheduler/pod-info.js";
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
      addPod(snapshot, { ...pod, spec: { ...pod.spec, nodeName: r.node } }, r.node, podInfo(pod));
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

/**
 * The peer measured in the same run: the cost of a trivial polymorphic closure call over plain objects
 * (a filter/score plugin call does little more). On a shared, loaded machine both move together, so
 * pods/s × ns-per-call is a load-independent figure of merit.
 */
function calibrateNsPerCall(): number {
  const objs = Array.from({ length: 5000 }, (_, i) => ({ a: i, b: i * 2, c: { d: i } }));
  const fns = [
    (o: (typeof objs)[0]) => o.a > 10,
    (o: (typeof objs)[0]) => o.b < 0,
    (o: (typeof objs)[0]) => o.c.d === 3,
  ];
  let x = 0;
  const t = performance.now();
  for (let k = 0; k < 100; k++) for (const o of objs) for (const f of fns) if (f(o)) x++;
  const ns = ((performance.now() - t) * 1e6) / (100 * objs.length * fns.length);
  return x > 0 ? ns : ns;
}

const nodes = makeNodes(NODES);
const pods = makePods(PODS);
const calibBefore = calibrateNsPerCall();
const adaptive = run("adaptive percentageOfNodesToScore", nodes, pods, buildProfile(undefined, "1.36"));
const all = run("percentageOfNodesToScore 100", nodes, pods, buildProfile({ percentageOfNodesToScore: 100 }, "1.36"));
const calibAfter = calibrateNsPerCall();
const calib = (calibBefore + calibAfter) / 2;
process.stdout.write(
  `peer: a trivial closure call costs ${calibBefore.toFixed(1)} ns before, ${calibAfter.toFixed(1)} ns after (an idle core: ~2-5 ns); ` +
    `pods/s x ns/call = ${Math.round(adaptive.podsPerS * calib)} adaptive, ${Math.round(all.podsPerS * calib)} all nodes\n`,
);
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
    peer_ns_per_call: Number(calib.toFixed(1)),
  })}\n`,
);
