import { describe, expect, it } from "vitest";
import { deleteObjectHandler } from "../events/workload-delete-object.js";
import type { ClusterState } from "../model/state.js";
import { deploymentController } from "./deployment/controller.js";
import { garbageCollector } from "./garbage-collector.js";
import { replicaSetController } from "./replicaset/controller.js";
import { workloadStalls } from "./stalls.js";
import { statefulSetController } from "./statefulset/controller.js";
import {
  deployment,
  fakeCluster,
  podNames,
  settleAll,
  statefulSet,
  TestTrace,
  testState,
  withSpec,
} from "./testing.js";

const kinds = (s: ClusterState, kind: string) =>
  [...s.objects.values()]
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();

describe("garbage collector", () => {
  it("deletes a Deployment's ReplicaSets and pods after the Deployment is deleted", () => {
    const cs = [replicaSetController, deploymentController, garbageCollector, fakeCluster()];
    let s = settleAll(testState([deployment("web", { replicas: 3 })]), cs, new TestTrace());
    expect(podNames(s)).toHaveLength(3);
    s = deleteObjectHandler.apply(s, { type: "DeleteObject", at: 0, kind: "Deployment", name: "web" }, new TestTrace());
    const t = new TestTrace();
    s = settleAll(s, cs, t);
    expect(kinds(s, "ReplicaSet")).toEqual([]);
    expect(podNames(s)).toEqual([]);
    expect(t.rules).toContain("garbage-collector/delete-orphaned-dependent");
  });

  it("applies a StatefulSet's PVC retention: whenScaled Delete removes the claim of a scaled-down pod, Retain keeps it", () => {
    const claims = [{ metadata: { name: "data" }, spec: {} }];
    const cs = [statefulSetController, garbageCollector, fakeCluster()];
    let s = settleAll(
      testState([
        statefulSet("del", {
          replicas: 2,
          volumeClaimTemplates: claims,
          persistentVolumeClaimRetentionPolicy: { whenScaled: "Delete", whenDeleted: "Retain" },
        }),
        statefulSet("keep", { replicas: 2, volumeClaimTemplates: claims }),
      ]),
      cs,
      new TestTrace(),
    );
    expect(kinds(s, "PersistentVolumeClaim")).toEqual(["data-del-0", "data-del-1", "data-keep-0", "data-keep-1"]);
    for (const n of ["del", "keep"])
      s = withSpec(s, `StatefulSet/default/${n}`, {
        ...(s.objects.get(`StatefulSet/default/${n}`)?.spec as object),
        replicas: 1,
      });
    s = settleAll(s, cs, new TestTrace());
    expect(podNames(s)).toEqual(["del-0", "keep-0"]);
    expect(kinds(s, "PersistentVolumeClaim")).toEqual(["data-del-0", "data-keep-0", "data-keep-1"]);
  });

  it("reports why an OrderedReady StatefulSet is stalled", () => {
    const s = settleAll(
      testState([statefulSet("web", { replicas: 3 })]),
      [statefulSetController, fakeCluster({ neverReady: new Set(["web-0"]) })],
      new TestTrace(),
    );
    expect(workloadStalls(s)).toEqual([
      {
        object: "StatefulSet/default/web",
        controller: "statefulset",
        rule: "statefulset/wait-running-ready",
        message:
          "web-0 is Running and not Ready: OrderedReady creates, deletes and updates no pod above it (web-1 waits)",
      },
    ]);
  });
});
