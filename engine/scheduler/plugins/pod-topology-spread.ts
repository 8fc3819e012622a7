/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go and scoring.go):
 * DoNotSchedule constraints filter by skew (minDomains, node inclusion policies); ScheduleAnyway
 * constraints (or the system defaults for pods selected by a Service/RC/RS/StatefulSet) score.
 */

import {
  type CycleState,
  MAX_NODE_SCORE,
  newStatus,
  type Plugin,
  type PluginFactory,
  PREFILTER_OK,
  PREFILTER_SKIP,
  SKIP,
  SUCCESS,
} from "../framework.js";
import { goRound, idiv } from "../go.js";
import { domainCounts, type MatchCounts } from "../match-counts.js";
import { labelColumn } from "../node-table.js";
import { type NodeInfo, nodesByLabel, type Snapshot } from "../snapshot.js";
import {
  admitsEveryNode,
  type Constraint,
  constraintsFor,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  LABEL_HOSTNAME,
  matchCountsOf,
  nodeInclusionPredicate,
  POD_TOPOLOGY_SPREAD,
  type PodTopologySpreadArgs,
  podsMatching,
} from "./pod-topology-spread-common.js";
import { filterCountsOverNodes, scoreCounts } from "./pod-topology-spread-counts.js";

export { POD_TOPOLOGY_SPREAD };

interface FilterState {
  readonly constraints: Constraint[];
  /** Per constraint: topology value → matching pods. */
  readonly counts: Map<string, number>[];
  /** Per constraint: the global minimum (MaxInt32 when there is no domain). */
  readonly minMatch: number[];
  /** Per constraint: 1 when the incoming pod matches its own selector (selfMatchNum), else 0. */
  readonly selfMatch: number[];
  readonly byId: CountsById;
}

interface ScoreState {
  readonly constraints: Constraint[];
  readonly counts: Map<string, number>[];
  readonly weights: number[];
  readonly ignored: Set<string>;
  /** Per constraint: the snapshot's memoised counts of its selector (undefined: count directly). */
  readonly matchCounts: (MatchCounts | undefined)[];
  readonly byId: CountsById;
}

/**
 * `counts` over the snapshot's label columns: per constraint, node k's value id of the topology key
 * (-1: no such label) and the count per value id (0 for a value `counts` lacks), so Filter and Score
 * read two array slots per node instead of a keyed label lookup and a map lookup.
 */
interface CountsById {
  readonly ids: Int32Array[];
  readonly counts: Float64Array[];
}

function countsById(
  s: Snapshot,
  constraints: readonly Constraint[],
  counts: readonly Map<string, number>[],
): CountsById {
  const ids: Int32Array[] = [];
  const out: Float64Array[] = [];
  for (let i = 0; i < constraints.length; i++) {
    const col = labelColumn(s.table, s.nodes, constraints[i]!.topologyKey);
    const arr = new Float64Array(col.valueIds.size);
    for (const [v, id] of col.valueIds) arr[id] = counts[i]!.get(v as string) ?? 0;
    ids.push(col.ids);
    out.push(arr);
  }
  return { ids, counts: out };
}

const FILTER_KEY = "PreFilterPodTopologySpread";
const SCORE_KEY = "PreScorePodTopologySpread";
const MAX_INT32 = 2147483647;
const FAIL_LABEL = newStatus("UnschedulableAndUnresolvable", ERR_REASON_NODE_LABEL_NOT_MATCH);
const FAIL_SKEW = newStatus("Unschedulable", ERR_REASON_CONSTRAINTS_NOT_MATCH);

/** Whether every node of the snapshot carries every constraint's topology key. */
function allNodesHaveKeys(s: Snapshot, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) {
    let n = 0;
    for (const nis of nodesByLabel(s, c.topologyKey).values()) n += nis.length;
    if (n !== s.nodes.length) return false;
  }
  return true;
}

