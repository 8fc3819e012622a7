/** A pod stays Pending exactly when no node is feasible for it. */
import type { ScheduleRun } from "../run.js";

export function pendingIffInfeasible(run: ScheduleRun): string | undefined {
  for (const o of run.outcomes) {
    const pending = o.result.kind === "unschedulable";
    if (pending !== (o.feasibleBefore.length === 0)) {
      return `${o.pod.metadata.name}: ${pending ? "pending" : "bound"} with feasible nodes [${o.feasibleBefore.join(",")}]`;
    }
    if (pending && !o.result.message.startsWith(`0/${run.snapshot.nodes.length} nodes are available`)) {
      return `${o.pod.metadata.name}: message "${o.result.message}"`;
    }
  }
  return undefined;
}
