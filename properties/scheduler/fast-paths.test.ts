import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Pod } from "../../engine/model/k8s.js";
import {
  type CycleResult,
  type PluginScores,
  prioritize,
  prioritizeTotals,
  runFilters,
  runPreFilter,
  scheduleOne,
} from "../../engine/scheduler/cycle.js";
import { newCycleState } from "../../engine/scheduler/framework.js";
import { countPodsMatchSelector } from "../../engine/scheduler/match-counts.js";
import { requiredNodeAffinity } from "../../engine/scheduler/plugins/node-affinity.js";
import {
  type Constraint,
  LABEL_HOSTNAME,
  matchNodeInclusionPolicies,
  nodeHasAllKeys,
} from "../../engine/scheduler/plugins/pod-topology-spread-common.js";
import { podInfo } from "../../engine/scheduler/pod-info.js";
import { buildProfile, type Profile } from "../../engine/scheduler/profile.js";
import { firstUntoleratedTaint } from "../../engine/scheduler/selectors.js";
import { addPod, buildSnapshot, type NodeInfo, removePod, type Snapshot } from "../../engine/scheduler/snapshot.js";
import { type SpreadCluster, spreadClusterArbitrary } from "./spread.arbitrary.js";

const profile = buildProfile(undefined, "1.36");

/** Profiles whose scoring takes each path: the cpu+memory table scorers and the generic one. */
const fitStrategy = (scoringStrategy: Record<string, unknown>) =>
  buildProfile({ pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy } }] }, "1.36");
const scoringProfiles: readonly [string, Profile][] = [
  ["default", profile],
  [
    "MostAllocated cpu×2",
    fitStrategy({
      type: "MostAllocated",
      resources: [
        { name: "memory", weight: 1 },
        { name: "cpu", weight: 2 },
      ],
    }),
  ],
  ["RequestedToCapacityRatio", fitStrategy({ type: "RequestedToCapacityRatio" })],
  ["LeastAllocated cpu only", fitStrategy({ type: "LeastAllocated", resources: [{ name: "cpu", weight: 1 }] })],
  [
    "balanced over cpu, memory and ephemeral-storage",
    buildProfile(
      {
        pluginConfig: [
          {
            name: "NodeResourcesBalancedAllocation",
            args: { resources: [{ name: "cpu" }, { name: "memory" }, { name: "ephemeral-storage" }] },
          },
        ],
      },
      "1.36",
    ),
  ],
];
const clusterArb = spreadClusterArbitrary(7, 10, 14);

/** How often the generated clusters reach the states the fast paths shortcut (checked non-zero below). */
const coverage = {
  scheduled: 0,
  unschedulable: 0,
  spreadRejected: 0,
  spreadScored: 0,
  defaultSpread: 0,
  hostnameKey: 0,
  honouredScored: 0,
  terminatingExisting: 0,
  removed: 0,
  cachedSelectors: 0,
  totalsCompared: 0,
  fullNodes: 0,
  selectorRejected: 0,
  spreadFiltered: 0,
  spreadScoredNodes: 0,
};

/** Every memoised count equals countPodsMatchSelector on the node, and every domain sum its recount. */
function checkMatchCounts(s: Snapshot): void {
  for (const e of s.matchCounts!.values()) {
    for (const ni of s.nodes) {
      expect(e.perNode[ni.index]).toBe(countPodsMatchSelector(ni, e.selector, e.namespace));
    }
    for (const [key, m] of e.byDomain) {
      const want = new Map<string, number>();
      for (const ni of s.nodes) {
        if (!Object.hasOwn(ni.labels, key)) continue;
        const v = ni.labels[key]!;
        want.set(v, (want.get(v) ?? 0) + countPodsMatchSelector(ni, e.selector, e.namespace));
      }
      for (const v of new Set([...want.keys(), ...m.keys()])) expect(m.get(v) ?? 0).toBe(want.get(v) ?? 0);
    }
  }
}

/** Every plugin's raw and normalized scores over the nodes that pass PreFilter and every Filter. */
function allScores(s: Snapshot, pod: Pod): { feasible: string[]; plugins: PluginScores[] } {
  const cs = newCycleState(pod, podInfo(pod), s);
  const pre = runPreFilter(profile, cs);
  if (pre.rejected) return { feasible: [], plugins: [] };
  const feasible = s.nodes.filter(
    (ni) => (!pre.nodeNames || pre.nodeNames.has(ni.name)) && !runFilters(profile.filter, cs, ni, pre.skipped),
  );
  if (feasible.length === 0) return { feasible: [], plugins: [] };
  return { feasible: feasible.map((n) => n.name), plugins: prioritize(profile, cs, feasible).plugins };
}

