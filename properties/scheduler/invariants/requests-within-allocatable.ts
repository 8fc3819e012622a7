/** Through scheduling, the requests on a node never exceed its allocatable (cpu, memory, pod count). */
import type { ScheduleRun } from "../run.js";

export function requestsWithinAllocatable(run: ScheduleRun): string | undefined {
  for (const ni of run.snapshot.nodes) {
    const a = ni.allocatable;
    const r = ni.requested;
    if (r.cpu > a.cpu) return `${ni.name}: cpu ${r.cpu}m requested > ${a.cpu}m allocatable`;
    if (r.memory > a.memory) return `${ni.name}: memory ${r.memory} requested > ${a.memory} allocatable`;
    if (ni.pods.size > a.pods) return `${ni.name}: ${ni.pods.size} pods > ${a.pods} allowed`;
  }
  return undefined;
}
