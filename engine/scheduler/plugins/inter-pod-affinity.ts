/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go, scoring.go):
 * required affinity / anti-affinity of the incoming pod, existing pods' required anti-affinity
 * against it (symmetry), and the preferred-terms score with hardPodAffinityWeight.
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
import { goInt } from "../go.js";
import { type AffinityTerm, type PodInfo, termMatches, type WeightedAffinityTerm } from "../pod-info.js";
import type { Labels } from "../selectors.js";
import { type NodeInfo, namespaceLabels } from "../snapshot.js";

export const INTER_POD_AFFINITY = "InterPodAffinity";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** InterPodAffinityArgs (hardPodAffinityWeight defaults to 1). */
export interface InterPodAffinityArgs {
  readonly hardPodAffinityWeight?: number;
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

/** topologyPair → count, keyed "key\u0000value". */
type TopoCounts = Map<string, number>;
const pair = (k: string, v: string) => `${k}\u0000${v}`;

interface FilterState {
  readonly existingAnti: TopoCounts;
  readonly affinity: TopoCounts;
  readonly anti: TopoCounts;
}

function bump(m: TopoCounts, k: string, v: string): void {
  const p = pair(k, v);
  m.set(p, (m.get(p) ?? 0) + 1);
}

function matchesAll(terms: readonly AffinityTerm[], p: PodInfo, ns: Labels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, p, ns)) return false;
  return true;
}