/** The node table holds exactly the NodeInfo objects' numbers. */
function checkTable(s: Snapshot): void {
  const t = s.table;
  for (const ni of s.nodes) {
    const k = ni.index;
    expect(s.nodes[k]).toBe(ni);
    expect([t.allocCpu[k], t.allocMemory[k], t.allocEphemeral[k], t.allowedPods[k]]).toEqual([
      ni.allocatable.cpu,
      ni.allocatable.memory,
      ni.allocatable.ephemeralStorage,
      ni.allocatable.pods,
    ]);
    expect([t.reqCpu[k], t.reqMemory[k], t.reqEphemeral[k], t.nonZeroCpu[k], t.nonZeroMemory[k]]).toEqual([
      ni.requested.cpu,
      ni.requested.memory,
      ni.requested.ephemeralStorage,
      ni.nonZeroRequested.cpu,
      ni.nonZeroRequested.memory,
    ]);
    expect([t.numPods[k], t.noScheduleTaints[k], t.preferNoScheduleTaints[k]]).toEqual([
      ni.pods.size,
      ni.noScheduleTaints.length,
      ni.preferNoScheduleTaints.length,
    ]);
  }
}

/**
 * For every scoring profile: the cycle's totals (batch scoreNodes, constant scores) equal Σ weight ×
 * normalized of every plugin scored node by node, over the nodes feasible for `pod`.
 */
function checkTotals(s: Snapshot, pod: Pod): void {
  for (const [name, p] of scoringProfiles) {
    const cs = newCycleState(pod, podInfo(pod), s);
    const pre = runPreFilter(p, cs);
    if (pre.rejected) continue;
    const feasible = s.nodes.filter(
      (ni) => (!pre.nodeNames || pre.nodeNames.has(ni.name)) && !runFilters(p.filter, cs, ni, pre.skipped),
    );
    if (feasible.length === 0) continue;
    const perNode = prioritize(p, cs, feasible).totals;
    const batch = [...prioritizeTotals(p, newCycleState(pod, podInfo(pod), s), feasible)];
    expect({ profile: name, totals: batch }).toEqual({ profile: name, totals: perNode });
    coverage.totalsCompared++;
  }
}

const filterOf = (name: string) => profile.filter.find((p) => p.name === name)!;

/**
 * The filters with a fast path (node table, label columns, per-cycle hoisting) accept exactly the
 * nodes the straightforward computation on the NodeInfo objects accepts.
 */
function checkFilters(s: Snapshot, pod: Pod): void {
  const pi = podInfo(pod);
  const req = pi.resources.requests;
  const matcher = requiredNodeAffinity(pod);
  const cs = newCycleState(pod, pi, s);
  for (const ni of s.nodes) {
    const a = ni.allocatable;
    const used = ni.requested;
    const fits =
      ni.pods.size + 1 <= a.pods &&
      !(req.cpu > 0 && req.cpu > a.cpu - used.cpu) &&
      !(req.memory > 0 && req.memory > a.memory - used.memory) &&
      !(req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage);
    const want = {
      NodeResourcesFit: fits,
      TaintToleration: firstUntoleratedTaint(ni.node.spec?.taints, pod.spec.tolerations) === undefined,
      NodeAffinity: matcher(ni),
    };
    const got = {
      NodeResourcesFit: filterOf("NodeResourcesFit").filter!(cs, ni).code === "Success",
      TaintToleration: filterOf("TaintToleration").filter!(cs, ni).code === "Success",
      NodeAffinity: filterOf("NodeAffinity").filter!(cs, ni).code === "Success",
    };
    expect({ node: ni.name, ...got }).toEqual({ node: ni.name, ...want });
    if (!want.NodeAffinity) coverage.selectorRejected++;
  }
}

interface SpreadState {
  constraints: Constraint[];
  counts: Map<string, number>[];
  minMatch?: number[];
  selfMatch?: number[];
  weights?: number[];
  ignored?: Set<string>;
}

const sortedCounts = (ms: readonly Map<string, number>[]) =>
  ms.map((m) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** calPreFilterState's counts as upstream computes them: every node, policies and pods checked directly. */
function referenceFilterCounts(s: Snapshot, pod: Pod, constraints: readonly Constraint[]): Map<string, number>[] {
  const counts = constraints.map(() => new Map<string, number>());
  for (const ni of s.nodes) {
    if (!nodeHasAllKeys(ni.labels, constraints)) continue;
    for (const [i, c] of constraints.entries()) {
      if (!matchNodeInclusionPolicies(c, pod, ni)) continue;
      const v = ni.labels[c.topologyKey]!;
      const n = countPodsMatchSelector(ni, c.selector, podInfo(pod).namespace);
      counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + n);
    }
  }
  return counts;
}

