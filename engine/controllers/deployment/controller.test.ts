import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState, Controller } from "../../model/state.js";
import { isPodActive, isPodAvailable } from "../common/pods.js";
import { replicaSetController } from "../replicaset/controller.js";
import { deployment, fakeCluster, podNames, setImage, settleAll, TestTrace, testState, withSpec } from "../testing.js";
import { deploymentController } from "./controller.js";

const KEY = "Deployment/default/web";
const status = (s: ClusterState) =>
  s.objects.get(KEY)?.status as Record<string, unknown> & {
    conditions?: { type: string; status: string; reason: string }[];
  };
const replicaSets = (s: ClusterState): KubeObject[] => [...s.objects.values()].filter((o) => o.kind === "ReplicaSet");
const images = (s: ClusterState) =>
  [...s.pods.values()]
    .filter(isPodActive)
    .map((p) => p.spec.containers[0]?.image ?? "")
    .sort();

/**
 * Runs the controllers one reconcile at a time, checking `check` after every single call, so
 * intermediate states of a rollout are observed.
 */
function settleChecking(s: ClusterState, cs: readonly Controller[], check: (s: ClusterState) => void): ClusterState {
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

describe("Deployment", () => {
  it("creates a ReplicaSet with the pod-template-hash and revision 1, which creates the pods", () => {
    const s = settleAll(
      testState([deployment("web", { replicas: 3 })]),
      [deploymentController, replicaSetController, fakeCluster()],
      new TestTrace(),
    );
    const rss = replicaSets(s);
    expect(rss).toHaveLength(1);
    const rs = rss[0] as KubeObject;
    const hash = rs.metadata.labels?.["pod-template-hash"];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    expect(podNames(s)).toHaveLength(3);
    expect(podNames(s).every((n) => n.startsWith(`web-${hash}-`))).toBe(true);
    expect(status(s)).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 });
    expect(status(s).conditions?.find((c) => c.type === "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    expect(status(s).conditions?.find((c) => c.type === "Available")?.status).toBe("True");
  });

  it("rolls out with maxSurge 1 / maxUnavailable 0 without ever exceeding 5 pods or dropping below 4 available", () => {
    const cs = [deploymentController, replicaSetController, fakeCluster()];
    let s = settleAll(
      testState([
        deployment("web", {
          replicas: 4,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        }),
      ]),
      cs,
      new TestTrace(),
    );
    s = setImage(s, KEY, "nginx:2");
    let minAvail = 99;
    let maxPods = 0;
    s = settleChecking(s, cs, (x) => {
      const pods = [...x.pods.values()];
      maxPods = Math.max(maxPods, pods.length);
      minAvail = Math.min(minAvail, pods.filter((p) => isPodActive(p) && isPodAvailable(p, 0, x.time)).length);
    });
    expect(maxPods).toBe(5);
    expect(minAvail).toBe(4);
    expect(images(s)).toEqual(["nginx:2", "nginx:2", "nginx:2", "nginx:2"]);
    expect(
      replicaSets(s)
        .map((r) => (r.spec as { replicas: number }).replicas)
        .sort(),
    ).toEqual([0, 4]);
  });

  it("rounds 25% of 10 to a surge of 3 and an unavailability of 2", () => {
    const cs = [deploymentController, replicaSetController, fakeCluster()];
    let s = settleAll(testState([deployment("web", { replicas: 10 })]), cs, new TestTrace());
    s = setImage(s, KEY, "nginx:2");
    let maxPods = 0;
    let minAvail = 99;
    s = settleChecking(s, cs, (x) => {
      const pods = [...x.pods.values()];
      maxPods = Math.max(maxPods, pods.length);
      minAvail = Math.min(minAvail, pods.filter((p) => isPodActive(p) && isPodAvailable(p, 0, x.time)).length);
    });
    expect(maxPods).toBeLessThanOrEqual(13);
    expect(minAvail).toBeGreaterThanOrEqual(8);
    expect(maxPods).toBe(13);
    expect(images(s).every((i) => i === "nginx:2")).toBe(true);
  });

  it("Recreate deletes every old pod before creating a new one", () => {
    const cs = [deploymentController, replicaSetController, fakeCluster()];
    let s = settleAll(
      testState([deployment("web", { replicas: 3, strategy: { type: "Recreate" } })]),
      cs,
      new TestTrace(),
    );
    s = setImage(s, KEY, "nginx:2");
    let mixed = false;
    s = settleChecking(s, cs, (x) => {
      const imgs = new Set([...x.pods.values()].map((p) => p.spec.containers[0]?.image));
      if (imgs.size > 1) mixed = true;
    });
    expect(mixed).toBe(false);
    expect(images(s)).toEqual(["nginx:2", "nginx:2", "nginx:2"]);
  });

  it("marks ProgressDeadlineExceeded when new pods never become Ready within progressDeadlineSeconds", () => {
    const neverReady: Controller = {
      name: "never-ready",
      reconcile: (s) => {
        // every pod of the second template stays unready
        let pods = s.pods;
        for (const [k, p] of s.pods.entries()) {
          if (p.spec.containers[0]?.image === "nginx:broken" && p.status?.phase === "Pending")
            pods = pods.set(k, {
              ...p,
              spec: { ...p.spec, nodeName: "n1" },
              status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] },
            });
        }
        return pods === s.pods ? s : { ...s, pods };
      },
    };
    const cs = [deploymentController, replicaSetController, neverReady, fakeCluster()];
    let s = settleAll(
      testState([deployment("web", { replicas: 2, progressDeadlineSeconds: 30 })]),
      cs,
      new TestTrace(),
    );
    s = setImage(s, KEY, "nginx:broken");
    s = settleAll(s, cs, new TestTrace());
    const timer = [...s.timers.values()].find((t) => t.owner === "deployment");
    expect(timer?.at).toBe(31_000);
    s = settleAll({ ...s, time: 31_000 }, cs, new TestTrace());
    const p = status(s).conditions?.find((c) => c.type === "Progressing");
    expect(p).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
    // maxUnavailable 25% of 2 rounds down to 0 and surge up to 1: the old pods stay
    expect(images(s)).toEqual(["nginx:1.25", "nginx:1.25", "nginx:broken"]);
  });

  it("scales proportionally across ReplicaSets during a rollout", () => {
    const cs = [deploymentController, replicaSetController];
    // nothing becomes ready: the rollout stays mid-way
    let s = settleAll(
      testState([
        deployment("web", {
          replicas: 10,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
        }),
      ]),
      [...cs, fakeCluster()],
      new TestTrace(),
    );
    s = setImage(s, KEY, "nginx:2");
    s = settleAll(s, cs, new TestTrace());
    const sizes = () =>
      replicaSets(s)
        .map(
          (r) =>
            `${r.metadata.annotations?.["deployment.kubernetes.io/revision"]}:${(r.spec as { replicas: number }).replicas}`,
        )
        .sort();
    expect(sizes()).toEqual(["1:8", "2:5"]);
    s = withSpec(s, KEY, { ...(s.objects.get(KEY)?.spec as object), replicas: 20 });
    s = settleAll(s, cs, new TestTrace());
    // allowed 23 = 20 + 3; 13 → 23: old 8*23/13 ≈ 14, new 5*23/13 ≈ 9
    expect(sizes()).toEqual(["1:14", "2:9"]);
  });

  it("keeps at most revisionHistoryLimit old ReplicaSets", () => {
    const cs = [deploymentController, replicaSetController, fakeCluster()];
    let s = settleAll(testState([deployment("web", { replicas: 1, revisionHistoryLimit: 1 })]), cs, new TestTrace());
    for (const img of ["a:1", "a:2", "a:3"]) {
      s = setImage(s, KEY, img);
      s = settleAll(s, cs, new TestTrace());
    }
    expect(
      replicaSets(s)
        .map((r) => r.metadata.annotations?.["deployment.kubernetes.io/revision"])
        .sort(),
    ).toEqual(["3", "4"]);
  });
});

