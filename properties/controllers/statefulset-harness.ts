/**
 * Interprets a StatefulSet history (arbitraries/statefulset-actions.ts): the environment's actions
 * edit pods directly (standing in for the scheduler and kubelet), and each "sync" runs the real
 * StatefulSet controller once and checks the invariants on that sync.
 */

import { scaledValue } from "../../engine/controllers/common/intstr.js";
import { timestampAt } from "../../engine/controllers/common/time.js";
import { privateOf } from "../../engine/controllers/common/timers.js";
import { statefulSetController } from "../../engine/controllers/statefulset/controller.js";
import { parentAndOrdinal } from "../../engine/controllers/statefulset/identity.js";
import { setImage, statefulSet, TestTrace, testState, withSpec } from "../../engine/controllers/testing.js";
import type { Pod } from "../../engine/model/k8s.js";
import type { ClusterState } from "../../engine/model/state.js";
import type { StsCase } from "./arbitraries/statefulset-actions.js";
import { orderedReadyCreation } from "./invariants/ordered-ready-creation.js";
import { partitionFloor } from "./invariants/partition-floor.js";
import { syncBounds } from "./invariants/sync-bounds.js";

const KEY = "StatefulSet/default/web";

/** What a history reached (for coverage statistics). */
export interface StsCoverage {
  syncs: number;
  creates: number;
  scaleDownMidRollout: boolean;
  crashLoopStall: boolean;
  nodeLossWait: boolean;
  partitionedUpdate: boolean;
  multiDeleteUpdate: boolean;
}

function ordinalsOf(state: ClusterState): Map<number, Pod> {
  const m = new Map<number, Pod>();
  for (const p of state.pods.values()) {
    const po = parentAndOrdinal(p.metadata.name ?? "");
    if (po.parent === "web") m.set(po.ordinal, p);
  }
  return m;
}

