import { describe, expect, it } from "vitest";
import type { Pod } from "../../model/k8s.js";
import type { ClusterState } from "../../model/state.js";
import { privateOf } from "../common/timers.js";
import { fakeCluster, podNames, settleAll, statefulSet, TestTrace, testState, withSpec } from "../testing.js";
import { STATEFULSET_CONTROLLER, statefulSetController as ssc } from "./controller.js";

const KEY = "StatefulSet/default/web";
const spec = (s: ClusterState) => s.objects.get(KEY)?.spec as Record<string, unknown>;
const status = (s: ClusterState) => s.objects.get(KEY)?.status as Record<string, unknown>;
const pod = (s: ClusterState, name: string) => s.pods.get(`default/${name}`) as Pod;
const image = (s: ClusterState, name: string) => pod(s, name).spec.containers[0]?.image;

function newImage(s: ClusterState, img: string): ClusterState {
  const sp = spec(s);
  const tmpl = sp.template as { metadata: unknown; spec: { containers: { name: string }[] } };
  return withSpec(s, KEY, { ...sp, template: { ...tmpl, spec: { containers: [{ name: "app", image: img }] } } });
}

describe("StatefulSet OrderedReady", () => {
  it("creates exactly one pod per sync, in ordinal order, each after its predecessor is Running and Ready", () => {
    let s = testState([statefulSet("web", { replicas: 3 })]);
    const t = new TestTrace();
    s = ssc.reconcile(s, t);
    expect(podNames(s)).toEqual(["web-0"]);
    s = ssc.reconcile(s, t);
    expect(podNames(s)).toEqual(["web-0"]);
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(t.created()).toEqual(["web-0", "web-1", "web-2"]);
    expect(status(s)).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3 });
  });

  it("never creates web-2 while web-1 is not Ready, and says why", () => {
    const t = new TestTrace();
    const s = settleAll(
      testState([statefulSet("web", { replicas: 3 })]),
      [ssc, fakeCluster({ neverReady: new Set(["web-1"]) })],
      t,
    );
    expect(podNames(s)).toEqual(["web-0", "web-1"]);
    const stall = privateOf(s, STATEFULSET_CONTROLLER).stalls[KEY];
    expect(stall?.rule).toBe("statefulset/wait-running-ready");
    expect(stall?.message).toContain("web-1");
    expect(t.rules).toContain("statefulset/wait-running-ready");
  });

  it("gives pods their stable identity: name, labels, hostname, subdomain and claims", () => {
    const t = new TestTrace();
    const s = settleAll(
      testState([
        statefulSet("db", {
          replicas: 2,
          ordinals: { start: 5 },
          volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage: "1Gi" } } } }],
        }),
      ]),
      [ssc, fakeCluster()],
      t,
    );
    expect(podNames(s)).toEqual(["db-5", "db-6"]);
    const p = s.pods.get("default/db-6") as Pod;
    expect(p.metadata.labels).toMatchObject({
      app: "db",
      "statefulset.kubernetes.io/pod-name": "db-6",
      "apps.kubernetes.io/pod-index": "6",
    });
    expect(p.spec.hostname).toBe("db-6");
    expect(p.spec.subdomain).toBe("db");
    expect(p.spec.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "data-db-6" } }]);
    expect(s.objects.has("PersistentVolumeClaim/default/data-db-5")).toBe(true);
    expect(s.objects.has("PersistentVolumeClaim/default/data-db-6")).toBe(true);
  });

  it("scales 3 to 1 by deleting web-2, waiting for it to go, then web-1", () => {
    const t0 = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 3 })]), [ssc, fakeCluster()], t0);
    s = withSpec(s, KEY, { ...spec(s), replicas: 1 });
    const t = new TestTrace();
    s = ssc.reconcile(s, t);
    expect(t.deleted()).toEqual(["web-2"]);
    s = ssc.reconcile(s, t);
    expect(t.deleted()).toEqual(["web-2"]);
    expect(privateOf(s, STATEFULSET_CONTROLLER).stalls[KEY]?.rule).toBe("statefulset/scale-down-wait-terminating");
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(t.deleted()).toEqual(["web-2", "web-1"]);
    expect(podNames(s)).toEqual(["web-0"]);
  });

  it("does not scale down while an in-range pod is unhealthy", () => {
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 3 })]), [ssc, fakeCluster()], t);
    const p0 = pod(s, "web-0");
    s = {
      ...s,
      pods: s.pods.set("default/web-0", {
        ...p0,
        status: { ...p0.status, conditions: [{ type: "Ready", status: "False" }] },
      }),
    };
    s = withSpec(s, KEY, { ...spec(s), replicas: 2 });
    s = ssc.reconcile(s, new TestTrace());
    expect(podNames(s)).toEqual(["web-0", "web-1", "web-2"]);
    expect(pod(s, "web-2").metadata.deletionTimestamp).toBeUndefined();
  });

  it("recreates a Failed pod with the same name", () => {
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 2 })]), [ssc, fakeCluster()], t);
    const p1 = pod(s, "web-1");
    const uid = p1.metadata.uid;
    s = { ...s, pods: s.pods.set("default/web-1", { ...p1, status: { ...p1.status, phase: "Failed" } }) };
    const t2 = new TestTrace();
    s = ssc.reconcile(s, t2);
    expect(t2.rules).toContain("statefulset/recreate-terminal-pod");
    expect(podNames(s)).toEqual(["web-0"]);
    s = settleAll(s, [ssc, fakeCluster()], t2);
    expect(podNames(s)).toEqual(["web-0", "web-1"]);
    expect(pod(s, "web-1").metadata.uid).not.toBe(uid);
  });

  it("does not replace a pod stuck terminating on a lost node until it is really gone", () => {
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 3 })]), [ssc, fakeCluster()], t);
    const p1 = pod(s, "web-1");
    s = { ...s, pods: s.pods.set("default/web-1", { ...p1, metadata: { ...p1.metadata, deletionTimestamp: "x" } }) };
    const stuck = fakeCluster({ stuckTerminating: new Set(["web-1"]) });
    s = settleAll(s, [ssc, stuck], t);
    expect(pod(s, "web-1").metadata.deletionTimestamp).toBe("x");
    expect(privateOf(s, STATEFULSET_CONTROLLER).stalls[KEY]?.rule).toBe("statefulset/wait-terminating");
    // force deletion (pod GC after the node is removed) frees the identity
    s = { ...s, pods: s.pods.delete("default/web-1") };
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(podNames(s)).toEqual(["web-0", "web-1", "web-2"]);
    expect(pod(s, "web-1").metadata.deletionTimestamp).toBeUndefined();
  });

  it("waits minReadySeconds before creating the next pod and schedules a wake-up", () => {
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 2, minReadySeconds: 10 })]), [ssc, fakeCluster()], t);
    expect(podNames(s)).toEqual(["web-0"]);
    expect(privateOf(s, STATEFULSET_CONTROLLER).stalls[KEY]?.rule).toBe("statefulset/wait-available");
    const timers = [...s.timers.values()];
    expect(timers.map((x) => x.at)).toEqual([10_001]);
    s = { ...s, time: 10_000 };
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(podNames(s)).toEqual(["web-0"]);
    s = { ...s, time: 10_001 };
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(podNames(s)).toEqual(["web-0", "web-1"]);
  });
});