describe("Deployment minReadySeconds", () => {
  it("counts a pod available only minReadySeconds after it became Ready, and waits for it before scaling down old pods", () => {
    const cs = [replicaSetController, deploymentController, fakeCluster()];
    let s = settleAll(
      testState([
        deployment("web", {
          replicas: 2,
          minReadySeconds: 10,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        }),
      ]),
      cs,
      new TestTrace(),
    );
    expect(status(s)).toMatchObject({ readyReplicas: 2, availableReplicas: 0 });
    s = settleAll({ ...s, time: 10_001 }, cs, new TestTrace());
    expect(status(s)).toMatchObject({ availableReplicas: 2 });
    s = setImage(s, KEY, "nginx:2");
    s = settleAll(s, cs, new TestTrace());
    // one surge pod, Ready but not yet available: no old pod may go
    expect(images(s)).toEqual(["nginx:1.25", "nginx:1.25", "nginx:2"]);
    const wake = [...s.timers.values()].filter((t) => t.owner === "replicaset").map((t) => t.at);
    expect(wake).toContain(20_002);
    s = settleAll({ ...s, time: 20_002 }, cs, new TestTrace());
    expect(images(s)).toEqual(["nginx:1.25", "nginx:2", "nginx:2"]);
  });
});

describe("paused Deployment", () => {
  it("scales but does not roll out a new template while paused", () => {
    const cs = [replicaSetController, deploymentController, fakeCluster()];
    let s = settleAll(testState([deployment("web", { replicas: 2 })]), cs, new TestTrace());
    s = withSpec(s, KEY, { ...(s.objects.get(KEY)?.spec as object), paused: true, replicas: 3 });
    s = setImage(s, KEY, "nginx:2");
    s = settleAll(s, cs, new TestTrace());
    expect(images(s)).toEqual(["nginx:1.25", "nginx:1.25", "nginx:1.25"]);
    expect(replicaSets(s)).toHaveLength(1);
    s = withSpec(s, KEY, { ...(s.objects.get(KEY)?.spec as object), paused: false });
    s = settleAll(s, cs, new TestTrace());
    expect(images(s)).toEqual(["nginx:2", "nginx:2", "nginx:2"]);
  });
});