/** Runs a history; returns the first invariant violation (or undefined) and what was reached. */
export function runStatefulSetHistory(c: StsCase): { violation?: string; coverage: StsCoverage } {
  const cov: StsCoverage = {
    syncs: 0,
    creates: 0,
    scaleDownMidRollout: false,
    crashLoopStall: false,
    nodeLossWait: false,
    partitionedUpdate: false,
    multiDeleteUpdate: false,
  };
  let state = testState(
    [
      statefulSet("web", {
        replicas: c.replicas,
        podManagementPolicy: c.parallel ? "Parallel" : "OrderedReady",
        minReadySeconds: c.minReadySeconds,
        ordinals: { start: c.start },
        updateStrategy: {
          type: "RollingUpdate",
          rollingUpdate: { partition: c.partition, maxUnavailable: c.maxUnavailable },
        },
      }),
    ],
    undefined,
    c.version,
  );
  const stuck = new Set<string>();
  const crashing = new Set<string>();
  let image = 1;
  const podAt = (i: number) => `default/web-${c.start + i}`;
  const setPod = (k: string, f: (p: Pod) => Pod | undefined) => {
    const p = state.pods.get(k);
    if (!p) return;
    const n = f(p);
    state = { ...state, pods: n ? state.pods.set(k, n) : state.pods.delete(k) };
  };
  const spec = () => state.objects.get(KEY)?.spec as Record<string, unknown>;
  const status = () => (state.objects.get(KEY)?.status ?? {}) as { currentRevision?: string; updateRevision?: string };
  for (const a of c.actions) {
    switch (a.t) {
      case "sync": {
        const before = ordinalsOf(state);
        const prev = status();
        const sp = spec();
        const replicas = sp.replicas as number;
        const partition = (sp.updateStrategy as { rollingUpdate: { partition: number } }).rollingUpdate.partition;
        const t = new TestTrace();
        state = statefulSetController.reconcile(state, t);
        cov.syncs++;
        const created: number[] = [];
        const deleted: number[] = [];
        const updateDeleted: number[] = [];
        for (const e of t.log) {
          if (!e.object.startsWith("Pod/")) continue;
          const ord = parentAndOrdinal(e.object.slice(e.object.lastIndexOf("/") + 1)).ordinal;
          if (e.field === "created") created.push(ord);
          else if (e.field === "deleted" || e.field === "metadata.deletionTimestamp") {
            deleted.push(ord);
            if (e.rule === "statefulset/update-delete-outdated") updateDeleted.push(ord);
          }
        }
        cov.creates += created.length;
        if (updateDeleted.length > 0 && partition > 0) cov.partitionedUpdate = true;
        if (updateDeleted.length > 1) cov.multiDeleteUpdate = true;
        const stall = privateOf(state, "statefulset").stalls[KEY];
        if (stall?.rule === "statefulset/wait-running-ready") {
          const blocking = [...before.values()].find((p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0);
          if (blocking) cov.crashLoopStall = true;
        }
        if (
          stall?.rule === "statefulset/wait-terminating" &&
          [...before.values()].some((p) => stuck.has(p.metadata.name ?? ""))
        )
          cov.nodeLossWait = true;
        if (!c.parallel) {
          const maxUpd = c.version >= "1.35" ? Math.max(1, scaledValue(c.maxUnavailable, replicas, false) ?? 1) : 1;
          const v =
            syncBounds(created.length, deleted.length, updateDeleted.length, maxUpd) ??
            orderedReadyCreation(before, created, c.start, c.minReadySeconds, state.time);
          if (v) return { violation: `${v} (t=${state.time})`, coverage: cov };
        }
        const updateRevision = status().updateRevision ?? "";
        const below = created
          .filter((o) => o < c.start + partition)
          .map((o) => ({
            ordinal: o,
            revision: state.pods.get(`default/web-${o}`)?.metadata.labels?.["controller-revision-hash"] ?? "",
          }));
        const v2 = partitionFloor(updateDeleted, below, c.start + partition, prev.currentRevision, updateRevision);
        if (v2) return { violation: v2, coverage: cov };
        break;
      }
      case "progress":
        for (const [k, p] of state.pods.entries()) {
          if (p.metadata.deletionTimestamp || p.status?.phase === "Failed") continue;
          if (p.status?.phase === "Pending")
            setPod(k, (x) => ({
              ...x,
              spec: { ...x.spec, nodeName: "n1" },
              status: {
                phase: "Running",
                conditions: [{ type: "Ready", status: "False" }],
                containerStatuses: [{ name: "app", ready: false, restartCount: 0 }],
              },
            }));
          else if (
            p.status?.phase === "Running" &&
            !crashing.has(p.metadata.name ?? "") &&
            p.status.conditions?.[0]?.status !== "True"
          )
            setPod(k, (x) => ({
              ...x,
              status: {
                ...x.status,
                conditions: [{ type: "Ready", status: "True", lastTransitionTime: timestampAt(state.time) }],
              },
            }));
        }
        break;
      case "heal":
        crashing.delete(`web-${c.start + a.i}`);
        break;
      case "run":
        setPod(podAt(a.i), (p) =>
          p.status?.phase === "Pending" && !p.metadata.deletionTimestamp
            ? {
                ...p,
                spec: { ...p.spec, nodeName: "n1" },
                status: {
                  phase: "Running",
                  conditions: [{ type: "Ready", status: "False" }],
                  containerStatuses: [{ name: "app", ready: false, restartCount: 0 }],
                },
              }
            : p,
        );
        break;
      case "ready":
        setPod(podAt(a.i), (p) =>
          p.status?.phase === "Running" && !p.metadata.deletionTimestamp
            ? {
                ...p,
                status: {
                  ...p.status,
                  conditions: [
                    { type: "Ready", status: a.v ? "True" : "False", lastTransitionTime: timestampAt(state.time) },
                  ],
                },
              }
            : p,
        );
        break;
      case "crash":
        crashing.add(`web-${c.start + a.i}`);
        setPod(podAt(a.i), (p) =>
          p.status?.phase === "Running"
            ? {
                ...p,
                status: {
                  ...p.status,
                  conditions: [{ type: "Ready", status: "False", lastTransitionTime: timestampAt(state.time) }],
                  containerStatuses: [
                    {
                      name: "app",
                      ready: false,
                      restartCount: (p.status.containerStatuses?.[0]?.restartCount ?? 0) + 1,
                    },
                  ],
                },
              }
            : p,
        );
        break;
      case "fail":
        setPod(podAt(a.i), (p) => ({
          ...p,
          status: { ...p.status, phase: "Failed", conditions: [{ type: "Ready", status: "False" }] },
        }));
        break;
      case "lose":
        setPod(podAt(a.i), (p) => {
          if (!p.spec.nodeName) return p;
          stuck.add(p.metadata.name ?? "");
          return { ...p, metadata: { ...p.metadata, deletionTimestamp: timestampAt(state.time) } };
        });
        break;
      case "gc":
        setPod(podAt(a.i), (p) => (stuck.delete(p.metadata.name ?? "") ? undefined : p));
        break;
      case "finish":
        for (const [k, p] of state.pods.entries())
          if (p.metadata.deletionTimestamp && !stuck.has(p.metadata.name ?? "")) setPod(k, () => undefined);
        break;
      case "scale": {
        const st = status();
        if (a.n < (spec().replicas as number) && st.currentRevision && st.currentRevision !== st.updateRevision)
          cov.scaleDownMidRollout = true;
        state = withSpec(state, KEY, { ...spec(), replicas: a.n });
        break;
      }
      case "update":
        image++;
        state = setImage(state, KEY, `nginx:1.${image}`);
        break;
      case "partition": {
        const us = spec().updateStrategy as { type: string; rollingUpdate: Record<string, unknown> };
        state = withSpec(state, KEY, {
          ...spec(),
          updateStrategy: { ...us, rollingUpdate: { ...us.rollingUpdate, partition: a.p } },
        });
        break;
      }
      case "tick":
        state = { ...state, time: state.time + a.ms };
        break;
    }
  }
  return { coverage: cov };
}