describe("StatefulSet Parallel", () => {
  it("creates every missing pod in one sync without waiting for readiness", () => {
    const s = ssc.reconcile(
      testState([statefulSet("web", { replicas: 4, podManagementPolicy: "Parallel" })]),
      new TestTrace(),
    );
    expect(podNames(s)).toEqual(["web-0", "web-1", "web-2", "web-3"]);
  });

  it("deletes every condemned pod in one sync", () => {
    const t = new TestTrace();
    let s = settleAll(
      testState([statefulSet("web", { replicas: 4, podManagementPolicy: "Parallel" })]),
      [ssc, fakeCluster()],
      t,
    );
    s = withSpec(s, KEY, { ...spec(s), replicas: 1 });
    const t2 = new TestTrace();
    s = ssc.reconcile(s, t2);
    expect(t2.deleted()).toEqual(["web-3", "web-2", "web-1"]);
  });
});

describe("StatefulSet rolling update", () => {
  it("updates from the highest ordinal down, one at a time, on the legacy path (1.34)", () => {
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 3 })], undefined, "1.34"), [ssc, fakeCluster()], t);
    const rev0 = status(s).currentRevision;
    s = newImage(s, "nginx:1.26");
    const t2 = new TestTrace();
    s = ssc.reconcile(s, t2);
    expect(t2.deleted()).toEqual(["web-2"]);
    s = ssc.reconcile(s, t2);
    expect(t2.deleted()).toEqual(["web-2"]);
    s = settleAll(s, [ssc, fakeCluster()], t2);
    expect(t2.deleted()).toEqual(["web-2", "web-1", "web-0"]);
    expect(["web-0", "web-1", "web-2"].map((n) => image(s, n))).toEqual(["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
    expect(status(s).currentRevision).toBe(status(s).updateRevision);
    expect(status(s).currentRevision).not.toBe(rev0);
    expect(status(s)).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
  });

  it("touches only ordinals at or above the partition, even when a lower pod is recreated", () => {
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 4 })]), [ssc, fakeCluster()], t);
    s = withSpec(s, KEY, { ...spec(s), updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } });
    s = newImage(s, "nginx:2");
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(["web-0", "web-1", "web-2", "web-3"].map((n) => image(s, n))).toEqual([
      "nginx:1.25",
      "nginx:1.25",
      "nginx:2",
      "nginx:2",
    ]);
    expect(status(s)).toMatchObject({ currentReplicas: 2, updatedReplicas: 2 });
    expect(status(s).currentRevision).not.toBe(status(s).updateRevision);
    s = { ...s, pods: s.pods.delete("default/web-0") };
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(image(s, "web-0")).toBe("nginx:1.25");
  });

  it("deletes up to maxUnavailable outdated pods at once when the gate is on (1.35+)", () => {
    const t = new TestTrace();
    let s = settleAll(
      testState([
        statefulSet("web", {
          replicas: 4,
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2 } },
        }),
      ]),
      [ssc, fakeCluster()],
      t,
    );
    s = newImage(s, "nginx:2");
    const t2 = new TestTrace();
    s = ssc.reconcile(s, t2);
    expect(t2.deleted()).toEqual(["web-3", "web-2"]);
  });

  it("ignores maxUnavailable before 1.35, where the gate is off by default", () => {
    const t = new TestTrace();
    let s = settleAll(
      testState(
        [
          statefulSet("web", {
            replicas: 4,
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2 } },
          }),
        ],
        undefined,
        "1.34",
      ),
      [ssc, fakeCluster()],
      t,
    );
    s = newImage(s, "nginx:2");
    const t2 = new TestTrace();
    s = ssc.reconcile(s, t2);
    expect(t2.deleted()).toEqual(["web-3"]);
  });

  it("leaves pods alone under OnDelete until they are deleted, then recreates them from the new template", () => {
    const t = new TestTrace();
    let s = settleAll(
      testState([statefulSet("web", { replicas: 2, updateStrategy: { type: "OnDelete" } })]),
      [ssc, fakeCluster()],
      t,
    );
    s = newImage(s, "nginx:2");
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(image(s, "web-1")).toBe("nginx:1.25");
    s = { ...s, pods: s.pods.delete("default/web-1") };
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(image(s, "web-1")).toBe("nginx:2");
    expect(image(s, "web-0")).toBe("nginx:1.25");
  });

  it("names revisions deterministically from the template", () => {
    const a = ssc.reconcile(testState([statefulSet("web", { replicas: 1 })]), new TestTrace());
    const b = ssc.reconcile(testState([statefulSet("web", { replicas: 1 })]), new TestTrace());
    expect(status(a).updateRevision).toBe(status(b).updateRevision);
    expect(String(status(a).updateRevision)).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe("StatefulSet rollback", () => {
  it("rolls back to the previous ControllerRevision's template, renumbering it as the newest revision", async () => {
    const { rollbackHandler } = await import("../../events/workload-rollback.js");
    const t = new TestTrace();
    let s = settleAll(testState([statefulSet("web", { replicas: 2 })], undefined, "1.34"), [ssc, fakeCluster()], t);
    const rev1 = status(s).updateRevision;
    s = newImage(s, "nginx:2");
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(image(s, "web-0")).toBe("nginx:2");
    s = rollbackHandler.apply(s, { type: "Rollback", at: 0, kind: "StatefulSet", name: "web" }, t);
    s = settleAll(s, [ssc, fakeCluster()], t);
    expect(["web-0", "web-1"].map((n) => image(s, n))).toEqual(["nginx:1.25", "nginx:1.25"]);
    expect(status(s).updateRevision).toBe(rev1);
    const crs = [...s.objects.values()].filter((o) => o.kind === "ControllerRevision") as unknown as {
      metadata: { name: string };
      revision: number;
    }[];
    expect(crs.find((c) => c.metadata.name === rev1)?.revision).toBe(3);
  });
});
