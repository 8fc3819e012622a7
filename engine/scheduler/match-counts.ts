/**
 * countPodsMatchSelector (pkg/scheduler/framework/plugins/podtopologyspread/common.go) memoised in the
 * snapshot: for one (namespace, selector) the number of matching pods on every node, and per topology
 * key the sums per label value, kept exact by addPod/removePod. PodTopologySpread's PreFilter and
 * PreScore walk every node of the cluster for each pod with a constraint; with these counts they read
 * one number per node (or per domain) instead of evaluating the selector on every pod.
 *
 * A selector is identified by a canonical key of its content (selectorKey): two constraints with the
 * same key select exactly the same pods. Constraints without a key are counted directly.
 */
import type { LabelSelector } from "../model/k8s.js";
import type { LabelColumn } from "./node-table.js";
import type { PodInfo } from "./pod-info.js";
import type { LabelMatcher } from "./selectors.js";
import type { NodeInfo } from "./snapshot.js";

/** Matching-pod counts of one (namespace, selector) over the snapshot's nodes. */
export interface MatchCounts {
  readonly namespace: string;
  readonly selector: LabelMatcher;
  /** Matching pods per node, indexed by NodeInfo.index. */
  readonly perNode: Int32Array;
  /** topologyKey → label value → matching pods on the nodes carrying that key (built on first use). */
  readonly byDomain: Map<string, Map<string, number>>;
}

/** Entries kept per snapshot; beyond this, counts are computed directly (addPod cost stays bounded). */
export const MAX_MATCH_COUNT_ENTRIES = 128;

/** countPodsMatchSelector: pods in `ns`, not terminating, whose labels the selector matches. */
export function countPodsMatchSelector(ni: NodeInfo, selector: LabelMatcher, ns: string): number {
  let n = 0;
  for (const p of ni.pods.values()) {
    if (p.terminating || p.namespace !== ns) continue;
    if (selector(p.labels)) n++;
  }
  return n;
}

function podCounts(pi: PodInfo, e: MatchCounts): boolean {
  return !pi.terminating && pi.namespace === e.namespace && e.selector(pi.labels);
}

/** The counts for (ns, key), built on first use; undefined when the snapshot's table is full. */
export function matchCountsFor(
  table: Map<string, MatchCounts>,
  nodes: readonly NodeInfo[],
  ns: string,
  key: string,
  selector: LabelMatcher,
): MatchCounts | undefined {
  const k = `${ns}\u0000${key}`;
  let e = table.get(k);
  if (e) return e;
  if (table.size >= MAX_MATCH_COUNT_ENTRIES) return undefined;
  const perNode = new Int32Array(nodes.length);
  for (const ni of nodes) if (ni.pods.size > 0) perNode[ni.index] = countPodsMatchSelector(ni, selector, ns);
  e = { namespace: ns, selector, perNode, byDomain: new Map() };
  table.set(k, e);
  return e;
}

/**
 * Per label value of `topologyKey`, the matching pods on nodes carrying the key (values in the
 * column's first-seen order); `column` is the key's label column of the same snapshot.
 */
export function domainCounts(e: MatchCounts, column: LabelColumn, topologyKey: string): Map<string, number> {
  let m = e.byDomain.get(topologyKey);
  if (m) return m;
  const sums = new Float64Array(column.values.length);
  for (let k = 0; k < column.ids.length; k++) {
    const id = column.ids[k]!;
    if (id >= 0) sums[id]! += e.perNode[k]!;
  }
  m = new Map();
  for (let id = 0; id < column.values.length; id++) m.set(column.values[id] as string, sums[id]!);
  e.byDomain.set(topologyKey, m);
  return m;
}

/** Keep every table entry exact when `pi` is added to (sign 1) or removed from (sign -1) `ni`. */
export function updateMatchCounts(table: Map<string, MatchCounts>, pi: PodInfo, ni: NodeInfo, sign: 1 | -1): void {
  if (table.size === 0) return;
  for (const e of table.values()) {
    if (!podCounts(pi, e)) continue;
    e.perNode[ni.index]! += sign;
    for (const [key, m] of e.byDomain) {
      if (!Object.hasOwn(ni.labels, key)) continue;
      const v = ni.labels[key]!;
      m.set(v, (m.get(v) ?? 0) + sign);
    }
  }
}

const selectorKeys = new WeakMap<LabelSelector, string>();

/**
 * A canonical key of a LabelSelector's content (matchLabels sorted, matchExpressions in order): equal
 * keys mean compileLabelSelector gives the same matcher.
 */
export function labelSelectorKey(sel: LabelSelector): string {
  let k = selectorKeys.get(sel);
  if (k === undefined) {
    const labels = Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const exprs = (sel.matchExpressions ?? []).map((e) => [e.key, e.operator, e.values ?? null]);
    k = JSON.stringify([labels, exprs]);
    selectorKeys.set(sel, k);
  }
  return k;
}
