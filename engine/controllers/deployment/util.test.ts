import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../model/k8s.js";
import { resolveFenceposts } from "../common/intstr.js";
import { deploymentDefaults } from "../defaults.js";
import { deploymentComplete, deploymentProgressing } from "./progress.js";
import { maxUnavailable, newRSNewReplicas } from "./util.js";

interface Table {
  resolveFenceposts: {
    maxSurge: string | null;
    maxUnavailable: string | null;
    desired: number;
    surge: number;
    unavailable: number;
    error: boolean;
  }[];
  newRSNewReplicas: {
    name: string;
    strategy: string;
    depReplicas: number;
    newRSReplicas: number;
    maxSurge: number;
    expected: number;
  }[];
  deploymentComplete: { name: string; d: number[]; expected: boolean }[];
  deploymentProgressing: { name: string; old: number[]; new: number[]; expected: boolean }[];
  maxUnavailable: {
    name: string;
    strategy?: string;
    replicas: number;
    maxUnavailable: number | string;
    expected: number;
  }[];
}

const table = yaml.load(
  readFileSync(fileURLToPath(new URL("../../../fixtures/controllers/deployment-util.yaml", import.meta.url)), "utf8"),
) as Table;

const rs = (replicas: number): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: {},
  spec: { replicas },
});

describe("deployment_util.go tables (transcribed from upstream tests)", () => {
  it.each(table.resolveFenceposts)("ResolveFenceposts($maxSurge, $maxUnavailable, $desired)", (c) => {
    const r = resolveFenceposts(c.maxSurge ?? undefined, c.maxUnavailable ?? undefined, c.desired);
    expect(r.error !== undefined).toBe(c.error);
    expect([r.surge, r.unavailable]).toEqual([c.surge, c.unavailable]);
  });

  it.each(table.newRSNewReplicas)("NewRSNewReplicas: $name", (c) => {
    const d = deploymentDefaults({
      replicas: c.depReplicas,
      strategy: { type: c.strategy, rollingUpdate: { maxSurge: c.maxSurge, maxUnavailable: 1 } },
    });
    const newRS = rs(c.newRSReplicas);
    expect(newRSNewReplicas(d, [rs(5)], newRS)).toBe(c.expected);
  });

  it.each(table.deploymentComplete)("DeploymentComplete: $name", (c) => {
    const [desired, current, updated, available, mu, ms] = c.d as [number, number, number, number, number, number];
    const d = deploymentDefaults({
      replicas: desired,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: ms, maxUnavailable: mu } },
    });
    const status = { replicas: current, updatedReplicas: updated, availableReplicas: available, observedGeneration: 1 };
    expect(deploymentComplete(d, 1, status)).toBe(c.expected);
  });

  it.each(table.deploymentProgressing)("DeploymentProgressing: $name", (c) => {
    const s = (v: number[]) => ({
      replicas: v[0],
      updatedReplicas: v[1],
      readyReplicas: v[2],
      availableReplicas: v[3],
    });
    expect(deploymentProgressing(s(c.old), s(c.new))).toBe(c.expected);
  });

  it.each(table.maxUnavailable)("MaxUnavailable: $name", (c) => {
    const d = deploymentDefaults({
      replicas: c.replicas,
      strategy: {
        type: c.strategy ?? "RollingUpdate",
        rollingUpdate: { maxSurge: 1, maxUnavailable: c.maxUnavailable },
      },
    });
    expect(maxUnavailable(d)).toBe(c.expected);
  });
});