/** initPreScoreState's counts as upstream computes them (feasible = every node here). */
function referenceScoreCounts(s: Snapshot, pod: Pod, constraints: readonly Constraint[]): Map<string, number>[] {
  const requireAll = (pod.spec.topologySpreadConstraints ?? []).length > 0;
  const value = (ni: NodeInfo, key: string) => (Object.hasOwn(ni.labels, key) ? ni.labels[key]! : "");
  const counts = constraints.map(() => new Map<string, number>());
  for (const ni of s.nodes) {
    if (requireAll && !nodeHasAllKeys(ni.labels, constraints)) continue;
    for (const [i, c] of constraints.entries())
      if (c.topologyKey !== LABEL_HOSTNAME) counts[i]!.set(value(ni, c.topologyKey), 0);
  }
  for (const ni of s.nodes) {
    if (requireAll && !nodeHasAllKeys(ni.labels, constraints)) continue;
    for (const [i, c] of constraints.entries()) {
      if (c.topologyKey === LABEL_HOSTNAME || !matchNodeInclusionPolicies(c, pod, ni)) continue;
      const v = value(ni, c.topologyKey);
      const cur = counts[i]!.get(v);
      if (cur !== undefined) counts[i]!.set(v, cur + countPodsMatchSelector(ni, c.selector, podInfo(pod).namespace));
    }
  }
  return counts;
}

/**
 * PodTopologySpread's Pre* counts (memoised, by domain, on label columns) equal upstream's direct
 * computation; its Filter and Score (which read label columns and counts by value id) equal
 * upstream's computation over the node labels and the per-value count maps of the Pre* state.
 */
function checkSpread(s: Snapshot, pod: Pod): void {
  const pts = profile.filter.find((p) => p.name === "PodTopologySpread")!;
  const pi = podInfo(pod);
  const cs = newCycleState(pod, pi, s);
  if (pts.preFilter!(cs).status.code === "Success") {
    const st = cs.data.get("PreFilterPodTopologySpread") as SpreadState;
    expect(sortedCounts(st.counts)).toEqual(sortedCounts(referenceFilterCounts(s, pod, st.constraints)));
    for (const ni of s.nodes) {
      let want = "Success";
      for (const [i, c] of st.constraints.entries()) {
        if (!Object.hasOwn(ni.labels, c.topologyKey)) {
          want = "UnschedulableAndUnresolvable";
          break;
        }
        const self = c.selector(pi.labels) ? 1 : 0;
        if ((st.counts[i]!.get(ni.labels[c.topologyKey]!) ?? 0) + self - st.minMatch![i]! > c.maxSkew) {
          want = "Unschedulable";
          break;
        }
      }
      expect({ node: ni.name, filter: pts.filter!(cs, ni).code }).toEqual({ node: ni.name, filter: want });
      if (want !== "Success") coverage.spreadFiltered++;
    }
  }
  if (pts.preScore!(cs, s.nodes).code !== "Success" || !cs.data.has("PreScorePodTopologySpread")) return;
  const st = cs.data.get("PreScorePodTopologySpread") as SpreadState;
  expect(sortedCounts(st.counts)).toEqual(sortedCounts(referenceScoreCounts(s, pod, st.constraints)));
  for (const ni of s.nodes) {
    let want = 0;
    if (!st.ignored!.has(ni.name)) {
      for (const [i, c] of st.constraints.entries()) {
        if (!Object.hasOwn(ni.labels, c.topologyKey)) continue;
        const cnt =
          c.topologyKey === "kubernetes.io/hostname"
            ? countPodsMatchSelector(ni, c.selector, pi.namespace)
            : (st.counts[i]!.get(ni.labels[c.topologyKey]!) ?? 0);
        want += cnt * st.weights![i]! + (c.maxSkew - 1);
      }
      want = want < 0 ? -Math.round(-want) : Math.round(want);
    }
    expect({ node: ni.name, score: pts.score!(cs, ni) }).toEqual({ node: ni.name, score: want });
    coverage.spreadScoredNodes++;
  }
}