export const podTopologySpread: PluginFactory = {
  name: POD_TOPOLOGY_SPREAD,
  create(raw): Plugin {
    const args = raw as PodTopologySpreadArgs;
    const systemDefaulted = (args.defaultingType ?? "System") === "System";
    // The current cycle's Pre* state, kept in the closure (cheaper than a CycleState lookup per node).
    let filterCs: CycleState | undefined;
    let filterState: FilterState | undefined;
    let scoreCs: CycleState | undefined;
    let scoreState: ScoreState | undefined;
    return {
      name: POD_TOPOLOGY_SPREAD,
      preFilter(cs) {
        // calPreFilterState
        const snap = cs.snapshot;
        const ns = cs.podInfo.namespace;
        const constraints = constraintsFor(cs.podInfo, snap, args, "DoNotSchedule");
        if (constraints.length === 0) return PREFILTER_SKIP;
        const counts = constraints.map(() => new Map<string, number>());
        const mcs = constraints.map((c) => matchCountsOf(snap, c, ns));
        if (constraints.length === 1 && admitsEveryNode(constraints[0]!, cs.pod)) {
          // Fast path, same result: one constraint and every node with its key is eligible.
          const c = constraints[0]!;
          const mc = mcs[0];
          const domains = mc
            ? domainCounts(mc, labelColumn(snap.table, snap.nodes, c.topologyKey), c.topologyKey)
            : undefined;
          for (const [v, nis] of nodesByLabel(snap, c.topologyKey)) {
            let n = 0;
            if (domains) n = domains.get(v) ?? 0;
            else for (const ni of nis) n += podsMatching(undefined, ni, c, ns);
            counts[0]!.set(v, n);
          }
        } else {
          const admits = constraints.map((c) => nodeInclusionPredicate(c, cs));
          for (const [i, m] of filterCountsOverNodes(cs, constraints, admits, mcs).entries()) counts[i] = m;
        }
        const minMatch = constraints.map((c, i) => {
          const m = counts[i]!;
          let min = MAX_INT32;
          for (const v of m.values()) if (v < min) min = v;
          return m.size < c.minDomains ? 0 : min;
        });
        const selfMatch = constraints.map((c) => (c.selector(cs.podInfo.labels) ? 1 : 0));
        const byId = countsById(snap, constraints, counts);
        const state: FilterState = { constraints, counts, minMatch, selfMatch, byId };
        cs.data.set(FILTER_KEY, state);
        filterCs = cs;
        filterState = state;
        return PREFILTER_OK;
      },
      filter(cs, ni) {
        const s = filterCs === cs ? filterState : (cs.data.get(FILTER_KEY) as FilterState | undefined);
        if (!s) return SUCCESS;
        const k = ni.index;
        for (let i = 0; i < s.constraints.length; i++) {
          const id = s.byId.ids[i]![k]!;
          if (id < 0) return FAIL_LABEL; // the node lacks the topology key
          const skew = s.byId.counts[i]![id]! + s.selfMatch[i]! - s.minMatch[i]!;
          if (skew > s.constraints[i]!.maxSkew) return FAIL_SKEW;
        }
        return SUCCESS;
      },
      preScore(cs, feasible) {
        if (feasible.length === 0 || cs.snapshot.nodes.length === 0) return SUCCESS;
        const snap = cs.snapshot;
        const ns = cs.podInfo.namespace;
        const own = (cs.pod.spec.topologySpreadConstraints ?? []).length > 0;
        const constraints = constraintsFor(cs.podInfo, snap, args, "ScheduleAnyway");
        if (constraints.length === 0) return SKIP;
        const requireAll = own || !systemDefaulted;
        const admits = constraints.map((c) => nodeInclusionPredicate(c, cs));
        const mcs = constraints.map((c) => matchCountsOf(snap, c, ns));
        // The memoised per-domain sums serve when every node is admitted and no node is skipped for
        // lacking another constraint's key.
        const byDomain =
          admits.every((a) => a === undefined) &&
          mcs.every((m) => m !== undefined) &&
          (!requireAll || constraints.length === 1 || allNodesHaveKeys(snap, constraints));
        const { counts, ignored, topoSize } = scoreCounts(cs, feasible, constraints, requireAll, admits, mcs, byDomain);
        const weights = constraints.map((c, i) =>
          Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : topoSize[i]!) + 2),
        );
        const byId = countsById(snap, constraints, counts);
        const state: ScoreState = { constraints, counts, weights, ignored, matchCounts: mcs, byId };
        cs.data.set(SCORE_KEY, state);
        scoreCs = cs;
        scoreState = state;
        return SUCCESS;
      },
      score(cs, ni: NodeInfo) {
        const s = scoreCs === cs ? scoreState : (cs.data.get(SCORE_KEY) as ScoreState | undefined);
        if (!s || (s.ignored.size > 0 && s.ignored.has(ni.name))) return 0;
        const k = ni.index;
        let score = 0;
        for (let i = 0; i < s.constraints.length; i++) {
          const c = s.constraints[i]!;
          const id = s.byId.ids[i]![k]!;
          if (id < 0) continue; // the node lacks the topology key
          const cnt =
            c.topologyKey === LABEL_HOSTNAME
              ? podsMatching(s.matchCounts[i], ni, c, cs.podInfo.namespace)
              : s.byId.counts[i]![id]!;
          score += cnt * s.weights[i]! + (c.maxSkew - 1); // scoreForCount
        }
        return goRound(score);
      },
      normalizeScore(cs, feasible, scores) {
        const s = cs.data.get(SCORE_KEY) as ScoreState | undefined;
        if (!s) return;
        let min = Number.MAX_SAFE_INTEGER;
        let max = 0;
        const invalid = feasible.map((n) => s.ignored.has(n.name));
        scores.forEach((v, i) => {
          if (invalid[i]) return;
          if (v < min) min = v;
          if (v > max) max = v;
        });
        for (let i = 0; i < scores.length; i++) {
          if (invalid[i]) scores[i] = 0;
          else if (max === 0) scores[i] = MAX_NODE_SCORE;
          else scores[i] = idiv(MAX_NODE_SCORE * (max + min - scores[i]!), max);
        }
      },
    };
  },
};
