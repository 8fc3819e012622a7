import { describe, expect, test } from "vitest";
import { TestTrace, testState } from "../controllers/testing.js";
import type { Pod } from "../model/k8s.js";
import type { ClusterState } from "../model/state.js";
import { schedulerController } from "./controller.js";
import { makeNode, makePod } from "./testing.js";

function withPods(s: ClusterState, pods: Pod[]): ClusterState {
  let m = s.pods;
  for (const p of pods) m = m.set(`${p.metadata.namespace}/${p.metadata.name}`, p);
  return { ...s, pods: m };
}

function reconcileUntilStable(s: ClusterState, trace = new TestTrace()): ClusterState {
  for (let i = 0; i < 20; i++) {
    const next = schedulerController.reconcile(s, trace);
    if (next === s) return s;
    s = next;
  }
  throw new Error("scheduler did not converge");
}

const cond = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === "PodScheduled");

describe("schedulerController", () => {
  const nodes = [
    makeNode("n1", { cpu: "1" }),
    makeNode("n2", { cpu: "1" }),
    makeNode("n3", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }),
  ];

  test("binds a pending pod to a feasible node and records PodScheduled=True with rule ids", () => {
    const trace = new TestTrace();
    const s = reconcileUntilStable(withPods(testState([], nodes), [makePod("web", { cpu: "500m" })]), trace);
    const p = s.pods.get("default/web");
    expect(["n1", "n2"]).toContain(p?.spec.nodeName);
    expect(cond(p)?.status).toBe("True");
    expect(trace.rules).toContain("scheduler-queue/enqueue");
    expect(trace.rules).toContain("scheduler-cycle/select-host-tie");
  });

  test("leaves an unfit pod Pending with kube-scheduler's exact message and retries when a node is added", () => {
    const trace = new TestTrace();
    let s = reconcileUntilStable(withPods(testState([], nodes, "1.33"), [makePod("big", { cpu: "2" })]), trace);
    const p = s.pods.get("default/big");
    expect(p?.spec.nodeName).toBeUndefined();
    expect(cond(p)).toMatchObject({ status: "False", reason: "Unschedulable" });
    expect(cond(p)?.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. " +
        "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(trace.rules).toEqual(
      expect.arrayContaining(["scheduler-filters/insufficient-resource", "scheduler-filters/taint-toleration"]),
    );
    // Stable: a second reconcile changes nothing.
    expect(schedulerController.reconcile(s, new TestTrace())).toBe(s);
    s = reconcileUntilStable({ ...s, nodes: s.nodes.set("n4", makeNode("n4", { cpu: "4" })) });
    expect(s.pods.get("default/big")?.spec.nodeName).toBe("n4");
  });

  test("does not name the taint from 1.35 on (kubernetes#134740)", () => {
    const s = reconcileUntilStable(withPods(testState([], nodes, "1.35"), [makePod("big", { cpu: "2" })]));
    expect(cond(s.pods.get("default/big"))?.message).toMatch(
      /^0\/3 nodes are available: 1 node\(s\) had untolerated taint\(s\), 2 Insufficient cpu\. preemption: /,
    );
  });

  test("marks a request above a node's whole allocatable unresolvable from 1.34 (kubernetes#131345)", () => {
    const s = reconcileUntilStable(withPods(testState([], nodes, "1.34"), [makePod("big", { cpu: "2" })]));
    expect(cond(s.pods.get("default/big"))?.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. " +
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  test("says when preemption would help: lower-priority pods hold the room (no preemption suffix)", () => {
    const trace = new TestTrace();
    const one = [makeNode("solo", { cpu: "1" })];
    const low = makePod("low", { cpu: "1", nodeName: "solo", spec: { priority: 0 } });
    const s = reconcileUntilStable(
      withPods(testState([], one), [low, makePod("vip", { cpu: "1", spec: { priority: 1000 } })]),
      trace,
    );
    expect(s.pods.get("default/vip")?.spec.nodeName).toBeUndefined();
    expect(cond(s.pods.get("default/vip"))?.message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    expect(trace.rules).toContain("scheduler-cycle/preemption-would-help");
  });

  test("schedules higher-priority pods first so they get the only room", () => {
    const one = [makeNode("solo", { cpu: "1" })];
    const s = reconcileUntilStable(
      withPods(testState([], one), [
        makePod("a-low", { cpu: "1", spec: { priority: 0 } }),
        makePod("b-high", { cpu: "1", spec: { priority: 100 } }),
      ]),
    );
    expect(s.pods.get("default/b-high")?.spec.nodeName).toBe("solo");
    expect(s.pods.get("default/a-low")?.spec.nodeName).toBeUndefined();
    expect(cond(s.pods.get("default/a-low"))?.message).toContain("1 Insufficient cpu.");
  });

  test("keeps gated pods out of the queue with PodScheduled=False/SchedulingGated", () => {
    const s = reconcileUntilStable(
      withPods(testState([], nodes), [makePod("g", { spec: { schedulingGates: [{ name: "wait" }] } })]),
    );
    const p = s.pods.get("default/g");
    expect(p?.spec.nodeName).toBeUndefined();
    expect(cond(p)).toMatchObject({ status: "False", reason: "SchedulingGated" });
  });

  test("with no node at all writes SchedulerError: no nodes available to schedule pods", () => {
    const s = reconcileUntilStable(withPods(testState([], []), [makePod("lonely")]));
    expect(cond(s.pods.get("default/lonely"))).toMatchObject({
      status: "False",
      reason: "SchedulerError",
      message: "no nodes available to schedule pods",
    });
  });

  test("ignores pods for another scheduler", () => {
    const s0 = withPods(testState([], nodes), [makePod("x", { spec: { schedulerName: "other" } })]);
    const s = reconcileUntilStable(s0);
    expect(s.pods.get("default/x")?.spec.nodeName).toBeUndefined();
  });

  test("is deterministic for a seed: the same state gives the same bindings", () => {
    const pods = Array.from({ length: 6 }, (_, i) => makePod(`p${i}`, { cpu: "100m" }));
    const wide = Array.from({ length: 5 }, (_, i) => makeNode(`w${i}`));
    const a = reconcileUntilStable(withPods(testState([], wide), pods));
    const b = reconcileUntilStable(withPods(testState([], wide), pods));
    expect([...a.pods.values()].map((p) => p.spec.nodeName)).toEqual([...b.pods.values()].map((p) => p.spec.nodeName));
  });
});
