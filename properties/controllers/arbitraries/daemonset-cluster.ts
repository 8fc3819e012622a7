/**
 * Random clusters and node churn for one DaemonSet: nodes with pool labels and taints (NoSchedule,
 * NoExecute, PreferNoSchedule, or a taint the daemon tolerates automatically), a DaemonSet that may
 * select a pool and tolerate one taint, then nodes joining, leaving, being re-tainted, and template
 * updates.
 */
import fc from "fast-check";
import type { Taint } from "../../../engine/model/k8s.js";

export type TaintChoice = "none" | "dedicated" | "evict" | "unschedulable" | "prefer" | "not-ready";

export const TAINTS: Readonly<Record<TaintChoice, Taint | undefined>> = {
  none: undefined,
  dedicated: { key: "dedicated", value: "gpu", effect: "NoSchedule" },
  evict: { key: "evict", effect: "NoExecute" },
  unschedulable: { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" },
  prefer: { key: "slow", effect: "PreferNoSchedule" },
  "not-ready": { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
};

export interface NodeSpecChoice {
  readonly pool: "a" | "b";
  readonly taint: TaintChoice;
}

export type DsAction =
  | { readonly t: "add"; readonly node: NodeSpecChoice }
  | { readonly t: "remove"; readonly i: number }
  | { readonly t: "retaint"; readonly i: number; readonly taint: TaintChoice }
  | { readonly t: "update" };

/** Constraints of the DaemonSet cluster arbitrary. */
export interface DsConstraints {
  readonly maxNodes: number;
  readonly maxActions: number;
}

export interface DsCase {
  readonly nodes: readonly NodeSpecChoice[];
  readonly selectPool: "a" | undefined;
  readonly tolerateDedicated: boolean;
  readonly surge: boolean;
  readonly actions: readonly DsAction[];
}

const taint = fc.constantFrom<TaintChoice>(
  "none",
  "none",
  "dedicated",
  "evict",
  "unschedulable",
  "prefer",
  "not-ready",
);
const node = fc.record({ pool: fc.constantFrom<"a" | "b">("a", "b"), taint });

/** A DaemonSet, an initial node set and a churn history. */
export function dsCase(c: DsConstraints = { maxNodes: 6, maxActions: 12 }): fc.Arbitrary<DsCase> {
  const action: fc.Arbitrary<DsAction> = fc.oneof(
    { weight: 2, arbitrary: node.map((n) => ({ t: "add", node: n }) as const) },
    { weight: 1, arbitrary: fc.nat({ max: c.maxNodes }).map((i) => ({ t: "remove", i }) as const) },
    {
      weight: 3,
      arbitrary: fc.record({ i: fc.nat({ max: c.maxNodes }), taint }).map((r) => ({ t: "retaint", ...r }) as const),
    },
    { weight: 1, arbitrary: fc.constant({ t: "update" } as const) },
  );
  return fc.record({
    nodes: fc.array(node, { minLength: 1, maxLength: c.maxNodes }),
    selectPool: fc.constantFrom<"a" | undefined>("a", undefined),
    tolerateDedicated: fc.boolean(),
    surge: fc.boolean(),
    actions: fc.array(action, { minLength: 1, maxLength: c.maxActions, size: "max" }),
  });
}
