/**
 * OrderedReady creation (reference §3 invariant 1): when a sync creates ordinal k, every ordinal from
 * start to k-1 exists and is Running, Ready, available for minReadySeconds and not terminating.
 */

import { isPodAvailable } from "../../../engine/controllers/common/pods.js";
import type { Pod } from "../../../engine/model/k8s.js";

/** The violation message, or undefined when the invariant holds for this sync. */
export function orderedReadyCreation(
  before: ReadonlyMap<number, Pod>,
  created: readonly number[],
  start: number,
  minReadySeconds: number,
  now: number,
): string | undefined {
  for (const k of created) {
    for (let j = start; j < k; j++) {
      const p = before.get(j);
      if (!p) return `ordinal ${k} created while ordinal ${j} did not exist`;
      if (p.metadata.deletionTimestamp) return `ordinal ${k} created while ordinal ${j} was terminating`;
      if (p.status?.phase !== "Running" || !isPodAvailable(p, minReadySeconds, now))
        return `ordinal ${k} created while ordinal ${j} was not Running and available`;
    }
  }
  return undefined;
}
