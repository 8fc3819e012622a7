import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../model/k8s.js";
import { timestampAt } from "../common/time.js";
import { deletesBefore } from "./deletion-order.js";

interface PodRow {
  node: string;
  phase: string;
  ready: boolean;
  restarts: number;
  readySince: string | null;
  created: string | null;
  deletionCost?: string;
}
const table = yaml.load(
  readFileSync(
    fileURLToPath(new URL("../../../fixtures/controllers/active-pods-with-ranks.yaml", import.meta.url)),
    "utf8",
  ),
) as { pods: Record<string, PodRow>; equal: [string, string][]; less: [string, number, string, number][] };

const HOUR = 3_600_000;
const NOW = 40 * 24 * HOUR;
const AGES: Record<string, number> = {
  "0s": 0,
  "2h": 2 * HOUR,
  "5h": 5 * HOUR,
  "8h": 8 * HOUR,
  "1month": 31 * 24 * HOUR,
};
const at = (age: string | null) => (age === null ? undefined : timestampAt(NOW - (AGES[age] ?? 0)));

function pod(name: string): Pod {
  const r = table.pods[name];
  if (!r) throw new Error(`no pod ${name}`);
  const readyAt = at(r.readySince);
  const created = at(r.created);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      ...(created ? { creationTimestamp: created } : {}),
      ...(r.deletionCost ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": r.deletionCost } } : {}),
    },
    spec: { containers: [], ...(r.node ? { nodeName: r.node } : {}) },
    status: {
      phase: r.phase as "Running",
      ...(r.ready
        ? {
            conditions: [
              { type: "Ready", status: "True" as const, ...(readyAt ? { lastTransitionTime: readyAt } : {}) },
            ],
            containerStatuses: [{ name: "c", ready: true, restartCount: r.restarts }],
          }
        : {}),
    },
  };
}

describe("ActivePodsWithRanks.Less (upstream TestSortingActivePodsWithRanks)", () => {
  it.each(table.equal)("%s and %s are equivalent", (a, b) => {
    const x = { pod: pod(a), rank: 1 };
    const y = { pod: pod(b), rank: 1 };
    expect(deletesBefore(x, y, NOW)).toBe(false);
    expect(deletesBefore(y, x, NOW)).toBe(false);
  });

  it.each(table.less)("%s (rank %i) is deleted before %s (rank %i)", (a, ra, b, rb) => {
    const x = { pod: pod(a), rank: ra };
    const y = { pod: pod(b), rank: rb };
    expect(deletesBefore(x, y, NOW)).toBe(true);
    expect(deletesBefore(y, x, NOW)).toBe(false);
  });
});
