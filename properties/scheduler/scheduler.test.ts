import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Node, Pod } from "../../engine/model/k8s.js";
import { buildProfile, type Profile } from "../../engine/scheduler/profile.js";
import { boundPodPassesFilters } from "./invariants/bound-pod-passes-filters.js";
import { chosenInArgmax } from "./invariants/chosen-in-argmax.js";
import { pendingIffInfeasible } from "./invariants/pending-iff-infeasible.js";
import { requestsWithinAllocatable } from "./invariants/requests-within-allocatable.js";
import { nodesArbitrary } from "./node.arbitrary.js";
import { podsArbitrary } from "./pod.arbitrary.js";
import { runSchedule } from "./run.js";

const profile = buildProfile(undefined, "1.36");
const clusterArb = fc.record({ nodes: nodesArbitrary(8), pods: podsArbitrary(14), seed: fc.nat() });

/** How often the generators reach the interesting states (checked to be non-zero below). */
const coverage = {
  runs: 0,
  bound: 0,
  pending: 0,
  taint: 0,
  resources: 0,
  selector: 0,
  ports: 0,
  spread: 0,
  antiAffinity: 0,
  cordoned: 0,
  tie: 0,
};

function count(nodes: readonly Node[], pods: readonly Pod[], seed: number) {
  const run = runSchedule(profile, nodes, pods, seed);
  coverage.runs++;
  for (const o of run.outcomes) {
    if (o.result.kind === "scheduled") coverage.bound++;
    else coverage.pending++;
    if ((o.argmaxAll?.length ?? 0) > 1) coverage.tie++;
    const rs = o.reasons.join("\n");
    if (rs.includes("untolerated taint")) coverage.taint++;
    if (rs.includes("Insufficient") || rs.includes("Too many pods")) coverage.resources++;
    if (rs.includes("node affinity/selector")) coverage.selector++;
    if (rs.includes("free ports")) coverage.ports++;
    if (rs.includes("topology spread")) coverage.spread++;
    if (rs.includes("anti-affinity")) coverage.antiAffinity++;
    if (rs.includes("were unschedulable")) coverage.cordoned++;
  }
  return run;
}

describe("scheduler properties over generated clusters (tainted, full and cordoned nodes, selectors, spreads)", () => {
  test("a bound pod passes every filter on its node at bind time", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, pods, seed }) => {
        expect(boundPodPassesFilters(count(nodes, pods, seed))).toBeUndefined();
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  test("requests on a node never exceed its allocatable through scheduling", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, pods, seed }) => {
        expect(requestsWithinAllocatable(count(nodes, pods, seed))).toBeUndefined();
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  test("the chosen node is in the argmax set of the weighted totals", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, pods, seed }) => {
        expect(chosenInArgmax(count(nodes, pods, seed))).toBeUndefined();
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  test("a pod stays Pending exactly when no node is feasible", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, pods, seed }) => {
        expect(pendingIffInfeasible(count(nodes, pods, seed))).toBeUndefined();
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  test("the same cluster and seed schedule identically", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, pods, seed }) => {
        const a = runSchedule(profile, nodes, pods, seed).outcomes.map((o) => JSON.stringify(o.result));
        const b = runSchedule(profile, nodes, pods, seed).outcomes.map((o) => JSON.stringify(o.result));
        expect(a).toEqual(b);
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  test("the optimisation hooks (filterPassesEverywhere, constantScore) never change a result", () => {
    const strip = <T extends object>(p: T) => ({ ...p, filterPassesEverywhere: undefined, constantScore: undefined });
    const plain: Profile = {
      ...profile,
      filter: profile.filter.map(strip),
      score: profile.score.map((s) => ({ ...s, plugin: strip(s.plugin) })),
    };
    fc.assert(
      fc.property(clusterArb, ({ nodes, pods, seed }) => {
        const a = runSchedule(profile, nodes, pods, seed).outcomes.map((o) => JSON.stringify(o.result));
        const b = runSchedule(plain, nodes, pods, seed).outcomes.map((o) => JSON.stringify(o.result));
        expect(a).toEqual(b);
      }),
      { numRuns: 60, seed: 23 },
    );
  });

  test("every argmax node is reachable through the seeded tie-break", () => {
    const nodes = Array.from({ length: 3 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `t${i}`, labels: { "kubernetes.io/hostname": `t${i}` } },
      status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
    })) as Node[];
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "tie", namespace: "default" },
      spec: { containers: [{ name: "c", resources: { requests: { cpu: "1", memory: "2Gi" } } }] },
    } as Pod;
    const chosen = new Set<string>();
    for (let seed = 1; seed <= 60; seed++) {
      const o = runSchedule(profile, nodes, [pod], seed).outcomes[0]!;
      if (o.result.kind === "scheduled") chosen.add(o.result.node);
    }
    expect([...chosen].sort()).toEqual(["t0", "t1", "t2"]);
  });

  test("the generators reach every interesting state", () => {
    // Runs after the properties above (vitest runs tests of a file in order).
    for (const [k, v] of Object.entries(coverage)) expect({ [k]: v > 0 }).toEqual({ [k]: true });
    console.log(`scheduler property coverage: ${JSON.stringify(coverage)}`);
  });
});
