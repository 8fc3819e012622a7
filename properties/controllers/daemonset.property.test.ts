import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPodActive } from "../../engine/controllers/common/pods.js";
import { daemonSetController, targetNodeName } from "../../engine/controllers/daemonset/controller.js";
import {
  daemonSet,
  fakeCluster,
  setImage,
  settleAll,
  TestTrace,
  testNode,
  testState,
} from "../../engine/controllers/testing.js";
import type { Node, Pod } from "../../engine/model/k8s.js";
import type { ClusterState } from "../../engine/model/state.js";
import { type DsCase, dsCase, type NodeSpecChoice, TAINTS } from "./arbitraries/daemonset-cluster.js";
import { daemonSetOnePerNode } from "./invariants/daemonset-one-per-node.js";

const KEY = "DaemonSet/kube-system/agent";

function mkNode(name: string, n: NodeSpecChoice): Node {
  const t = TAINTS[n.taint];
  return testNode(name, { pool: n.pool }, t ? { taints: [t] } : {});
}

function check(s: ClusterState, c: DsCase): string | undefined {
  const by = new Map<string, Pod[]>();
  for (const p of s.pods.values()) {
    if (!isPodActive(p)) continue;
    const n = targetNodeName(p) ?? "";
    by.set(n, [...(by.get(n) ?? []), p]);
  }
  return daemonSetOnePerNode([...s.nodes.values()], by, c.selectPool, c.tolerateDedicated);
}

describe("DaemonSet controller properties", () => {
  it("runs exactly one pod on every eligible node and none where it must not, at quiescence", () => {
    const reached = { added: 0, evicted: 0, keptUnderNoSchedule: 0, rolled: 0 };
    fc.assert(
      fc.property(dsCase(), (c) => {
        const ds = daemonSet(
          "agent",
          c.surge
            ? { updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }
            : {},
          {
            ...(c.selectPool ? { nodeSelector: { pool: c.selectPool } } : {}),
            ...(c.tolerateDedicated ? { tolerations: [{ key: "dedicated", operator: "Exists" }] } : {}),
          },
        );
        let s = testState(
          [ds],
          c.nodes.map((n, i) => mkNode(`n${i}`, n)),
        );
        const cs = [daemonSetController, fakeCluster()];
        s = settleAll(s, cs, new TestTrace());
        let v = check(s, c);
        if (v) throw new Error(`initially: ${v}`);
        let next = c.nodes.length;
        for (const a of c.actions) {
          const names = [...s.nodes.keys()];
          const before = s.pods.size;
          if (a.t === "add") {
            s = { ...s, nodes: s.nodes.set(`n${next}`, mkNode(`n${next}`, a.node)) };
            next++;
          } else if (a.t === "remove") {
            const name = names[a.i % Math.max(1, names.length)];
            if (!name) continue;
            s = { ...s, nodes: s.nodes.delete(name) };
            // the pod garbage collector removes pods bound to a deleted node
            for (const [k, p] of s.pods.entries()) if (p.spec.nodeName === name) s = { ...s, pods: s.pods.delete(k) };
          } else if (a.t === "retaint") {
            const name = names[a.i % Math.max(1, names.length)];
            const n = name ? s.nodes.get(name) : undefined;
            if (!n || !name) continue;
            const t = TAINTS[a.taint];
            s = { ...s, nodes: s.nodes.set(name, { ...n, spec: t ? { taints: [t] } : {} }) };
          } else {
            s = setImage(s, KEY, `agent:${s.seq}`);
          }
          const t = new TestTrace();
          s = settleAll(s, cs, t);
          v = check(s, c);
          if (v) throw new Error(`after ${JSON.stringify(a)}: ${v}`);
          if (a.t === "add" && t.created().length > 0) reached.added++;
          if (a.t === "retaint" && a.taint === "evict" && t.deleted().length > 0) reached.evicted++;
          if (
            a.t === "retaint" &&
            a.taint === "dedicated" &&
            !c.tolerateDedicated &&
            s.pods.size > 0 &&
            s.pods.size === before
          )
            reached.keptUnderNoSchedule++;
          if (a.t === "update" && t.rules.includes("daemonset/rolling-update-delete-old")) reached.rolled++;
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
    console.log(`daemonset property coverage over 300 runs: ${JSON.stringify(reached)}`);
    expect(reached.added).toBeGreaterThan(50);
    expect(reached.evicted).toBeGreaterThan(20);
    expect(reached.keptUnderNoSchedule).toBeGreaterThan(10);
    expect(reached.rolled).toBeGreaterThan(30);
  });
});
