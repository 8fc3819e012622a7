/**
 * The resource scoring strategies (pkg/scheduler/framework/plugins/noderesources):
 * least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go, balanced_allocation.go,
 * and resource_allocation.go (which resources count, requested vs non-zero requested).
 */

import { MAX_CUSTOM_PRIORITY_SCORE, MAX_NODE_SCORE } from "../framework.js";
import { goInt, goRound, idiv } from "../go.js";
import type { NodeTable } from "../node-table.js";
import { isScalarResourceName, type Resources, resourceAmount } from "../resources.js";
import type { NodeInfo } from "../snapshot.js";

/** config.ResourceSpec. */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}
/** config.UtilizationShapePoint. */
export interface ShapePoint {
  readonly utilization: number;
  readonly score: number;
}

export type Scorer = (requested: number[], allocatable: number[]) => number;

/** leastRequestedScore. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return idiv((capacity - requested) * MAX_NODE_SCORE, capacity);
}

/** mostRequestedScore. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return idiv(requested * MAX_NODE_SCORE, capacity);
}

function weightedAverage(resources: readonly ResourceSpec[], f: (r: number, c: number) => number): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      nodeScore += f(requested[i]!, allocatable[i]!) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}

export const leastAllocatedScorer = (rs: readonly ResourceSpec[]): Scorer => weightedAverage(rs, leastRequestedScore);
export const mostAllocatedScorer = (rs: readonly ResourceSpec[]): Scorer => weightedAverage(rs, mostRequestedScore);

/** helper.BuildBrokenLinearFunction over shape points already scaled to MaxNodeScore. */
export function brokenLinear(shape: readonly ShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const s = shape[i]!;
      if (p <= s.utilization) {
        if (i === 0) return shape[0]!.score;
        const prev = shape[i - 1]!;
        return prev.score + idiv((s.score - prev.score) * (p - prev.utilization), s.utilization - prev.utilization);
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/** requestedToCapacityRatioScorer: shape scores ×(MaxNodeScore/MaxCustomPriorityScore); only positive scores count; math.Round. */
export function requestedToCapacityRatioScorer(rs: readonly ResourceSpec[], shape: readonly ShapePoint[]): Scorer {
  const f = brokenLinear(
    shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) })),
  );
  const maxUtilization = 100;
  const perResource = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity ? f(maxUtilization) : f(idiv(requested * maxUtilization, capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = rs[i]!.weight;
      const s = perResource(requested[i]!, allocatable[i]!);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}

/** balancedResourceScorer: 1 − std of the requested fractions (capped at 1), ×100, truncated. */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return goInt((1 - std) * MAX_NODE_SCORE);
}

/** The pod's request of each scored resource (cpu in milli). */
export function podRequestList(podReq: Resources, resources: readonly ResourceSpec[]): number[] {
  return resources.map((r) => resourceAmount(podReq, r.name));
}

/**
 * resourceAllocationScorer.score: for each resource, (allocatable, node requested + pod request),
 * skipping resources with zero allocatable and scalar resources the pod does not request.
 * `useRequested` picks NodeInfo.Requested (balanced) over NonZeroRequested (fit); ephemeral-storage
 * and scalars always use Requested. Scratch arrays are reused (the scheduler is single-threaded).
 */
export function allocationScore(
  ni: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  scorer: Scorer,
): number {
  const n = resources.length;
  const requested = scratch(n, 0);
  const allocatable = scratch(n, 1);
  const base = useRequested ? ni.requested : ni.nonZeroRequested;
  for (let i = 0; i < n; i++) {
    const name = resources[i]!.name;
    const podReq = podRequests[i]!;
    let alloc = 0;
    let req = 0;
    if (name === CPU) {
      alloc = ni.allocatable.cpu;
      req = base.cpu + podReq;
    } else if (name === MEMORY) {
      alloc = ni.allocatable.memory;
      req = base.memory + podReq;
    } else if (name === "ephemeral-storage") {
      alloc = ni.allocatable.ephemeralStorage;
      req = ni.requested.ephemeralStorage + podReq;
    } else if (!(podReq === 0 && isScalarResourceName(name)) && ni.allocatable.scalar?.has(name)) {
      alloc = ni.allocatable.scalar.get(name)!;
      req = (ni.requested.scalar?.get(name) ?? 0) + podReq;
    }
    allocatable[i] = alloc;
    requested[i] = alloc === 0 ? 0 : req;
  }
  return scorer(requested, allocatable);
}

const CPU = "cpu";
const MEMORY = "memory";

const scratchArrays: number[][][] = [[], []];
function scratch(n: number, which: 0 | 1): number[] {
  let a = scratchArrays[which]![n];
  if (!a) {
    a = new Array<number>(n).fill(0);
    scratchArrays[which]![n] = a;
  }
  return a;
}

