/** A bound pod passes every filter on its node at bind time. Returns a violation message or undefined. */
import type { ScheduleRun } from "../run.js";

export function boundPodPassesFilters(run: ScheduleRun): string | undefined {
  for (const o of run.outcomes) {
    if (o.failOnChosen) {
      return `${o.pod.metadata.name} bound to a node where ${o.failOnChosen.plugin} says ${o.failOnChosen.reasons.join(", ")}`;
    }
  }
  return undefined;
}
