/**
 * One scheduling cycle (pkg/scheduler/schedule_one.go schedulePod): PreFilter (possibly narrowing the
 * nodes), Filter from nextStartNodeIndex until numFeasibleNodesToFind feasible nodes are found,
 * no scoring when only one is feasible, otherwise PreScore/Score/NormalizeScore × weight and
 * selectHost with the tie-break drawn from the seeded rng. A pure function over a snapshot.
 */
import type { Pod } from "../model/k8s.js";
import { type Diagnosis, fitErrorMessage } from "./fit-error.js";
import { type CycleState, newCycleState, newStatus, type Plugin, type Status } from "./framework.js";
import { idiv } from "./go.js";
import { podInfo } from "./pod-info.js";
import { evaluatePreemption, type PreemptionOutcome } from "./preemption.js";
import type { Profile } from "./profile.js";
import { chooseIndex } from "./rng.js";
import type { NodeInfo, Snapshot } from "./snapshot.js";

/** minFeasibleNodesToFind / minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind (adaptive when percentage is 0). */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) {
    pct = 50 - idiv(numAllNodes, 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = idiv(numAllNodes * pct, 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** A plugin's status with the plugin that returned it. */
export interface PluginStatus {
  readonly plugin: string;
  readonly status: Status;
}

export interface PreFilterOutcome {
  /** The rejecting PreFilter, if any. */
  readonly rejected?: PluginStatus;
  /** Plugins whose PreFilter returned Skip (their Filter is not run). */
  readonly skipped: ReadonlySet<string>;
  /** The merged PreFilterResult node set (undefined: all nodes), with the plugins that narrowed it. */
  readonly nodeNames?: ReadonlySet<string>;
  readonly narrowedBy: readonly string[];
  /** Every PreFilter's own answer, in order. */
  readonly results: readonly { plugin: string; status: Status; nodeNames?: readonly string[] }[];
}

/** RunPreFilterPlugins. */
export function runPreFilter(profile: Profile, cs: CycleState): PreFilterOutcome {
  const skipped = new Set<string>();
  let nodeNames: Set<string> | undefined;
  const narrowedBy: string[] = [];
  const results: { plugin: string; status: Status; nodeNames?: readonly string[] }[] = [];
  for (const p of profile.preFilter) {
    const r = p.preFilter!(cs);
    results.push({ plugin: p.name, status: r.status, ...(r.nodeNames ? { nodeNames: [...r.nodeNames].sort() } : {}) });
    if (r.status.code === "Skip") {
      skipped.add(p.name);
      continue;
    }
    if (r.status.code !== "Success")
      return { rejected: { plugin: p.name, status: r.status }, skipped, narrowedBy, results };
    if (r.nodeNames) {
      narrowedBy.push(p.name);
      nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
      if (nodeNames.size === 0) {
        const msg =
          narrowedBy.length === 1
            ? `node(s) didn't satisfy plugin ${narrowedBy[0]}`
            : `node(s) didn't satisfy plugin(s) [${narrowedBy.join(" ")}] simultaneously`;
        return {
          rejected: { plugin: p.name, status: newStatus("UnschedulableAndUnresolvable", msg) },
          skipped,
          narrowedBy,
          results,
        };
      }
    }
  }
  return { skipped, ...(nodeNames ? { nodeNames } : {}), narrowedBy, results };
}

/** RunFilterPlugins: the first failing plugin's status, or undefined when all pass. */
export function runFilters(
  filters: readonly Plugin[],
  cs: CycleState,
  ni: NodeInfo,
  skipped: ReadonlySet<string>,
): PluginStatus | undefined {
  for (const p of filters) {
    if (!p.filter || skipped.has(p.name)) continue;
    const s = p.filter(cs, ni);
    if (s.code !== "Success") return { plugin: p.name, status: s };
  }
  return undefined;
}

/** One score plugin's results over the feasible nodes. */
export interface PluginScores {
  readonly plugin: string;
  readonly weight: number;
  /** PreScore returned Skip: the plugin contributes nothing. */
  readonly skipped: boolean;
  readonly raw: readonly number[];
  readonly normalized: readonly number[];
}

/** RunPreScorePlugins + RunScorePlugins (NormalizeScore, weights). Totals are Σ weight × normalized. */
export function prioritize(
  profile: Profile,
  cs: CycleState,
  feasible: readonly NodeInfo[],
): { plugins: PluginScores[]; totals: number[] } {
  const skipped = new Set<string>();
  for (const p of profile.preScore) if (p.preScore!(cs, feasible).code === "Skip") skipped.add(p.name);
  const totals = new Array<number>(feasible.length).fill(0);
  const plugins: PluginScores[] = [];
  for (const { plugin, weight } of profile.score) {
    if (skipped.has(plugin.name)) {
      const zeros = new Array<number>(feasible.length).fill(0);
      plugins.push({ plugin: plugin.name, weight, skipped: true, raw: zeros, normalized: zeros });
      continue;
    }
    const constant = plugin.constantScore?.(cs);
    const raw =
      constant === undefined
        ? feasible.map((ni) => plugin.score!(cs, ni))
        : new Array<number>(feasible.length).fill(constant);
    const normalized = [...raw];
    plugin.normalizeScore?.(cs, feasible, normalized);
    for (let i = 0; i < totals.length; i++) totals[i]! += normalized[i]! * weight;
    plugins.push({ plugin: plugin.name, weight, skipped: false, raw, normalized });
  }
  return { plugins, totals };
}

const scoreScratch = { raw: [] as number[], totals: [] as number[] };

/**
 * The same totals as `prioritize`, into reused scratch arrays (the scheduling cycle needs only the
 * totals; explain keeps every plugin's scores). The returned array is valid until the next call.
 */
export function prioritizeTotals(profile: Profile, cs: CycleState, feasible: readonly NodeInfo[]): number[] {
  const n = feasible.length;
  const skipped = new Set<string>();
  for (const p of profile.preScore) if (p.preScore!(cs, feasible).code === "Skip") skipped.add(p.name);
  const totals = scoreScratch.totals;
  const raw = scoreScratch.raw;
  totals.length = n;
  raw.length = n;
  totals.fill(0);
  for (const { plugin, weight } of profile.score) {
    if (skipped.has(plugin.name)) continue;
    const constant = plugin.constantScore?.(cs);
    if (constant !== undefined) raw.fill(constant);
    else if (plugin.scoreNodes) plugin.scoreNodes(cs, feasible, raw);
    else {
      const score = plugin.score!;
      for (let i = 0; i < n; i++) raw[i] = score(cs, feasible[i]!);
    }
    plugin.normalizeScore?.(cs, feasible, raw);
    for (let i = 0; i < n; i++) totals[i]! += raw[i]! * weight;
  }
  return totals;
}

/** The argmax set (in evaluation order) and the seeded uniform choice among it (selectHost). */
export function selectHost(
  nodes: readonly NodeInfo[],
  totals: readonly number[],
  rng: number,
): { selected: string; argmax: string[]; rng: number } {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < totals.length; i++) if (totals[i]! > best) best = totals[i]!;
  const argmax: string[] = [];
  for (let i = 0; i < nodes.length; i++) if (totals[i] === best) argmax.push(nodes[i]!.name);
  const c = chooseIndex(rng, argmax.length);
  return { selected: argmax[c.index]!, argmax, rng: c.rng };
}

export interface CycleOptions {
  readonly nextStartNodeIndex: number;
  readonly rng: number;
}

export type CycleResult =
  | {
      readonly kind: "scheduled";
      readonly node: string;
      readonly argmax: readonly string[];
      /** Feasible nodes found (≤ numFeasibleNodesToFind). */
      readonly feasible: number;
      readonly nextStartNodeIndex: number;
      readonly rng: number;
    }
  | {
      readonly kind: "unschedulable";
      readonly message: string;
      /**
       * The PodScheduled reason handleSchedulingFailure writes: Unschedulable for a FitError,
       * SchedulerError otherwise (ErrNoNodesAvailable is an error, not a rejection).
       */
      readonly reason: "Unschedulable" | "SchedulerError";
      /** Plugins that rejected the pod on some node (Diagnosis.UnschedulablePlugins). */
      readonly plugins: readonly string[];
      /** Distinct (plugin, reason) rejections, in first-seen order. */
      readonly rejections: readonly { readonly plugin: string; readonly reason: string; readonly code: string }[];
      readonly preFilterRejected: boolean;
      readonly preemption?: PreemptionOutcome;
      readonly nextStartNodeIndex: number;
      readonly rng: number;
    };

/** schedulePod for one pod against a snapshot (not mutated). */
export function scheduleOne(snapshot: Snapshot, pod: Pod, profile: Profile, opts: CycleOptions): CycleResult {
  const cs = newCycleState(pod, podInfo(pod), snapshot);
  const all = snapshot.nodes;
  const numAll = all.length;
  if (numAll === 0) {
    return {
      kind: "unschedulable",
      message: "no nodes available to schedule pods",
      reason: "SchedulerError",
      plugins: [],
      rejections: [],
      preFilterRejected: false,
      nextStartNodeIndex: opts.nextStartNodeIndex,
      rng: opts.rng,
    };
  }
  const pre = runPreFilter(profile, cs);
  if (pre.rejected) {
    const message = fitErrorMessage(numAll, {
      nodeStatuses: [],
      preFilterMsg: pre.rejected.status.reasons.join(", "),
    });
    return unschedulable(
      profile,
      snapshot,
      pod,
      message,
      new Map(),
      [pre.rejected],
      true,
      opts,
      opts.nextStartNodeIndex,
    );
  }
  const nodes = pre.nodeNames ? all.filter((n) => pre.nodeNames!.has(n.name)) : all;
  const toFind = numFeasibleNodesToFind(profile.percentageOfNodesToScore, nodes.length);
  // The Filter plugins that run this cycle (those whose PreFilter returned Skip do not).
  const active = profile.filter.filter(
    (p) => p.filter !== undefined && !pre.skipped.has(p.name) && !p.filterPassesEverywhere?.(cs),
  );
  const nActive = active.length;
  // The functions themselves: loading `.filter` from a dozen plugin shapes per node would be megamorphic.
  const filterFns = active.map((p) => p.filter!); // plugins never use `this`
  const feasible: NodeInfo[] = [];
  // Rejections in processing order: the node, its status and the rejecting plugin (index into active).
  // The NodeToStatus map is built from them only when it is needed (no feasible node).
  const rejectedNodes: NodeInfo[] = [];
  const rejectedStatus: Status[] = [];
  const rejectedBy: number[] = [];
  let processed = 0;
  const start = opts.nextStartNodeIndex;
  const n = nodes.length;
  for (let i = 0; i < n && feasible.length < toFind; i++) {
    const ni = nodes[(start + i) % n]!;
    processed++;
    let failed = false;
    for (let j = 0; j < nActive; j++) {
      const st = filterFns[j]!(cs, ni);
      if (st.code !== "Success") {
        rejectedNodes.push(ni);
        rejectedStatus.push(st);
        rejectedBy.push(j);
        failed = true;
        break;
      }
    }
    if (!failed) feasible.push(ni);
  }
  // findNodesThatFitPod advances by the processed nodes modulo len(allNodes), not the PreFilter-narrowed
  // list (kubernetes#124933, in every supported version).
  const next = (opts.nextStartNodeIndex + processed) % numAll;
  if (feasible.length === 0) {
    const statuses = new Map<string, Status>();
    const failures: PluginStatus[] = [];
    for (let r = 0; r < rejectedNodes.length; r++) {
      statuses.set(rejectedNodes[r]!.name, rejectedStatus[r]!);
      failures.push({ plugin: active[rejectedBy[r]!]!.name, status: rejectedStatus[r]! });
    }
    const absentCount = numAll - statuses.size;
    const d: Diagnosis = {
      nodeStatuses: [...statuses.values()],
      ...(absentCount > 0
        ? {
            absent: {
              count: absentCount,
              status: newStatus(
                "UnschedulableAndUnresolvable",
                `node(s) didn't satisfy plugin(s) [${[...pre.narrowedBy].sort().join(" ")}]`,
              ),
            },
          }
        : {}),
    };
    return unschedulable(profile, snapshot, pod, fitErrorMessage(numAll, d), statuses, failures, false, opts, next);
  }
  if (feasible.length === 1) {
    return {
      kind: "scheduled",
      node: feasible[0]!.name,
      argmax: [feasible[0]!.name],
      feasible: 1,
      nextStartNodeIndex: next,
      rng: opts.rng,
    };
  }
  const totals = prioritizeTotals(profile, cs, feasible);
  const sel = selectHost(feasible, totals, opts.rng);
  return {
    kind: "scheduled",
    node: sel.selected,
    argmax: sel.argmax,
    feasible: feasible.length,
    nextStartNodeIndex: next,
    rng: sel.rng,
  };
}

function unschedulable(
  profile: Profile,
  snapshot: Snapshot,
  pod: Pod,
  fitMessage: string,
  statuses: ReadonlyMap<string, Status>,
  failures: readonly PluginStatus[],
  preFilterRejected: boolean,
  opts: CycleOptions,
  next: number,
): CycleResult {
  const seen = new Set<string>();
  const rejections: { plugin: string; reason: string; code: string }[] = [];
  for (const f of failures) {
    for (const reason of f.status.reasons) {
      const k = `${f.plugin}\u0000${reason}\u0000${f.status.code}`;
      if (seen.has(k)) continue;
      seen.add(k);
      rejections.push({ plugin: f.plugin, reason, code: f.status.code });
    }
  }
  let message = fitMessage;
  let preemption: PreemptionOutcome | undefined;
  if (profile.preemption) {
    preemption = evaluatePreemption(profile, snapshot, pod, statuses);
    if (preemption.message) message = `${fitMessage} ${preemption.message}`;
  }
  return {
    kind: "unschedulable",
    message,
    reason: "Unschedulable",
    plugins: [...new Set(failures.map((f) => f.plugin))].sort(),
    rejections,
    preFilterRejected,
    ...(preemption ? { preemption } : {}),
    nextStartNodeIndex: next,
    rng: opts.rng,
  };
}