/**
 * A specialised scorer for the common case of exactly cpu and memory (in either order, any weights):
 * the same arithmetic as allocationScore + the strategy's scorer, without scratch arrays or
 * indirect calls. `undefined` when the resources are anything else (the generic path is used).
 */
export function cpuMemoryScorer(
  resources: readonly ResourceSpec[],
  kind: "LeastAllocated" | "MostAllocated" | "Balanced",
): ((ni: NodeInfo, podRequests: readonly number[], useRequested: boolean) => number) | undefined {
  if (resources.length !== 2) return undefined;
  const ci = resources.findIndex((r) => r.name === CPU);
  const mi = resources.findIndex((r) => r.name === MEMORY);
  if (ci < 0 || mi < 0) return undefined;
  const wc = resources[ci]!.weight;
  const wm = resources[mi]!.weight;
  const per = kind === "MostAllocated" ? mostRequestedScore : leastRequestedScore;
  return (ni, podRequests, useRequested) => {
    const base = useRequested ? ni.requested : ni.nonZeroRequested;
    const ac = ni.allocatable.cpu;
    const am = ni.allocatable.memory;
    const rc = base.cpu + podRequests[ci]!;
    const rm = base.memory + podRequests[mi]!;
    if (kind === "Balanced") {
      if (ac !== 0 && am !== 0) {
        const fc = Math.min(rc / ac, 1);
        const fm = Math.min(rm / am, 1);
        return goInt((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
      }
      return MAX_NODE_SCORE; // one fraction (or none): std 0
    }
    let score = 0;
    let weights = 0;
    if (ac !== 0) {
      score += per(rc, ac) * wc;
      weights += wc;
    }
    if (am !== 0) {
      score += per(rm, am) * wm;
      weights += wm;
    }
    return weights === 0 ? 0 : idiv(score, weights);
  };
}

/** Scores `nodes` into `out` from the snapshot's node table. */
export type TableScorer = (
  t: NodeTable,
  nodes: readonly NodeInfo[],
  podRequests: readonly number[],
  useRequested: boolean,
  out: number[],
) => void;

/**
 * cpuMemoryScorer over many nodes at once, reading the node table's columns (the same numbers as the
 * NodeInfo objects): `out[i]` is cpuMemoryScorer's score of `nodes[i]`. undefined like cpuMemoryScorer.
 */
export function cpuMemoryTableScorer(
  resources: readonly ResourceSpec[],
  kind: "LeastAllocated" | "MostAllocated" | "Balanced",
): TableScorer | undefined {
  if (resources.length !== 2) return undefined;
  const ci = resources.findIndex((r) => r.name === CPU);
  const mi = resources.findIndex((r) => r.name === MEMORY);
  if (ci < 0 || mi < 0) return undefined;
  const wc = resources[ci]!.weight;
  const wm = resources[mi]!.weight;
  if (kind === "Balanced") {
    return (t, nodes, podRequests, useRequested, out) => {
      const reqCpu = useRequested ? t.reqCpu : t.nonZeroCpu;
      const reqMemory = useRequested ? t.reqMemory : t.nonZeroMemory;
      const pc = podRequests[ci]!;
      const pm = podRequests[mi]!;
      for (let i = 0; i < nodes.length; i++) {
        const k = nodes[i]!.index;
        const ac = t.allocCpu[k]!;
        const am = t.allocMemory[k]!;
        if (ac !== 0 && am !== 0) {
          const fc = Math.min((reqCpu[k]! + pc) / ac, 1);
          const fm = Math.min((reqMemory[k]! + pm) / am, 1);
          out[i] = goInt((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
        } else out[i] = MAX_NODE_SCORE; // one fraction (or none): std 0
      }
    };
  }
  const most = kind === "MostAllocated";
  return (t, nodes, podRequests, useRequested, out) => {
    const reqCpu = useRequested ? t.reqCpu : t.nonZeroCpu;
    const reqMemory = useRequested ? t.reqMemory : t.nonZeroMemory;
    const pc = podRequests[ci]!;
    const pm = podRequests[mi]!;
    for (let i = 0; i < nodes.length; i++) {
      const k = nodes[i]!.index;
      const ac = t.allocCpu[k]!;
      const am = t.allocMemory[k]!;
      let score = 0;
      let weights = 0;
      if (ac !== 0) {
        const rc = reqCpu[k]! + pc;
        score += (most ? mostRequestedScore(rc, ac) : leastRequestedScore(rc, ac)) * wc;
        weights += wc;
      }
      if (am !== 0) {
        const rm = reqMemory[k]! + pm;
        score += (most ? mostRequestedScore(rm, am) : leastRequestedScore(rm, am)) * wm;
        weights += wm;
      }
      out[i] = weights === 0 ? 0 : idiv(score, weights);
    }
  };
}
