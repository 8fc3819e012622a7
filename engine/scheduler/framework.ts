/**
 * The scheduling framework's contracts (pkg/scheduler/framework/interface.go): status codes, cycle
 * state, and the extension points a plugin may implement (PreFilter, Filter, PreScore, Score,
 * NormalizeScore). One plugin per file under plugins/, each with its name constant and reasons.
 */
import type { Pod } from "../model/k8s.js";
import type { PodInfo } from "./pod-info.js";
import type { NodeInfo, Snapshot } from "./snapshot.js";

/** framework.Code, as explain prints it. */
export type Code = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Error" | "Skip";

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
}

export const SUCCESS: Status = Object.freeze({ code: "Success", reasons: Object.freeze([]) as readonly string[] });
export const SKIP: Status = Object.freeze({ code: "Skip", reasons: Object.freeze([]) as readonly string[] });

/** framework.NewStatus(code, reasons...). */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons) });
}

/** Status.IsRejected: Unschedulable or UnschedulableAndUnresolvable (or Pending). */
export function isRejected(s: Status): boolean {
  return s.code === "Unschedulable" || s.code === "UnschedulableAndUnresolvable";
}

/** framework.MaxNodeScore / MinNodeScore / config.MaxCustomPriorityScore. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** CycleState: the pod being scheduled, the snapshot, and per-plugin data computed at Pre* points. */
export interface CycleState {
  readonly pod: Pod;
  readonly podInfo: PodInfo;
  readonly snapshot: Snapshot;
  readonly data: Map<string, unknown>;
}

export function newCycleState(pod: Pod, podInfo: PodInfo, snapshot: Snapshot): CycleState {
  return { pod, podInfo, snapshot, data: new Map() };
}

/** PreFilter's answer: a status, and optionally the only nodes worth filtering (PreFilterResult.NodeNames). */
export interface PreFilterResult {
  readonly status: Status;
  readonly nodeNames?: ReadonlySet<string>;
}

export const PREFILTER_OK: PreFilterResult = Object.freeze({ status: SUCCESS });
export const PREFILTER_SKIP: PreFilterResult = Object.freeze({ status: SKIP });

/** A configured plugin instance. */
export interface Plugin {
  readonly name: string;
  preFilter?(cs: CycleState): PreFilterResult;
  filter?(cs: CycleState, node: NodeInfo): Status;
  /** Returns SKIP when the plugin has nothing to score for this pod. */
  preScore?(cs: CycleState, feasible: readonly NodeInfo[]): Status;
  score?(cs: CycleState, node: NodeInfo): number;
  /** In place, over the scores of `feasible` (same order). */
  normalizeScore?(cs: CycleState, feasible: readonly NodeInfo[], scores: number[]): void;
  /**
   * Optimisation hooks with no observable effect: `filterPassesEverywhere` says the Filter would
   * return Success on every node of this snapshot for this pod (the cycle then does not call it);
   * `constantScore` gives the raw score every node would get, when it is the same for all.
   */
  filterPassesEverywhere?(cs: CycleState): boolean;
  constantScore?(cs: CycleState): number | undefined;
  /**
   * Optimisation hook with no observable effect: Score for every node of `nodes` at once
   * (`out[i] = score(cs, nodes[i])`), after this cycle's PreScore. The scheduling cycle uses it;
   * explain calls `score` per node, and a property checks both give the same totals.
   */
  scoreNodes?(cs: CycleState, nodes: readonly NodeInfo[], out: number[]): void;
}

/** Builds a plugin from its (defaulted) args. */
export interface PluginFactory {
  readonly name: string;
  create(args: Readonly<Record<string, unknown>>): Plugin;
}
