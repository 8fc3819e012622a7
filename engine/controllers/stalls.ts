/**
 * Why workloads are not progressing, for `simulate` / `explain`: each workload controller records,
 * per object, the rule that stopped it and a message (an OrderedReady StatefulSet waiting on a pod
 * that is not Ready, a Deployment past its progress deadline, a Job backing off, a CronJob skipping
 * an activation under Forbid).
 */
import type { ClusterState } from "../model/state.js";
import { privateOf } from "./common/timers.js";
import { CRONJOB_CONTROLLER } from "./cronjob/controller.js";
import { DEPLOYMENT_CONTROLLER } from "./deployment/controller.js";
import { JOB_CONTROLLER } from "./job/controller.js";
import { STATEFULSET_CONTROLLER } from "./statefulset/controller.js";

export interface WorkloadStall {
  /** "Kind/namespace/name". */
  readonly object: string;
  readonly controller: string;
  readonly rule: string;
  readonly message: string;
}

const CONTROLLERS = [STATEFULSET_CONTROLLER, DEPLOYMENT_CONTROLLER, JOB_CONTROLLER, CRONJOB_CONTROLLER] as const;

/** Every recorded stall, sorted by object. */
export function workloadStalls(state: ClusterState): WorkloadStall[] {
  const out: WorkloadStall[] = [];
  for (const controller of CONTROLLERS) {
    for (const [object, s] of Object.entries(privateOf(state, controller).stalls))
      if (state.objects.has(object)) out.push({ object, controller, rule: s.rule, message: s.message });
  }
  return out.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}
