import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller } from "../../model/state.js";
import { isPodActive, isPodAvailable } from "../common/pods.js";
import { daemonSet, fakeCluster, setImage, settleAll, TestTrace, testNode, testState } from "../testing.js";
import { daemonSetController as dsc, targetNodeName } from "./controller.js";

const KEY = "DaemonSet/kube-system/agent";
const nodesOf = (s: ClusterState) =>
  [...s.pods.values()]
    .filter(isPodActive)
    .map((p) => targetNodeName(p))
    .sort();
const cs: Controller[] = [dsc, fakeCluster()];

function settleChecking(s: ClusterState, check: (s: ClusterState) => void): ClusterState {
  const t = new TestTrace();
  for (let i = 0; i < 1000; i++) {
    const before = s;
    for (const c of cs) {
      s = c.reconcile(s, t);
      check(s);
    }
    if (s === before) return s;
  }
  throw new Error("did not settle");
}

describe("DaemonSet", () => {
  it("runs one pod on each eligible node: nodeSelector, affinity and taints decide", () => {
    const nodes: Node[] = [
      testNode("a", { pool: "web" }),
      testNode("b", { pool: "db" }),
      testNode("c", { pool: "web" }, { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }),
      testNode("d", { pool: "web" }, { taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] }),
      testNode("e", { pool: "web" }, { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }] }),
    ];
    const s = settleAll(
      testState([daemonSet("agent", {}, { nodeSelector: { pool: "web" } })], nodes),
      cs,
      new TestTrace(),
    );
    expect(nodesOf(s)).toEqual(["a", "d", "e"]);
    const st = s.objects.get(KEY)?.status as Record<string, number>;
    expect(st).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      updatedNumberScheduled: 3,
    });
    const p = [...s.pods.values()][0] as Pod;
    expect(p.spec.tolerations?.map((t) => t.key)).toContain("node.kubernetes.io/unreachable");
    expect(
      p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]
        ?.matchFields?.[0]?.key,
    ).toBe("metadata.name");
  });

  it("adds a pod when a node joins and deletes its pod when a NoExecute taint it does not tolerate appears", () => {
    let s = settleAll(testState([daemonSet("agent")], [testNode("a")]), cs, new TestTrace());
    s = { ...s, nodes: s.nodes.set("b", testNode("b")) };
    s = settleAll(s, cs, new TestTrace());
    expect(nodesOf(s)).toEqual(["a", "b"]);
    s = { ...s, nodes: s.nodes.set("b", testNode("b", {}, { taints: [{ key: "evict", effect: "NoExecute" }] })) };
    const t = new TestTrace();
    s = settleAll(s, cs, t);
    expect(nodesOf(s)).toEqual(["a"]);
    expect(t.rules).toContain("daemonset/delete-daemon-pod");
  });

  it("keeps a running pod on a node that gained a NoSchedule taint", () => {
    let s = settleAll(testState([daemonSet("agent")], [testNode("a")]), cs, new TestTrace());
    s = { ...s, nodes: s.nodes.set("a", testNode("a", {}, { taints: [{ key: "x", effect: "NoSchedule" }] })) };
    s = settleAll(s, cs, new TestTrace());
    expect(nodesOf(s)).toEqual(["a"]);
  });

  it("deletes a pending pod aimed at a node that no longer exists", () => {
    let s = dsc.reconcile(testState([daemonSet("agent")], [testNode("a"), testNode("b")]), new TestTrace());
    s = { ...s, nodes: s.nodes.delete("b") };
    s = dsc.reconcile(s, new TestTrace());
    expect(nodesOf(s)).toEqual(["a"]);
  });

  it("rolls out with maxUnavailable 1: never more than one node without an available pod", () => {
    const nodes = ["a", "b", "c", "d"].map((n) => testNode(n));
    let s = settleAll(testState([daemonSet("agent")], nodes), cs, new TestTrace());
    s = setImage(s, KEY, "agent:2");
    let worst = 0;
    s = settleChecking(s, (x) => {
      const covered = new Set(
        [...x.pods.values()]
          .filter((p) => isPodActive(p) && isPodAvailable(p, 0, x.time))
          .map((p) => targetNodeName(p)),
      );
      worst = Math.max(worst, 4 - covered.size);
    });
    expect(worst).toBe(1);
    expect([...s.pods.values()].map((p) => p.spec.containers[0]?.image)).toEqual([
      "agent:2",
      "agent:2",
      "agent:2",
      "agent:2",
    ]);
  });

  it("rolls out with maxSurge 1 and maxUnavailable 0: every node keeps an available pod", () => {
    const nodes = ["a", "b", "c"].map((n) => testNode(n));
    let s = settleAll(
      testState(
        [
          daemonSet("agent", {
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          }),
        ],
        nodes,
      ),
      cs,
      new TestTrace(),
    );
    s = setImage(s, KEY, "agent:2");
    let worst = 0;
    let maxPods = 0;
    s = settleChecking(s, (x) => {
      const active = [...x.pods.values()].filter(isPodActive);
      maxPods = Math.max(maxPods, active.length);
      const covered = new Set(active.filter((p) => isPodAvailable(p, 0, x.time)).map((p) => targetNodeName(p)));
      worst = Math.max(worst, 3 - covered.size);
    });
    expect(worst).toBe(0);
    expect(maxPods).toBe(4);
    expect([...s.pods.values()].map((p) => p.spec.containers[0]?.image)).toEqual(["agent:2", "agent:2", "agent:2"]);
  });

  it("leaves pods alone under OnDelete", () => {
    let s = settleAll(
      testState([daemonSet("agent", { updateStrategy: { type: "OnDelete" } })], [testNode("a")]),
      cs,
      new TestTrace(),
    );
    s = setImage(s, KEY, "agent:2");
    s = settleAll(s, cs, new TestTrace());
    expect([...s.pods.values()].map((p) => p.spec.containers[0]?.image)).toEqual(["agent:1"]);
  });
});

describe("DaemonSet node affinity", () => {
  it("honours required node affinity terms (ORed, expressions ANDed), including NotIn and Gt", () => {
    const nodes: Node[] = [
      testNode("a", { zone: "z1", gen: "3" }),
      testNode("b", { zone: "z2", gen: "5" }),
      testNode("c", { zone: "z3", gen: "1" }),
      testNode("d", { zone: "z3" }),
    ];
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "zone", operator: "NotIn", values: ["z3"] },
                { key: "gen", operator: "Gt", values: ["4"] },
              ],
            },
            { matchExpressions: [{ key: "gen", operator: "DoesNotExist" }] },
          ],
        },
      },
    };
    const s = settleAll(testState([daemonSet("agent", {}, { affinity })], nodes), cs, new TestTrace());
    expect(nodesOf(s)).toEqual(["b", "d"]);
  });
});
