/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go and scoring.go):
 * DoNotSchedule constraints filter by skew (minDomains, node inclusion policies); ScheduleAnyway
 * constraints (or the system defaults for pods selected by a Service/RC/RS/StatefulSet) score.
 */

import {
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
import type { NodeInfo } from "../snapshot.js";
import { nodesByLabel } from "../snapshot.js";
import {
  admitsEveryNode,
  type Constraint,
  constraintsFor,
  countPodsMatchSelector,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  LABEL_HOSTNAME,
  matchNodeInclusionPolicies,
  nodeHasAllKeys,
  POD_TOPOLOGY_SPREAD,
  type PodTopologySpreadArgs,
} from "./pod-topology-spread-common.js";

export { POD_TOPOLOGY_SPREAD };

interface FilterState {
  readonly constraints: Constraint[];
  /** Per constraint: topology value → matching pods. */
  readonly counts: Map<string, number>[];
  /** Per constraint: the global minimum (MaxInt32 when there is no domain). */
  readonly minMatch: number[];
}

interface ScoreState {
  readonly constraints: Constraint[];
  readonly counts: Map<string, number>[];
  readonly weights: number[];
  readonly ignored: Set<string>;
}

const FILTER_KEY = "PreFilterPodTopologySpread";
const SCORE_KEY = "PreScorePodTopologySpread";
const MAX_INT32 = 2147483647;
const FAIL_LABEL = newStatus("UnschedulableAndUnresolvable", ERR_REASON_NODE_LABEL_NOT_MATCH);
const FAIL_SKEW = newStatus("Unschedulable", ERR_REASON_CONSTRAINTS_NOT_MATCH);

export const podTopologySpread: PluginFactory = {
  name: POD_TOPOLOGY_SPREAD,
  create(raw): Plugin {
    const args = raw as PodTopologySpreadArgs;
    const systemDefaulted = (args.defaultingType ?? "System") === "System";
    return {
      name: POD_TOPOLOGY_SPREAD,
      preFilter(cs) {
        // calPreFilterState
        const constraints = constraintsFor(cs.podInfo, cs.snapshot, args, "DoNotSchedule");
        if (constraints.length === 0) return PREFILTER_SKIP;
        const counts = constraints.map(() => new Map<string, number>());
        if (constraints.length === 1 && admitsEveryNode(constraints[0]!, cs.pod)) {
          // Fast path, same result: one constraint and every node with its key is eligible.
          const c = constraints[0]!;
          for (const [v, nis] of nodesByLabel(cs.snapshot, c.topologyKey)) {
            let n = 0;
            for (const ni of nis)
              if (ni.pods.size > 0) n += countPodsMatchSelector(ni, c.selector, cs.podInfo.namespace);
            counts[0]!.set(v, n);
          }
        } else {
          for (const ni of cs.snapshot.nodes) {
            if (!nodeHasAllKeys(ni.labels, constraints)) continue;
            constraints.forEach((c, i) => {
              if (!matchNodeInclusionPolicies(c, cs.pod, ni)) return;
              const v = ni.labels[c.topologyKey]!;
              const n = countPodsMatchSelector(ni, c.selector, cs.podInfo.namespace);
              counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + n);
            });
          }
        }
        const minMatch = constraints.map((c, i) => {
          const m = counts[i]!;
          let min = MAX_INT32;
          for (const v of m.values()) if (v < min) min = v;
          return m.size < c.minDomains ? 0 : min;
        });
        cs.data.set(FILTER_KEY, { constraints, counts, minMatch } satisfies FilterState);
        return PREFILTER_OK;
      },
      filter(cs, ni) {
        const s = cs.data.get(FILTER_KEY) as FilterState | undefined;
        if (!s) return SUCCESS;
        for (let i = 0; i < s.constraints.length; i++) {
          const c = s.constraints[i]!;
          if (!Object.hasOwn(ni.labels, c.topologyKey)) return FAIL_LABEL;
          const v = ni.labels[c.topologyKey]!;
          const self = c.selector(cs.podInfo.labels) ? 1 : 0;
          const skew = (s.counts[i]!.get(v) ?? 0) + self - s.minMatch[i]!;
          if (skew > c.maxSkew) return FAIL_SKEW;
        }
        return SUCCESS;
      },
      preScore(cs, feasible) {
        if (feasible.length === 0 || cs.snapshot.nodes.length === 0) return SUCCESS;
        const own = (cs.pod.spec.topologySpreadConstraints ?? []).length > 0;
        const constraints = constraintsFor(cs.podInfo, cs.snapshot, args, "ScheduleAnyway");
        if (constraints.length === 0) return SKIP;
        const requireAll = own || !systemDefaulted;
        const counts = constraints.map(() => new Map<string, number>());
        const ignored = new Set<string>();
        const topoSize = constraints.map(() => 0);
        for (const ni of feasible) {
          if (requireAll && !nodeHasAllKeys(ni.labels, constraints)) {
            ignored.add(ni.name);
            continue;
          }
          constraints.forEach((c, i) => {
            if (c.topologyKey === LABEL_HOSTNAME) return;
            const v = ni.labels[c.topologyKey] ?? "";
            if (!counts[i]!.has(v)) {
              counts[i]!.set(v, 0);
              topoSize[i]!++;
            }
          });
        }
        const weights = constraints.map((c, i) =>
          Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : topoSize[i]!) + 2),
        );
        const admitAll = constraints.map((c) => admitsEveryNode(c, cs.pod));
        for (const ni of cs.snapshot.nodes) {
          // Nodes without pods add nothing to any count.
          if (ni.pods.size === 0) continue;
          if (requireAll && !nodeHasAllKeys(ni.labels, constraints)) continue;
          constraints.forEach((c, i) => {
            if (c.topologyKey === LABEL_HOSTNAME) return; // counted per node in Score
            if (!admitAll[i] && !matchNodeInclusionPolicies(c, cs.pod, ni)) return;
            const v = ni.labels[c.topologyKey] ?? "";
            const cur = counts[i]!.get(v);
            if (cur === undefined) return;
            counts[i]!.set(v, cur + countPodsMatchSelector(ni, c.selector, cs.podInfo.namespace));
          });
        }
        cs.data.set(SCORE_KEY, { constraints, counts, weights, ignored } satisfies ScoreState);
        return SUCCESS;
      },
      score(cs, ni: NodeInfo) {
        const s = cs.data.get(SCORE_KEY) as ScoreState | undefined;
        if (!s || s.ignored.has(ni.name)) return 0;
        let score = 0;
        s.constraints.forEach((c, i) => {
          if (!Object.hasOwn(ni.labels, c.topologyKey)) return;
          const cnt =
            c.topologyKey === LABEL_HOSTNAME
              ? countPodsMatchSelector(ni, c.selector, cs.podInfo.namespace)
              : (s.counts[i]!.get(ni.labels[c.topologyKey]!) ?? 0);
          score += cnt * s.weights[i]! + (c.maxSkew - 1); // scoreForCount
        });
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
