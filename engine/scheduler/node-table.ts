/**
 * The snapshot's per-node numbers as columns (typed arrays indexed by NodeInfo.index): allocatable,
 * requested and non-zero requested cpu/memory/ephemeral-storage, pod counts and taint counts. They
 * mirror the NodeInfo objects exactly — snapshot.ts writes both at the same points with the same
 * arithmetic — so a plugin reading a column gets the number it would read from the object. The
 * filter and score loops visit hundreds of nodes per pod; contiguous columns keep those reads in cache
 * where a NodeInfo's nested objects (allocatable, requested, pods) would each cost a cache line.
 */
import type { Resources } from "./resources.js";
import type { NodeInfo } from "./snapshot.js";

export interface NodeTable {
  /** Allocatable cpu (milli), memory, ephemeral-storage (bytes) and AllowedPodNumber. */
  readonly allocCpu: Float64Array;
  readonly allocMemory: Float64Array;
  readonly allocEphemeral: Float64Array;
  readonly allowedPods: Float64Array;
  /** NodeInfo.Requested. */
  readonly reqCpu: Float64Array;
  readonly reqMemory: Float64Array;
  readonly reqEphemeral: Float64Array;
  /** NodeInfo.NonZeroRequested (cpu, memory). */
  readonly nonZeroCpu: Float64Array;
  readonly nonZeroMemory: Float64Array;
  /** len(NodeInfo.Pods). */
  readonly numPods: Float64Array;
  /** Taints with effect NoSchedule/NoExecute, and with PreferNoSchedule. */
  readonly noScheduleTaints: Int32Array;
  readonly preferNoScheduleTaints: Int32Array;
  /** Label columns by key, built on first use (labelColumn). */
  readonly labels: Map<string, LabelColumn>;
}

/**
 * One label key over the nodes: `ids[k]` numbers node k's value (equal values, equal ids) or is -1
 * when the node has no such label (own property); `valueIds` maps a value to its id. Node labels never
 * change within a snapshot.
 */
export interface LabelColumn {
  readonly ids: Int32Array;
  readonly valueIds: ReadonlyMap<unknown, number>;
  /** The value of each id. */
  readonly values: readonly unknown[];
}

/** The column of label `key` (labels[key] when Object.hasOwn(labels, key), else absent). */
export function labelColumn(t: NodeTable, nodes: readonly NodeInfo[], key: string): LabelColumn {
  let col = t.labels.get(key);
  if (col) return col;
  const ids = new Int32Array(nodes.length).fill(-1);
  const valueIds = new Map<unknown, number>();
  const values: unknown[] = [];
  for (const ni of nodes) {
    if (!Object.hasOwn(ni.labels, key)) continue;
    const v: unknown = ni.labels[key];
    let id = valueIds.get(v);
    if (id === undefined) {
      id = values.length;
      valueIds.set(v, id);
      values.push(v);
    }
    ids[ni.index] = id;
  }
  col = { ids, valueIds, values };
  t.labels.set(key, col);
  return col;
}

/** The table of `nodes` (each at its index), with the requests already on them. */
export function buildNodeTable(nodes: readonly NodeInfo[]): NodeTable {
  const n = nodes.length;
  const t: NodeTable = {
    allocCpu: new Float64Array(n),
    allocMemory: new Float64Array(n),
    allocEphemeral: new Float64Array(n),
    allowedPods: new Float64Array(n),
    reqCpu: new Float64Array(n),
    reqMemory: new Float64Array(n),
    reqEphemeral: new Float64Array(n),
    nonZeroCpu: new Float64Array(n),
    nonZeroMemory: new Float64Array(n),
    numPods: new Float64Array(n),
    noScheduleTaints: new Int32Array(n),
    preferNoScheduleTaints: new Int32Array(n),
    labels: new Map(),
  };
  for (const ni of nodes) {
    const k = ni.index;
    t.allocCpu[k] = ni.allocatable.cpu;
    t.allocMemory[k] = ni.allocatable.memory;
    t.allocEphemeral[k] = ni.allocatable.ephemeralStorage;
    t.allowedPods[k] = ni.allocatable.pods;
    t.noScheduleTaints[k] = ni.noScheduleTaints.length;
    t.preferNoScheduleTaints[k] = ni.preferNoScheduleTaints.length;
    syncNodeTable(t, ni);
  }
  return t;
}

/** Copy a node's requested, non-zero requested and pod count into the table (after NodeInfo changed). */
export function syncNodeTable(t: NodeTable, ni: NodeInfo): void {
  const k = ni.index;
  const r: Resources = ni.requested;
  const z: Resources = ni.nonZeroRequested;
  t.reqCpu[k] = r.cpu;
  t.reqMemory[k] = r.memory;
  t.reqEphemeral[k] = r.ephemeralStorage;
  t.nonZeroCpu[k] = z.cpu;
  t.nonZeroMemory[k] = z.memory;
  t.numPods[k] = ni.pods.size;
}

/** A label set (labels.SelectorFromSet) compiled onto label columns: `matches(k)` for node index k. */
export interface ColumnSelector {
  readonly columns: readonly Int32Array[];
  /** Per column, the value id the node must have (-2 when no node has the value). */
  readonly ids: readonly number[];
}

/** selectorFromSet(set) over the node table: node k matches when every key's column holds the value's id. */
export function columnSelector(
  t: NodeTable,
  nodes: readonly NodeInfo[],
  set: Readonly<Record<string, string>>,
): ColumnSelector {
  const columns: Int32Array[] = [];
  const ids: number[] = [];
  for (const [k, v] of Object.entries(set)) {
    const col = labelColumn(t, nodes, k);
    columns.push(col.ids);
    ids.push(col.valueIds.get(v) ?? -2);
  }
  return { columns, ids };
}

/** Whether node index `k` matches a ColumnSelector. */
export function columnSelectorMatches(s: ColumnSelector, k: number): boolean {
  for (let i = 0; i < s.columns.length; i++) if (s.columns[i]![k] !== s.ids[i]) return false;
  return true;
}
