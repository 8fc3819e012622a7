/**
 * `npm run bench -- step`: events per second through `step` on a 1,000-pod cluster (10 nodes) with
 * crash loops and probe results, with the trace off (the fuzzing path) and on (simulate). The
 * event stream is generated up front from a fixed seed; the last line is JSON.
 */
import { CONTROLLERS } from "../engine/controllers/registry.js";
import type { Node, Pod } from "../engine/model/k8s.js";
import type { ClusterState, Controller, EngineEvent, Timer, TraceRecorder } from "../engine/model/state.js";
import type { Scenario } from "../engine/scenario/types.js";
import { runScenario, step } from "../engine/step.js";

const PODS = 1_000;
const NODES = 10;
const EVENTS = Number(process.env.BENCH_STEP_EVENTS ?? 100_000);

function node(i: number): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `n${i}` },
    status: {
      allocatable: { cpu: "256", memory: "1Ti", pods: "500" },
      conditions: [{ type: "Ready", status: "True" }],
    },
  };
}

function pod(i: number): Pod {
  const sidecar = i % 4 === 0;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `p${i}`, namespace: "default" },
    spec: {
      nodeName: `n${i % NODES}`,
      ...(sidecar
        ? { initContainers: [{ name: "proxy", image: "envoy:1.30", restartPolicy: "Always" as const }] }
        : {}),
      containers: [
        {
          name: "app",
          image: "app:1.0",
          resources: { requests: { cpu: "100m", memory: "64Mi" } },
          readinessProbe: { httpGet: { port: 8080, path: "/ready" } },
          livenessProbe: { httpGet: { port: 8080, path: "/live" } },
        },
      ],
    },
  };
}

/** A deterministic stream: crashes, readiness flaps, liveness failures, 50ms apart. */
function events(n: number): EngineEvent[] {
  let x = 0x9e3779b9;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const out: EngineEvent[] = [];
  for (let i = 0; i < n; i++) {
    const at = (i + 1) * 50;
    const p = `default/p${Math.floor(rnd() * PODS)}`;
    const r = rnd();
    if (r < 0.35) out.push({ type: "ContainerExited", at, pod: p, container: "app", exitCode: 1 });
    else if (r < 0.7)
      out.push({
        type: "ProbeResult",
        at,
        pod: p,
        container: "app",
        probe: "readiness",
        result: rnd() < 0.5 ? "Failure" : "Success",
      });
    else if (r < 0.8)
      out.push({ type: "ProbeResult", at, pod: p, container: "app", probe: "liveness", result: "Failure" });
    else out.push({ type: "AdvanceTime", at });
  }
  return out;
}

/** The pod-level controllers this benchmark exercises (no workloads in the scenario). */
const POD_LEVEL = new Set(["apiserver-pod-defaulting", "node-lifecycle", "taint-eviction", "podgc", "kubelet"]);
const KUBELET_ONLY: readonly Controller[] = CONTROLLERS.filter((c) => POD_LEVEL.has(c.name));

function run(
  start: ClusterState,
  evs: readonly EngineEvent[],
  trace: boolean,
  controllers: readonly Controller[] = CONTROLLERS,
): { perSecond: number; changes: number } {
  let state = start;
  let changes = 0;
  const t0 = process.hrtime.bigint();
  for (const ev of evs) {
    const r = step(state, ev, { trace, controllers });
    state = r.state;
    if (trace) for (const e of r.trace) changes += e.changes.length;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSecond: evs.length / secs, changes };
}

/**
 * Trace off and on over the same stream, alternating chunks of CHUNK events so JIT warm-up, GC
 * state and the machine's load fall on both alike (run one after the other, whichever ran second
 * looked faster). Wall time per side, summed over its chunks.
 */
const CHUNK = 5_000;
function runBoth(
  start: ClusterState,
  evs: readonly EngineEvent[],
  controllers: readonly Controller[],
): { off: number; on: number; changes: number } {
  const state = { off: start, on: start };
  const ns = { off: 0n, on: 0n };
  let changes = 0;
  for (let i = 0; i < evs.length; i += CHUNK) {
    const chunk = evs.slice(i, i + CHUNK);
    // Alternate which side goes first: garbage one side leaves is collected during the next chunk.
    const order = (i / CHUNK) % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const);
    for (const side of order) {
      const trace = side === "on";
      let s = state[side];
      const t0 = process.hrtime.bigint();
      for (const ev of chunk) {
        const r = step(s, ev, { trace, controllers });
        s = r.state;
        if (trace) for (const e of r.trace) changes += e.changes.length;
      }
      ns[side] += process.hrtime.bigint() - t0;
      state[side] = s;
    }
  }
  return { off: evs.length / (Number(ns.off) / 1e9), on: evs.length / (Number(ns.on) / 1e9), changes };
}

