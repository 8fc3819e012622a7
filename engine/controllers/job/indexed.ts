/**
 * Indexed Jobs (pkg/controller/job/indexed_job_utils.go): the completion index of a pod, the
 * compressed completedIndexes string ("0-2,4"), and the lowest indexes still to run.
 */
import type { Pod } from "../../model/k8s.js";

export const COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

/** getCompletionIndex: the pod's index annotation, or -1 when absent or malformed. */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : -1;
}

/** orderedIntervals.String(): sorted, ranges of consecutive indexes joined by "-". */
export function formatIndexes(indexes: Iterable<number>): string {
  const xs = [...new Set(indexes)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && (xs[j + 1] as number) === (xs[j] as number) + 1) j++;
    out.push(i === j ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return out.join(",");
}

/** firstPendingIndexes: the lowest `count` indexes in [0, completions) neither succeeded nor active. */
export function firstPendingIndexes(
  succeeded: ReadonlySet<number>,
  active: ReadonlySet<number>,
  count: number,
  completions: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!succeeded.has(i) && !active.has(i)) out.push(i);
  return out;
}
