/**
 * The unschedulable message exactly as kube-scheduler writes it (pkg/scheduler/framework/types.go
 * FitError.Error): "0/N nodes are available:" then the PreFilter message, or the histogram of every
 * rejected node's reasons ("<count> <reason>", sorted as strings, joined by ", ", ended by "."), then
 * the PostFilter (preemption) message after a space.
 */
import type { Status } from "./framework.js";

/** NoNodeAvailableMsg. */
export const NO_NODE_AVAILABLE_MSG = "0/%v nodes are available";

export interface Diagnosis {
  /** Status of every node that was filtered and rejected (explicit entries of NodeToStatus). */
  readonly nodeStatuses: readonly Status[];
  /** Status of nodes absent from the map (filtered out by a PreFilter result), and how many. */
  readonly absent?: { readonly status: Status; readonly count: number };
  readonly preFilterMsg?: string;
  readonly postFilterMsg?: string;
}

/** Go's sort.Strings: byte-wise (UTF-16 code unit order equals it for these ASCII strings). */
function goSortStrings(xs: string[]): string[] {
  return xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** FitError.Error. */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const reasons = new Map<string, number>();
    for (const s of d.nodeStatuses) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    if (d.absent && d.absent.count > 0) {
      for (const r of d.absent.status.reasons) reasons.set(r, (reasons.get(r) ?? 0) + d.absent.count);
    }
    const sorted = goSortStrings([...reasons].map(([r, n]) => `${n} ${r}`));
    if (sorted.length > 0) msg += ` ${sorted.join(", ")}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