const scenario: Scenario = {
  name: "bench-step",
  kubernetesVersion: "1.36",
  nodes: Array.from({ length: NODES }, (_, i) => node(i)),
  objects: Array.from({ length: PODS }, (_, i) => pod(i)),
  events: [],
};
let peak = process.memoryUsage().rss;
const tSetup = process.hrtime.bigint();
const start = runScenario(scenario, { until: 0, trace: false }).state;
const setupMs = Number(process.hrtime.bigint() - tSetup) / 1e6;
const evs = events(EVENTS);
run(start, evs.slice(0, 5_000), false, KUBELET_ONLY); // warm-up (JIT)
const both = runBoth(start, evs, KUBELET_ONLY);
const off = { perSecond: both.off };
const on = { perSecond: both.on, changes: both.changes };
peak = Math.max(peak, process.memoryUsage().rss);
// The whole registry (scheduler, workload controllers, garbage collector) on the same stream, shorter.
const ALL_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_STEP_ALL_EVENTS ?? 2_000));
const all = run(start, evs.slice(0, ALL_EVENTS), false, CONTROLLERS);
peak = Math.max(peak, process.memoryUsage().rss);
// Where the whole-registry time goes: the same stream again with every reconcile and timer timed.
const spent = new Map<string, bigint>(CONTROLLERS.map((c) => [c.name, 0n]));
const timed: Controller[] = CONTROLLERS.map((c) => {
  const add = (t0: bigint) => spent.set(c.name, (spent.get(c.name) ?? 0n) + process.hrtime.bigint() - t0);
  return {
    name: c.name,
    reconcile(state, trace) {
      const t0 = process.hrtime.bigint();
      const out = c.reconcile(state, trace);
      add(t0);
      return out;
    },
    ...(c.onTimer
      ? {
          onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder) {
            const t0 = process.hrtime.bigint();
            const out = c.onTimer?.(state, timer, trace) ?? state;
            add(t0);
            return out;
          },
        }
      : {}),
  };
});
run(start, evs.slice(0, ALL_EVENTS), false, timed);
const perController = Object.fromEntries(
  [...spent]
    .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
    .map(([n, t]) => [n, Number(t) / 1000 / ALL_EVENTS]),
);
console.log(
  `step: ${PODS} pods on ${NODES} nodes, ${EVENTS} events (crashes, probe results, time advances); setup ${setupMs.toFixed(0)} ms`,
);
console.log(`  trace off: ${Math.round(off.perSecond).toLocaleString("en-US")} events/s`);
console.log(
  `  trace on:  ${Math.round(on.perSecond).toLocaleString("en-US")} events/s (${on.changes} changes recorded)`,
);
console.log(
  `  all ${CONTROLLERS.length} registered controllers, trace off: ${Math.round(all.perSecond).toLocaleString("en-US")} events/s (${ALL_EVENTS} events)`,
);
console.log(
  `  per controller (µs per event, all registered, timed run): ${Object.entries(perController)
    .map(([n, us]) => `${n} ${us.toFixed(1)}`)
    .join(", ")}`,
);
console.log(
  JSON.stringify({
    bench: "step",
    pods: PODS,
    events: EVENTS,
    events_per_s: Math.round(off.perSecond),
    events_per_s_trace: Math.round(on.perSecond),
    trace_overhead: Number((off.perSecond / on.perSecond).toFixed(2)),
    controllers: KUBELET_ONLY.map((c) => c.name),
    events_per_s_all_controllers: Math.round(all.perSecond),
    all_controllers_us_per_event: Object.fromEntries(
      Object.entries(perController).map(([n, us]) => [n, Number(us.toFixed(1))]),
    ),
    peak_rss_mb: Math.round(peak / 1048576),
  }),
);
