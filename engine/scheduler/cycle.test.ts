import { describe, expect, test } from "vitest";
import type { Node, Pod } from "../model/k8s.js";
import { numFeasibleNodesToFind, scheduleOne } from "./cycle.js";
import { buildProfile } from "./profile.js";
import { buildSnapshot } from "./snapshot.js";

const profile = buildProfile(undefined, "1.36");

function node(name: string): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
  };
}

function pod(name: string, spec: Partial<Pod["spec"]> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "c" }], ...spec },
  };
}

const onlyOn = (names: string[]): Partial<Pod["spec"]> => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        // One name per term: a metadata.name field selector takes exactly one value.
        nodeSelectorTerms: names.map((n) => ({ matchFields: [{ key: "metadata.name", operator: "In", values: [n] }] })),
      },
    },
  },
});

describe("the scheduling cycle's node sampling (schedule_one.go findNodesThatFitPod)", () => {
  test("numFeasibleNodesToFind is adaptive (50 - n/125 percent, at least 5 percent and 100 nodes)", () => {
    expect(numFeasibleNodesToFind(0, 50)).toBe(50);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 10000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 150)).toBe(100);
    expect(numFeasibleNodesToFind(30, 1000)).toBe(300);
    expect(numFeasibleNodesToFind(100, 5000)).toBe(5000);
  });

  test("nextStartNodeIndex advances by the processed nodes modulo all nodes, also when PreFilter narrowed them", () => {
    // kubernetes#124933: the modulus is len(allNodes) (the narrowed list could be empty or shorter).
    const snapshot = buildSnapshot(["n0", "n1", "n2", "n3", "n4"].map(node), []);
    const narrowed = scheduleOne(snapshot, pod("p", onlyOn(["n3", "n4"])), profile, { nextStartNodeIndex: 4, rng: 1 });
    expect(narrowed).toMatchObject({ kind: "scheduled", feasible: 2, nextStartNodeIndex: (4 + 2) % 5 });
    const missing = scheduleOne(snapshot, pod("q", onlyOn(["gone"])), profile, { nextStartNodeIndex: 3, rng: 1 });
    expect(missing).toMatchObject({ kind: "unschedulable", nextStartNodeIndex: 3 });
    const plain = scheduleOne(snapshot, pod("r"), profile, { nextStartNodeIndex: 3, rng: 1 });
    expect(plain).toMatchObject({ kind: "scheduled", feasible: 5, nextStartNodeIndex: (3 + 5) % 5 });
  });

  test("the filter loop stops once numFeasibleNodesToFind nodes are feasible and starts at nextStartNodeIndex", () => {
    const names = Array.from({ length: 300 }, (_, i) => `n${i}`);
    const snapshot = buildSnapshot(names.map(node), []);
    // 300 nodes: adaptive 50 - 300/125 = 48 percent → 144, so 144 feasible nodes are found from index 250.
    const r = scheduleOne(snapshot, pod("p"), profile, { nextStartNodeIndex: 250, rng: 7 });
    expect(r).toMatchObject({ kind: "scheduled", feasible: 144, nextStartNodeIndex: (250 + 144) % 300 });
  });
});
