/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob, utils.go
 * mostRecentScheduleTime, nextScheduleTime, getJobName, removeOldestJobs). Schedules are evaluated
 * in virtual time from the fixed epoch (virtual 0 = 2025-01-01T00:00:00Z, UTC); the controller
 * wakes 100 ms after each activation (nextScheduleDelta), as upstream requeues.
 * Simplification: the most recent missed activation is found exactly (upstream approximates it by
 * arithmetic from the first two activations, which differs only for irregular schedules).
 */
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../../model/state.js";
import { NONE, objectsByController, objectsOfKind } from "../common/index.js";
import { NoopMemo } from "../common/memo.js";
import {
  controllerRef,
  nextUid,
  objectStoreKey,
  putObject,
  removeObject,
  storeKeyOf,
  updateStatus,
} from "../common/state-ops.js";
import { EPOCH_MS, msOfTimestamp, timestampAt } from "../common/time.js";
import { clearWakeup, privateInputsOf, setStall, wakeAt } from "../common/timers.js";
import { ensureUid } from "../common/uid.js";
import { type CronJobSpec, cronJobDefaults } from "../defaults.js";
import { isJobFinished } from "../job/controller.js";
import { CronError, type CronSchedule, parseCron } from "./cron.js";

/** Controller name. */
export const CRONJOB_CONTROLLER = "cronjob";
/** nextScheduleDelta: the controller wakes this long after an activation. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
export const SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";

interface CronJobStatus {
  readonly active?: readonly {
    readonly kind: string;
    readonly name: string;
    readonly namespace: string;
    readonly uid?: string;
  }[];
  readonly lastScheduleTime?: string;
  readonly lastSuccessfulTime?: string;
}

/**
 * The activations a schedule makes in (from, to] (absolute ms), at most `limit`: "which Jobs does this
 * schedule create in this window".
 */
export function activationsBetween(schedule: CronSchedule, from: number, to: number, limit = 1000): number[] {
  const out: number[] = [];
  for (let t = schedule.next(from); t !== undefined && t <= to && out.length < limit; t = schedule.next(t)) out.push(t);
  return out;
}

/** mostRecentScheduleTime: the latest activation in (earliest, now], if any (absolute ms). */
function mostRecent(schedule: CronSchedule, earliest: number, now: number): number | undefined {
  let last: number | undefined;
  for (let t = schedule.next(earliest); t !== undefined && t <= now; t = schedule.next(t)) last = t;
  return last;
}

