import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TestTrace, testState } from "../../engine/controllers/testing.js";
import type { ClusterState } from "../../engine/model/state.js";
import { schedulerController } from "../../engine/scheduler/controller.js";
import { buildSnapshot } from "../../engine/scheduler/snapshot.js";
import { nodesArbitrary } from "./node.arbitrary.js";
import { podsArbitrary } from "./pod.arbitrary.js";

describe("the scheduler controller over generated clusters", () => {
  test("reaches a fixpoint where nodes are within allocatable and every unbound pod carries kube-scheduler's message", () => {
    let pending = 0;
    let bound = 0;
    fc.assert(
      fc.property(nodesArbitrary(6), podsArbitrary(10), fc.nat(), (nodes, pods, seed) => {
        let s: ClusterState = { ...testState([], nodes), rng: seed >>> 0 || 1 };
        let m = s.pods;
        for (const p of pods) m = m.set(`default/${p.metadata.name}`, p);
        s = { ...s, pods: m };
        let rounds = 0;
        for (;;) {
          const next = schedulerController.reconcile(s, new TestTrace());
          if (next === s) break;
          s = next;
          if (++rounds > 30) throw new Error("no fixpoint after 30 reconciles");
        }
        const snap = buildSnapshot(s.nodes.values(), s.pods.values());
        for (const ni of snap.nodes) {
          expect(ni.requested.cpu).toBeLessThanOrEqual(ni.allocatable.cpu);
          expect(ni.requested.memory).toBeLessThanOrEqual(ni.allocatable.memory);
          expect(ni.pods.size).toBeLessThanOrEqual(ni.allocatable.pods);
        }
        for (const p of s.pods.values()) {
          const c = p.status?.conditions?.find((x) => x.type === "PodScheduled");
          if (p.spec.nodeName) {
            bound++;
            expect(c?.status).toBe("True");
          } else {
            pending++;
            expect(c).toMatchObject({ status: "False", reason: "Unschedulable" });
            expect(c?.message).toMatch(new RegExp(`^0/${nodes.length} nodes are available: `));
          }
        }
      }),
      { numRuns: 80, seed: 5 },
    );
    expect(bound).toBeGreaterThan(0);
    expect(pending).toBeGreaterThan(0);
  });
});
