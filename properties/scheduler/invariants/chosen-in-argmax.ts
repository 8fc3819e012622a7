/** The chosen node is in the argmax set of the weighted totals (all nodes are examined below 100 nodes). */
import type { ScheduleRun } from "../run.js";

export function chosenInArgmax(run: ScheduleRun): string | undefined {
  for (const o of run.outcomes) {
    if (o.result.kind !== "scheduled") continue;
    if (!o.argmaxAll?.includes(o.result.node)) {
      return `${o.pod.metadata.name} went to ${o.result.node}, argmax is ${o.argmaxAll?.join(",")}`;
    }
    if ([...o.result.argmax].sort().join() !== [...o.argmaxAll].sort().join() && o.feasibleBefore.length > 1) {
      return `${o.pod.metadata.name}: cycle argmax ${o.result.argmax.join(",")} differs from ${o.argmaxAll.join(",")}`;
    }
  }
  return undefined;
}
