/**
 * PodTopologySpread's per-domain pod counts (podtopologyspread/filtering.go calPreFilterState and
 * scoring.go initPreScoreState) computed over the snapshot's label columns: a domain is a slot (the
 * topology key's value id, or the "" domain of nodes lacking the key), nodes are visited by index and
 * matching pods come from the memoised per-node counts. The results are the same maps of value →
 * count upstream builds; properties/scheduler/fast-paths.test.ts checks them against the direct
 * computation.
 */
import type { CycleState } from "../framework.js";
import { countPodsMatchSelector, domainCounts, type MatchCounts } from "../match-counts.js";
import { type LabelColumn, labelColumn } from "../node-table.js";
import type { NodeInfo, Snapshot } from "../snapshot.js";
import { type Constraint, LABEL_HOSTNAME } from "./pod-topology-spread-common.js";

/** matchNodeInclusionPolicies for node index k (undefined: every node is admitted). */
export type Admit = ((k: number, ni: NodeInfo) => boolean) | undefined;

/** One constraint's topology key as slots: value ids, plus the slot of "" for nodes lacking the key. */
interface KeySlots {
  readonly col: LabelColumn;
  /** The slot of the value "": its id when some node has it, else an extra slot. */
  readonly empty: number;
  readonly size: number;
}

function keySlots(s: Snapshot, key: string): KeySlots {
  const col = labelColumn(s.table, s.nodes, key);
  const id = col.valueIds.get("");
  return { col, empty: id ?? col.values.length, size: col.values.length + 1 };
}

/** node.Labels[key] as Go reads it ("" when absent), as a slot. */
function slotOf(ks: KeySlots, k: number): number {
  const id = ks.col.ids[k]!;
  return id < 0 ? ks.empty : id;
}

function slotValue(ks: KeySlots, slot: number): string {
  return slot < ks.col.values.length ? (ks.col.values[slot] as string) : "";
}

function hasAllKeys(cols: readonly KeySlots[], k: number): boolean {
  for (const ks of cols) if (ks.col.ids[k]! < 0) return false;
  return true;
}

/** countPodsMatchSelector on node k, from the memoised counts when there are some. */
function podsOn(mc: MatchCounts | undefined, s: Snapshot, k: number, c: Constraint, ns: string): number {
  if (mc) return mc.perNode[k]!;
  const ni = s.nodes[k]!;
  return ni.pods.size === 0 ? 0 : countPodsMatchSelector(ni, c.selector, ns);
}

/** Build value → count maps from slots in first-seen order. */
function toMaps(cols: readonly KeySlots[], order: readonly number[][], sums: readonly Float64Array[]) {
  return cols.map((ks, i) => new Map(order[i]!.map((slot) => [slotValue(ks, slot), sums[i]![slot]!] as const)));
}

/**
 * calPreFilterState over every node: nodes carrying every key, per constraint those its inclusion
 * policies admit, matching pods summed per topology value.
 */
export function filterCountsOverNodes(
  cs: CycleState,
  constraints: readonly Constraint[],
  admits: readonly Admit[],
  mcs: readonly (MatchCounts | undefined)[],
): Map<string, number>[] {
  const s = cs.snapshot;
  const ns = cs.podInfo.namespace;
  const cols = constraints.map((c) => keySlots(s, c.topologyKey));
  const sums = cols.map((ks) => new Float64Array(ks.size));
  const seen = cols.map((ks) => new Uint8Array(ks.size));
  const order: number[][] = cols.map(() => []);
  for (let k = 0; k < s.nodes.length; k++) {
    if (!hasAllKeys(cols, k)) continue; // nodeLabelsMatchSpreadConstraints
    for (let i = 0; i < constraints.length; i++) {
      const admit = admits[i];
      if (admit && !admit(k, s.nodes[k]!)) continue; // matchNodeInclusionPolicies
      const slot = cols[i]!.col.ids[k]!;
      if (seen[i]![slot] === 0) {
        seen[i]![slot] = 1;
        order[i]!.push(slot);
      }
      sums[i]![slot]! += podsOn(mcs[i], s, k, constraints[i]!, ns);
    }
  }
  return toMaps(cols, order, sums);
}

/**
 * initPreScoreState's counts: the topology values of the feasible nodes (those lacking a key are
 * ignored when every key is required), then matching pods summed over every admitted node with pods —
 * from the memoised per-domain sums when `byDomain` (every node admitted, and no node skipped for
 * lacking another constraint's key).
 */
export function scoreCounts(
  cs: CycleState,
  feasible: readonly NodeInfo[],
  constraints: readonly Constraint[],
  requireAll: boolean,
  admits: readonly Admit[],
  mcs: readonly (MatchCounts | undefined)[],
  byDomain: boolean,
): { counts: Map<string, number>[]; ignored: Set<string>; topoSize: number[] } {
  const s = cs.snapshot;
  const ns = cs.podInfo.namespace;
  const cols = constraints.map((c) => keySlots(s, c.topologyKey));
  const present = cols.map((ks) => new Uint8Array(ks.size));
  const order: number[][] = cols.map(() => []);
  const ignored = new Set<string>();
  for (const ni of feasible) {
    const k = ni.index;
    if (requireAll && !hasAllKeys(cols, k)) {
      ignored.add(ni.name);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      if (constraints[i]!.topologyKey === LABEL_HOSTNAME) continue; // per-node counts come in Score
      const slot = slotOf(cols[i]!, k);
      if (present[i]![slot] === 0) {
        present[i]![slot] = 1;
        order[i]!.push(slot);
      }
    }
  }
  const sums = cols.map((ks) => new Float64Array(ks.size));
  if (byDomain) {
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      const domains = domainCounts(mcs[i]!, cols[i]!.col, c.topologyKey);
      for (const slot of order[i]!) {
        const v = slotValue(cols[i]!, slot);
        let n = domains.get(v) ?? 0;
        if (v === "" && !requireAll) n += podsOnNodesWithout(mcs[i]!, s, cols[i]!.col);
        sums[i]![slot] = n;
      }
    }
  } else {
    const numPods = s.table.numPods;
    for (let k = 0; k < s.nodes.length; k++) {
      if (numPods[k] === 0) continue; // nodes without pods add nothing
      if (requireAll && !hasAllKeys(cols, k)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i]!;
        if (c.topologyKey === LABEL_HOSTNAME) continue;
        const admit = admits[i];
        if (admit && !admit(k, s.nodes[k]!)) continue; // matchNodeInclusionPolicies
        const slot = slotOf(cols[i]!, k);
        if (present[i]![slot] === 0) continue; // no feasible node in this domain
        sums[i]![slot]! += podsOn(mcs[i], s, k, c, ns);
      }
    }
  }
  return { counts: toMaps(cols, order, sums), ignored, topoSize: order.map((o) => o.length) };
}

/** Matching pods on the nodes lacking the key (they count under the value "" when not every key is required). */
function podsOnNodesWithout(mc: MatchCounts, s: Snapshot, col: LabelColumn): number {
  let n = 0;
  for (let k = 0; k < s.nodes.length; k++) if (col.ids[k]! < 0) n += mc.perNode[k]!;
  return n;
}
