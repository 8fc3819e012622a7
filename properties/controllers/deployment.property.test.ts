import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveFenceposts } from "../../engine/controllers/common/intstr.js";
import { isPodActive, isPodAvailable } from "../../engine/controllers/common/pods.js";
import { timestampAt } from "../../engine/controllers/common/time.js";
import { deploymentController } from "../../engine/controllers/deployment/controller.js";
import { replicaSetController } from "../../engine/controllers/replicaset/controller.js";
import { deployment, setImage, TestTrace, testState, withSpec } from "../../engine/controllers/testing.js";
import type { ClusterState } from "../../engine/model/state.js";
import { type DeployCase, deployCase } from "./arbitraries/deployment-actions.js";
import { deploymentBounds, type PodCounts } from "./invariants/deployment-bounds.js";

const KEY = "Deployment/default/web";

function counts(s: ClusterState): PodCounts {
  let active = 0;
  let available = 0;
  for (const p of s.pods.values()) {
    if (!isPodActive(p)) continue;
    active++;
    if (isPodAvailable(p, 0, s.time)) available++;
  }
  return { active, available };
}

function run(c: DeployCase): {
  violation?: string;
  midRolloutScale: boolean;
  killedMidRollout: boolean;
  stalled: boolean;
  completedRollouts: number;
} {
  let s = testState([
    deployment("web", {
      replicas: c.replicas,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable } },
    }),
  ]);
  let version = 1;
  // the replica count the controllers last synced against: the ReplicaSet controller's first pass
  // (before the Deployment has seen a scale) still works towards it
  let syncedReplicas = c.replicas;
  let rolling = false;
  const cov = { midRolloutScale: false, killedMidRollout: false, stalled: false, completedRollouts: 0 };
  for (const a of c.actions) {
    const spec = s.objects.get(KEY)?.spec as Record<string, unknown>;
    switch (a.t) {
      case "sync": {
        const before = counts(s);
        const t = new TestTrace();
        s = replicaSetController.reconcile(s, t);
        const mid = counts(s);
        s = deploymentController.reconcile(s, t);
        s = replicaSetController.reconcile(s, t);
        const after = counts(s);
        const f = resolveFenceposts(c.maxSurge, c.maxUnavailable, spec.replicas as number);
        const old = resolveFenceposts(c.maxSurge, c.maxUnavailable, syncedReplicas);
        // a user scaling down is the environment removing pods (upstream's scale() does not look at
        // availability), so only the ceiling is checked on that sync
        const scaledDown = (spec.replicas as number) < syncedReplicas;
        const v =
          deploymentBounds(before, mid, syncedReplicas, old.surge, old.unavailable) ??
          deploymentBounds(
            scaledDown ? { ...mid, available: 0 } : mid,
            after,
            spec.replicas as number,
            f.surge,
            f.unavailable,
          );
        syncedReplicas = spec.replicas as number;
        if (v) return { violation: v, ...cov };
        const st = s.objects.get(KEY)?.status as
          | { updatedReplicas?: number; replicas?: number; availableReplicas?: number }
          | undefined;
        if (
          rolling &&
          st?.updatedReplicas === spec.replicas &&
          st?.replicas === spec.replicas &&
          st?.availableReplicas === spec.replicas
        ) {
          rolling = false;
          cov.completedRollouts++;
        }
        if (t.rules.includes("deployment/progress-deadline-exceeded") || t.log.length === 0) cov.stalled ||= rolling;
        break;
      }
      case "progress":
        for (const [k, p] of s.pods.entries()) {
          if (!isPodActive(p)) continue;
          const broken = (p.spec.containers[0]?.image ?? "").includes("broken");
          if (p.status?.phase === "Pending")
            s = {
              ...s,
              pods: s.pods.set(k, {
                ...p,
                spec: { ...p.spec, nodeName: "n1" },
                status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] },
              }),
            };
          else if (!broken && p.status?.conditions?.[0]?.status !== "True")
            s = {
              ...s,
              pods: s.pods.set(k, {
                ...p,
                status: {
                  ...p.status,
                  conditions: [{ type: "Ready", status: "True", lastTransitionTime: timestampAt(s.time) }],
                },
              }),
            };
        }
        break;
      case "kill": {
        const live = [...s.pods.entries()].filter(([, p]) => isPodActive(p));
        const victim = live[a.i % Math.max(1, live.length)];
        if (victim) {
          s = {
            ...s,
            pods: s.pods.set(victim[0], {
              ...victim[1],
              metadata: { ...victim[1].metadata, deletionTimestamp: timestampAt(s.time) },
            }),
          };
          if (rolling) cov.killedMidRollout = true;
        }
        break;
      }
      case "finish":
        for (const [k, p] of s.pods.entries()) if (p.metadata.deletionTimestamp) s = { ...s, pods: s.pods.delete(k) };
        break;
      case "update":
        version++;
        s = setImage(s, KEY, a.broken ? `app:broken-${version}` : `app:v${version}`);
        rolling = true;
        break;
      case "scale":
        if (rolling) cov.midRolloutScale = true;
        s = withSpec(s, KEY, { ...spec, replicas: a.n });
        break;
    }
  }
  return cov;
}

describe("Deployment controller properties", () => {
  it("never takes the pod count above replicas+maxSurge or availability below replicas-maxUnavailable during a rollout", () => {
    const reached = { midRolloutScale: 0, killedMidRollout: 0, stalled: 0, completedRollouts: 0 };
    fc.assert(
      fc.property(deployCase(), (c) => {
        const r = run(c);
        if (r.violation) throw new Error(r.violation);
        if (r.midRolloutScale) reached.midRolloutScale++;
        if (r.killedMidRollout) reached.killedMidRollout++;
        if (r.stalled) reached.stalled++;
        reached.completedRollouts += r.completedRollouts;
      }),
      { numRuns: 150, seed: 20261122 },
    );
    console.log(`deployment property coverage over 150 runs: ${JSON.stringify(reached)}`);
    expect(reached.midRolloutScale).toBeGreaterThan(50);
    expect(reached.killedMidRollout).toBeGreaterThan(30);
    expect(reached.stalled).toBeGreaterThan(30);
    expect(reached.completedRollouts).toBeGreaterThan(50);
  });
});