const FAIL_AFFINITY = newStatus("UnschedulableAndUnresolvable", ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const FAIL_ANTI = newStatus("Unschedulable", ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const FAIL_EXISTING = newStatus("Unschedulable", ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
const FILTER_KEY = "PreFilterInterPodAffinity";
const SCORE_KEY = "PreScoreInterPodAffinity";

function satisfyPodAffinity(s: FilterState, pi: PodInfo, ni: NodeInfo, ownNs: Labels): boolean {
  let podsExist = true;
  for (const t of pi.requiredAffinityTerms) {
    const v = ni.labels[t.topologyKey];
    if (v === undefined || !Object.hasOwn(ni.labels, t.topologyKey)) return false;
    if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when no pod matches anywhere.
  return s.affinity.size === 0 && matchesAll(pi.requiredAffinityTerms, pi, ownNs);
}

export const interPodAffinity: PluginFactory = {
  name: INTER_POD_AFFINITY,
  create(raw): Plugin {
    const args = raw as InterPodAffinityArgs;
    const hardWeight = args.hardPodAffinityWeight ?? 1;
    return {
      name: INTER_POD_AFFINITY,
      preFilter(cs) {
        const pi = cs.podInfo;
        const snap = cs.snapshot;
        if (
          pi.requiredAffinityTerms.length === 0 &&
          pi.requiredAntiAffinityTerms.length === 0 &&
          snap.podsWithRequiredAntiAffinity === 0
        ) {
          return PREFILTER_SKIP;
        }
        const ownNs = namespaceLabels(snap, pi.namespace);
        const s: FilterState = { existingAnti: new Map(), affinity: new Map(), anti: new Map() };
        const wantIncoming = pi.requiredAffinityTerms.length > 0 || pi.requiredAntiAffinityTerms.length > 0;
        for (const ni of snap.nodes) {
          // getExistingAntiAffinityCounts
          for (const e of ni.podsWithRequiredAntiAffinity.values()) {
            for (const t of e.requiredAntiAffinityTerms) {
              if (termMatches(t, pi, ownNs) && Object.hasOwn(ni.labels, t.topologyKey)) {
                bump(s.existingAnti, t.topologyKey, ni.labels[t.topologyKey]!);
              }
            }
          }
          if (!wantIncoming) continue;
          // getIncomingAffinityAntiAffinityCounts
          for (const e of ni.pods.values()) {
            const eNs = namespaceLabels(snap, e.namespace);
            if (matchesAll(pi.requiredAffinityTerms, e, eNs)) {
              for (const t of pi.requiredAffinityTerms) {
                if (Object.hasOwn(ni.labels, t.topologyKey)) bump(s.affinity, t.topologyKey, ni.labels[t.topologyKey]!);
              }
            }
            for (const t of pi.requiredAntiAffinityTerms) {
              if (termMatches(t, e, eNs) && Object.hasOwn(ni.labels, t.topologyKey)) {
                bump(s.anti, t.topologyKey, ni.labels[t.topologyKey]!);
              }
            }
          }
        }
        cs.data.set(FILTER_KEY, s);
        return PREFILTER_OK;
      },
      filter(cs, ni) {
        const s = cs.data.get(FILTER_KEY) as FilterState | undefined;
        if (!s) return SUCCESS;
        const pi = cs.podInfo;
        if (!satisfyPodAffinity(s, pi, ni, namespaceLabels(cs.snapshot, pi.namespace))) return FAIL_AFFINITY;
        for (const t of pi.requiredAntiAffinityTerms) {
          if (!Object.hasOwn(ni.labels, t.topologyKey)) continue;
          if ((s.anti.get(pair(t.topologyKey, ni.labels[t.topologyKey]!)) ?? 0) > 0) return FAIL_ANTI;
        }
        if (s.existingAnti.size > 0) {
          for (const [k, v] of Object.entries(ni.labels)) {
            if ((s.existingAnti.get(pair(k, v)) ?? 0) > 0) return FAIL_EXISTING;
          }
        }
        return SUCCESS;
      },
      preScore(cs) {
        const pi = cs.podInfo;
        const hasConstraints = pi.preferredAffinityTerms.length > 0 || pi.preferredAntiAffinityTerms.length > 0;
        if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
        // Without preferred terms only pods with affinity can contribute: none anywhere → nothing to score.
        if (!hasConstraints && cs.snapshot.podsWithAffinity === 0) return SKIP;
        const ownNs = namespaceLabels(cs.snapshot, pi.namespace);
        const topo = new Map<string, Map<string, number>>();
        const add = (t: AffinityTerm, weight: number, target: PodInfo, ns: Labels, node: NodeInfo, mult: number) => {
          if (!termMatches(t, target, ns)) return;
          const v = node.labels[t.topologyKey];
          if (v === undefined || !Object.hasOwn(node.labels, t.topologyKey)) return;
          let m = topo.get(t.topologyKey);
          if (!m) {
            m = new Map();
            topo.set(t.topologyKey, m);
          }
          m.set(v, (m.get(v) ?? 0) + weight * mult);
        };
        const addAll = (
          ts: readonly WeightedAffinityTerm[],
          target: PodInfo,
          ns: Labels,
          node: NodeInfo,
          m: number,
        ) => {
          for (const t of ts) add(t, t.weight, target, ns, node, m);
        };
        for (const ni of cs.snapshot.nodes) {
          if (Object.keys(ni.labels).length === 0) continue;
          const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
          for (const e of pods.values()) {
            // processExistingPod
            const eNs = namespaceLabels(cs.snapshot, e.namespace);
            addAll(pi.preferredAffinityTerms, e, eNs, ni, 1);
            addAll(pi.preferredAntiAffinityTerms, e, eNs, ni, -1);
            if (hardWeight > 0) for (const t of e.requiredAffinityTerms) add(t, hardWeight, pi, ownNs, ni, 1);
            addAll(e.preferredAffinityTerms, pi, ownNs, ni, 1);
            addAll(e.preferredAntiAffinityTerms, pi, ownNs, ni, -1);
          }
        }
        if (topo.size === 0) return SKIP;
        cs.data.set(SCORE_KEY, topo);
        return SUCCESS;
      },
      score(cs, ni) {
        const topo = cs.data.get(SCORE_KEY) as Map<string, Map<string, number>> | undefined;
        if (!topo) return 0;
        let score = 0;
        for (const [k, values] of topo) {
          if (Object.hasOwn(ni.labels, k)) score += values.get(ni.labels[k]!) ?? 0;
        }
        return score;
      },
      normalizeScore(_cs, _nodes, scores) {
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (const s of scores) {
          if (s > max) max = s;
          if (s < min) min = s;
        }
        const diff = max - min;
        for (let i = 0; i < scores.length; i++) {
          scores[i] = diff > 0 ? goInt(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
        }
      },
    };
  },
};
