import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState } from "../../model/state.js";
import { timestampAt } from "../common/time.js";
import { fakeCluster, podNames, settleAll, TestTrace, testState, withSpec } from "../testing.js";
import { replicaSetController, replicationControllerController } from "./controller.js";
import { podsToDelete } from "./deletion-order.js";

const rs = (replicas: number, kind = "ReplicaSet"): KubeObject => ({
  apiVersion: kind === "ReplicaSet" ? "apps/v1" : "v1",
  kind,
  metadata: { name: "front", namespace: "default" },
  spec: {
    replicas,
    selector: kind === "ReplicaSet" ? { matchLabels: { app: "front" } } : { app: "front" },
    template: { metadata: { labels: { app: "front" } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } },
  },
});

function pod(
  name: string,
  o: {
    node?: string;
    phase?: string;
    ready?: boolean;
    readyAt?: number;
    restarts?: number;
    created?: number;
    cost?: string;
  },
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      creationTimestamp: timestampAt(o.created ?? 0),
      ...(o.cost ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": o.cost } } : {}),
    },
    spec: { containers: [{ name: "c" }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: (o.phase ?? "Running") as "Running",
      conditions: [
        {
          type: "Ready",
          status: o.ready === false ? "False" : "True",
          lastTransitionTime: timestampAt(o.readyAt ?? 0),
        },
      ],
      containerStatuses: [{ name: "c", ready: o.ready !== false, restartCount: o.restarts ?? 0 }],
    },
  };
}

describe("ReplicaSet deletion preference (ActivePodsWithRanks)", () => {
  const now = 1_000_000_000;
  const cases: { name: string; pods: Pod[]; first: string }[] = [
    {
      name: "an unassigned pod goes before an assigned one",
      pods: [pod("a", { node: "n1" }), pod("b", { phase: "Pending" })],
      first: "b",
    },
    {
      name: "Pending goes before Running",
      pods: [pod("a", { node: "n1" }), pod("b", { node: "n1", phase: "Pending", ready: false })],
      first: "b",
    },
    {
      name: "not Ready goes before Ready",
      pods: [pod("a", { node: "n1" }), pod("b", { node: "n2", ready: false })],
      first: "b",
    },
    {
      name: "a lower pod-deletion-cost goes first",
      pods: [pod("a", { node: "n1", cost: "10" }), pod("b", { node: "n2", cost: "-5" })],
      first: "b",
    },
    {
      name: "a doubled-up pod goes first",
      pods: [pod("a", { node: "n1" }), pod("b", { node: "n2" }), pod("c", { node: "n2" })],
      first: "b",
    },
    {
      name: "Ready for a shorter time goes first (logarithmic buckets)",
      pods: [pod("a", { node: "n1", readyAt: 0 }), pod("b", { node: "n2", readyAt: now - 1000 })],
      first: "b",
    },
    {
      name: "more restarts go first",
      pods: [pod("a", { node: "n1" }), pod("b", { node: "n2", restarts: 3 })],
      first: "b",
    },
    {
      name: "a newer pod goes first",
      pods: [pod("a", { node: "n1", created: 0 }), pod("b", { node: "n2", created: now - 1000 })],
      first: "b",
    },
  ];
  it.each(cases)("$name", (c) => {
    expect(podsToDelete(c.pods, c.pods, 1, now).map((p) => p.metadata.name)).toEqual([c.first]);
    expect(podsToDelete([...c.pods].reverse(), c.pods, 1, now).map((p) => p.metadata.name)).toEqual([c.first]);
  });
});

describe("ReplicaSet controller", () => {
  it("creates every missing pod in one sync with generated names", () => {
    const s = replicaSetController.reconcile(testState([rs(3)]), new TestTrace());
    expect(podNames(s)).toHaveLength(3);
    expect(podNames(s).every((n) => /^front-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toBe(true);
  });

  it("replaces a terminating pod at once (a pod on a lost node does not hold its slot)", () => {
    let s = settleAll(testState([rs(2)]), [replicaSetController, fakeCluster()], new TestTrace());
    const [first] = podNames(s);
    const key = `default/${first}`;
    const p = s.pods.get(key) as Pod;
    s = { ...s, pods: s.pods.set(key, { ...p, metadata: { ...p.metadata, deletionTimestamp: timestampAt(0) } }) };
    const t = new TestTrace();
    s = settleAll(s, [replicaSetController, fakeCluster({ stuckTerminating: new Set([first ?? ""]) })], t);
    expect(t.created()).toHaveLength(1);
    expect(podNames(s)).toHaveLength(3);
    expect((s.objects.get("ReplicaSet/default/front")?.status as { replicas: number } | undefined)?.replicas).toBe(2);
  });

  it("deletes the not-Ready pod first when scaled down", () => {
    let s = settleAll(testState([rs(3)]), [replicaSetController, fakeCluster()], new TestTrace());
    const victim = podNames(s)[1] ?? "";
    const p = s.pods.get(`default/${victim}`) as Pod;
    s = {
      ...s,
      pods: s.pods.set(`default/${victim}`, {
        ...p,
        status: { ...p.status, conditions: [{ type: "Ready", status: "False" }] },
      }),
    };
    s = withSpec(s, "ReplicaSet/default/front", { ...(rs(2).spec as object) });
    const t = new TestTrace();
    s = replicaSetController.reconcile(s, t);
    expect(t.deleted()).toEqual([victim]);
  });

  it("runs ReplicationControllers with the same algorithm", () => {
    const s: ClusterState = settleAll(
      testState([rs(2, "ReplicationController")]),
      [replicationControllerController, fakeCluster()],
      new TestTrace(),
    );
    expect(podNames(s)).toHaveLength(2);
    expect(
      (s.objects.get("ReplicationController/default/front")?.status as { readyReplicas: number } | undefined)
        ?.readyReplicas,
    ).toBe(2);
  });
});