/** getJobName: "<cronjob>-<scheduled time in minutes since the Unix epoch>". */
export function jobNameFor(cronJobName: string, scheduledAbsMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledAbsMs / 60_000)}`;
}

const memo = new NoopMemo();

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const cjs = objectsOfKind(state, "CronJob");
  if (cjs.length === 0) return state;
  const jobsByOwner = objectsByController(state, "Job");
  for (const original of cjs) {
    const e = ensureUid(state, original, trace);
    state = e.state;
    const jobs = jobsByOwner.get(e.obj.metadata.uid ?? "") ?? NONE;
    const inputs = [
      state.time,
      state.kubernetesVersion,
      ...privateInputsOf(state, CRONJOB_CONTROLLER, storeKeyOf(e.obj)),
      jobs,
    ];
    if (memo.isNoop(e.obj, inputs)) continue;
    const before = state;
    state = syncCronJob(state, e.obj, jobs, trace);
    if (state === before) memo.remember(e.obj, inputs);
  }
  return state;
}

function syncCronJob(
  state: ClusterState,
  cj: KubeObject,
  jobs: readonly KubeObject[],
  trace: TraceRecorder,
): ClusterState {
  const spec = cronJobDefaults(cj.spec, state.kubernetesVersion);
  const key = storeKeyOf(cj);
  const ns = cj.metadata.namespace ?? "default";
  const name = cj.metadata.name ?? "";
  const prev = (cj.status ?? {}) as CronJobStatus;
  const nowAbs = EPOCH_MS + state.time;
  // reconcile the active list with the Jobs that exist and have not finished
  const byName = new Map(jobs.map((j) => [j.metadata.name ?? "", j]));
  let lastSuccessfulTime = prev.lastSuccessfulTime;
  const active: { kind: string; name: string; namespace: string; uid?: string }[] = [];
  for (const a of prev.active ?? []) {
    const j = byName.get(a.name);
    if (!j) continue;
    if (isJobFinished(j)) {
      const ct = ((j.status ?? {}) as { completionTime?: string }).completionTime;
      if (ct && (!lastSuccessfulTime || (msOfTimestamp(ct) ?? 0) > (msOfTimestamp(lastSuccessfulTime) ?? 0)))
        lastSuccessfulTime = ct;
      continue;
    }
    active.push({ ...a });
  }
  let lastScheduleTime = prev.lastScheduleTime;
  const finish = (s: ClusterState): ClusterState => {
    s = removeOldestJobs(s, spec, jobs, trace);
    return updateStatus(
      s,
      key,
      {
        ...(active.length > 0 ? { active } : {}),
        ...(lastScheduleTime ? { lastScheduleTime } : {}),
        ...(lastSuccessfulTime ? { lastSuccessfulTime } : {}),
      },
      trace,
    );
  };
  if (spec.suspend) return finish(state);
  let schedule: CronSchedule;
  try {
    schedule = parseCron(spec.schedule);
  } catch (err) {
    const message = err instanceof CronError ? err.message : String(err);
    return finish(setStall(state, CRONJOB_CONTROLLER, key, { rule: "cronjob/unparseable-schedule", message }));
  }
  const created = EPOCH_MS + (msOfTimestamp(cj.metadata.creationTimestamp) ?? 0);
  let earliest = lastScheduleTime ? EPOCH_MS + (msOfTimestamp(lastScheduleTime) ?? 0) : created;
  if (spec.startingDeadlineSeconds !== undefined)
    earliest = Math.max(earliest, nowAbs - spec.startingDeadlineSeconds * 1000);
  const scheduled = mostRecent(schedule, earliest, nowAbs);
  const wakeNext = (s: ClusterState, from: number): ClusterState => {
    const n = schedule.next(from);
    return n === undefined ? s : wakeAt(s, CRONJOB_CONTROLLER, key, n - EPOCH_MS + NEXT_SCHEDULE_DELTA_MS);
  };
  if (scheduled === undefined) return finish(wakeNext(state, Math.max(earliest, nowAbs - 1)));
  state = wakeNext(state, scheduled);
  if (spec.startingDeadlineSeconds !== undefined && scheduled + spec.startingDeadlineSeconds * 1000 < nowAbs) {
    trace.rule("cronjob/missed-starting-deadline");
    return finish(state);
  }
  const jobName = jobNameFor(name, scheduled);
  const scheduledTs = timestampAt(scheduled - EPOCH_MS);
  if (active.some((a) => a.name === jobName) || lastScheduleTime === scheduledTs) return finish(state);
  if (spec.concurrencyPolicy === "Forbid" && active.length > 0) {
    state = setStall(state, CRONJOB_CONTROLLER, key, {
      rule: "cronjob/forbid-concurrent",
      message: `not starting a Job for ${scheduledTs}: ${active[0]?.name ?? ""} is still running and concurrencyPolicy is Forbid`,
    });
    trace.rule("cronjob/forbid-concurrent");
    return finish(state);
  }
  state = setStall(state, CRONJOB_CONTROLLER, key, undefined);
  if (spec.concurrencyPolicy === "Replace") {
    for (const a of active.splice(0)) {
      state = removeObject(state, objectStoreKey("Job", ns, a.name), trace, "cronjob/replace-concurrent");
    }
  }
  const u = nextUid(state);
  const tmpl = spec.jobTemplate;
  const job: KubeObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobName,
      namespace: ns,
      uid: u.uid,
      labels: { ...(tmpl.metadata?.labels ?? {}) },
      annotations: { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: scheduledTs },
      ownerReferences: [controllerRef(cj)],
      creationTimestamp: timestampAt(state.time),
    },
    spec: tmpl.spec ?? {},
  };
  state = putObject(u.state, job, trace, "cronjob/create-job");
  active.push({ kind: "Job", name: jobName, namespace: ns, uid: u.uid });
  lastScheduleTime = scheduledTs;
  return finish(state);
}

/** removeOldestJobs: keep the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
function removeOldestJobs(
  state: ClusterState,
  spec: CronJobSpec,
  jobs: readonly KubeObject[],
  trace: TraceRecorder,
): ClusterState {
  const finished = (type: string) =>
    jobs
      .filter((j) => state.objects.has(storeKeyOf(j)))
      .map((j) => state.objects.get(storeKeyOf(j)) as KubeObject)
      .filter((j) =>
        ((j.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions?.some(
          (c) => c.type === type && c.status === "True",
        ),
      )
      .sort(
        (a, b) =>
          (msOfTimestamp(a.metadata.creationTimestamp) ?? 0) - (msOfTimestamp(b.metadata.creationTimestamp) ?? 0),
      );
  for (const [type, limit] of [
    ["Complete", spec.successfulJobsHistoryLimit],
    ["Failed", spec.failedJobsHistoryLimit],
  ] as const) {
    const list = finished(type);
    for (let i = 0; i < list.length - limit; i++)
      state = removeObject(state, storeKeyOf(list[i] as KubeObject), trace, "cronjob/remove-oldest-jobs");
  }
  return state;
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  return reconcile(clearWakeup(state, CRONJOB_CONTROLLER, timer), trace);
}

/** The CronJob controller. */
export const cronJobController: Controller = { name: CRONJOB_CONTROLLER, reconcile, onTimer };