/** Schedule the pending pods on two snapshots of the same cluster (memoised counts or not), in lock step. */
function runBoth(c: SpreadCluster): { fast: unknown[]; plain: unknown[] } {
  const fast = buildSnapshot(c.nodes, c.existing, c.objects);
  const plain = buildSnapshot(c.nodes, c.existing, c.objects, { matchCounts: false });
  const out = { fast: [] as unknown[], plain: [] as unknown[] };
  const bound: { key: string; node: string }[] = [];
  let next = 0;
  let rng = c.seed >>> 0;
  for (const [i, pod] of c.pending.entries()) {
    const scores = allScores(fast, pod);
    out.fast.push(scores);
    out.plain.push(allScores(plain, pod));
    const spread = pod.spec.topologySpreadConstraints ?? [];
    if (scores.feasible.length > 0 && spread.some((t) => t.whenUnsatisfiable === "ScheduleAnyway")) {
      coverage.spreadScored++;
      if (
        spread.some(
          (t) => t.nodeTaintsPolicy === "Honor" || (t.nodeAffinityPolicy !== "Ignore" && pod.spec.nodeSelector),
        )
      )
        coverage.honouredScored++;
    }
    if (scores.feasible.length > 0 && spread.length === 0 && c.objects.length > 0) coverage.defaultSpread++;
    const a: CycleResult = scheduleOne(fast, pod, profile, { nextStartNodeIndex: next, rng });
    const b: CycleResult = scheduleOne(plain, pod, profile, { nextStartNodeIndex: next, rng });
    out.fast.push(a);
    out.plain.push(b);
    next = a.nextStartNodeIndex;
    rng = a.rng;
    if (a.kind === "scheduled") {
      const boundPod: Pod = { ...pod, spec: { ...pod.spec, nodeName: a.node } };
      addPod(fast, boundPod, a.node, podInfo(pod));
      addPod(plain, boundPod, a.node, podInfo(pod));
      bound.push({ key: podInfo(pod).key, node: a.node });
      coverage.scheduled++;
    } else {
      coverage.unschedulable++;
      if (a.message.includes("topology spread")) coverage.spreadRejected++;
    }
    const r = c.removals[i];
    if (r !== undefined && bound.length > 0) {
      const victim = bound.splice(r % bound.length, 1)[0]!;
      removePod(fast, victim.key, victim.node);
      removePod(plain, victim.key, victim.node);
      coverage.removed++;
    }
    checkMatchCounts(fast);
    checkTable(fast);
    checkFilters(fast, pod);
    checkSpread(fast, pod);
    checkTotals(fast, pod);
    if (a.kind === "unschedulable" && /Insufficient|Too many pods/.test(a.message)) coverage.fullNodes++;
    if (spread.some((t) => t.topologyKey === "kubernetes.io/hostname")) coverage.hostnameKey++;
  }
  coverage.cachedSelectors += fast.matchCounts!.size;
  if (c.existing.some((p) => p.metadata.deletionTimestamp)) coverage.terminatingExisting++;
  return out;
}

describe("the scheduler's fast paths agree with the straightforward computation", () => {
  test("memoised selector counts and the node table give the same cycles, scores and totals as the objects, through binds and removals", () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { fast, plain } = runBoth(c);
        expect(fast).toEqual(plain);
      }),
      { numRuns: 200, seed: 51 },
    );
  });

  test("default spreading counts pods on nodes without the zone label under the empty zone, memoised or not", () => {
    // Upstream's initPreScoreState reads node.Labels[key]: a node without the key counts under "".
    const node = (name: string, zone?: string) =>
      ({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: {
            "kubernetes.io/hostname": name,
            ...(zone !== undefined ? { "topology.kubernetes.io/zone": zone } : {}),
          },
        },
        status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
      }) as const;
    const web = (name: string, nodeName?: string): Pod => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default", labels: { app: "web" } },
      spec: { containers: [{ name: "c" }], ...(nodeName ? { nodeName } : {}) },
      status: { phase: nodeName ? "Running" : "Pending" },
    });
    const nodes = [node("empty-zone", ""), node("no-zone"), node("zone-a", "a"), node("zone-b", "b")];
    const existing = [web("w1", "no-zone"), web("w2", "no-zone")];
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: { selector: { app: "web" } },
    };
    const scores = (opts: { matchCounts?: boolean }) => {
      const s = buildSnapshot(nodes, existing, [svc], opts);
      const r = allScores(s, web("incoming"));
      const pts = r.plugins.find((p) => p.plugin === "PodTopologySpread")!;
      return Object.fromEntries(r.feasible.map((n, i) => [n, pts.raw[i]]));
    };
    // Zones "" (empty-zone and no-zone), a, b. empty-zone: hostname 0 pods + (3 − 1), zone "" 2 pods ×
    // log(3 zones + 2) + (5 − 1) → round(9.22) = 9 (a separate "" zone for no-zone would give 10);
    // no-zone: hostname 2 pods × log(4 nodes + 2) + 2, no zone score → round(5.58) = 6; zone-a/b: 2 + 4.
    expect(scores({})).toEqual({ "empty-zone": 9, "no-zone": 6, "zone-a": 6, "zone-b": 6 });
    expect(scores({ matchCounts: false })).toEqual(scores({}));
  });

  test("the generated clusters reach every state the fast paths shortcut", () => {
    // Runs after the property above (vitest runs tests of a file in order).
    for (const [k, v] of Object.entries(coverage)) expect({ [k]: v > 0 }).toEqual({ [k]: true });
    console.log(`fast-path coverage: ${JSON.stringify(coverage)}`);
  });
});
