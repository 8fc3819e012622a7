/**
 * The Job controller (pkg/controller/job/job_controller.go syncJob, manageJob, getStatus,
 * pastBackoffLimitOnFailure, pastActiveDeadline, activePodsForRemoval; backoff_utils.go;
 * indexed_job_utils.go). Terminal pods stay (as upstream, until the Job is deleted); each is counted
 * once as succeeded or failed. A Job that meets its end first gets the interim condition
 * (FailureTarget / SuccessCriteriaMet), its active pods are deleted, and the terminal condition
 * (Failed / Complete) follows once no pod is terminating (delayTerminalCondition, on in every
 * supported version). Simplifications: no podFailurePolicy, successPolicy, backoffLimitPerIndex,
 * ttlSecondsAfterFinished or managedBy; suspend only stops pod creation.
 */
import { decide } from "../../kubelet/ruleset.js";
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../../model/state.js";
import { nameSuffix } from "../common/hash.js";
import { NONE, objectsOfKind, podsByController } from "../common/index.js";
import { NoopMemo } from "../common/memo.js";
import { isPodReady, totalRestarts } from "../common/pods.js";
import { createPod, deletePod, podKey, storeKeyOf, updateStatus } from "../common/state-ops.js";
import { msOfTimestamp, timestampAt } from "../common/time.js";
import { clearWakeup, privateInputsOf, recordOf, setRecord, setStall, wakeAt } from "../common/timers.js";
import { ensureUid } from "../common/uid.js";
import { type JobSpec, jobDefaults } from "../defaults.js";
import { deletesBefore } from "../replicaset/deletion-order.js";
import { remainingBackoff } from "./backoff.js";
import { COMPLETION_INDEX, completionIndex, firstPendingIndexes, formatIndexes } from "./indexed.js";

/** Controller name. */
export const JOB_CONTROLLER = "job";
/** MaxPodCreateDeletePerSync. */
export const MAX_PODS_PER_SYNC = 500;

interface JobRecord {
  readonly counted: readonly string[];
  readonly removed: readonly string[];
  readonly failures: number;
  readonly lastFailure: number;
  readonly succeededIndexes: readonly number[];
}

export interface JobCondition {
  readonly type: string;
  readonly status: "True" | "False";
  readonly reason?: string;
  readonly message?: string;
  readonly lastProbeTime?: string;
  readonly lastTransitionTime?: string;
}

interface JobStatus {
  readonly active?: number;
  readonly ready?: number;
  readonly terminating?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly startTime?: string;
  readonly completionTime?: string;
  readonly completedIndexes?: string;
  readonly conditions?: readonly JobCondition[];
}

const EMPTY: JobRecord = { counted: [], removed: [], failures: 0, lastFailure: 0, succeededIndexes: [] };

/** Whether the Job has a True Complete or Failed condition. */
export function isJobFinished(job: KubeObject): boolean {
  const cs = ((job.status ?? {}) as JobStatus).conditions ?? [];
  return cs.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
}

function finishedAtOf(pod: Pod, now: number): number {
  let t: number | undefined;
  for (const c of pod.status?.containerStatuses ?? []) {
    const f = msOfTimestamp(c.state?.terminated?.finishedAt);
    if (f !== undefined && (t === undefined || f > t)) t = f;
  }
  return t ?? now;
}

const memo = new NoopMemo();

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const jobs = objectsOfKind(state, "Job");
  if (jobs.length === 0) return state;
  const pods = podsByController(state);
  for (const original of jobs) {
    if (isJobFinished(original)) continue;
    const e = ensureUid(state, original, trace);
    state = e.state;
    const owned = pods.get(e.obj.metadata.uid ?? "") ?? NONE;
    const key = storeKeyOf(e.obj);
    const inputs = [state.time, state.kubernetesVersion, ...privateInputsOf(state, JOB_CONTROLLER, key), owned];
    if (memo.isNoop(e.obj, inputs)) continue;
    const before = state;
    state = syncJob(state, e.obj, owned, trace);
    if (state === before) memo.remember(e.obj, inputs);
  }
  return state;
}

function syncJob(state: ClusterState, job: KubeObject, owned: readonly Pod[], trace: TraceRecorder): ClusterState {
  const spec = jobDefaults(job.spec, state.kubernetesVersion);
  const key = storeKeyOf(job);
  const ns = job.metadata.namespace ?? "default";
  const name = job.metadata.name ?? "";
  const now = state.time;
  const prev = (job.status ?? {}) as JobStatus;
  const indexed = spec.completionMode === "Indexed";
  // getStatus: count newly finished pods once
  const rec0 = recordOf<JobRecord>(state, JOB_CONTROLLER, key) ?? EMPTY;
  const counted = new Set(rec0.counted);
  const removed = new Set(rec0.removed);
  const succIdx = new Set(rec0.succeededIndexes);
  let succeeded = prev.succeeded ?? 0;
  let failed = prev.failed ?? 0;
  let failures = rec0.failures;
  let lastFailure = rec0.lastFailure;
  for (const p of owned) {
    const uid = p.metadata.uid ?? p.metadata.name ?? "";
    if (counted.has(uid)) continue;
    const phase = p.status?.phase;
    if (phase === "Succeeded") {
      counted.add(uid);
      failures = 0;
      const i = completionIndex(p);
      if (!indexed) succeeded++;
      else if (i >= 0 && i < (spec.completions ?? 0) && !succIdx.has(i)) {
        succIdx.add(i);
        succeeded++;
      }
    } else if (phase === "Failed" || (p.metadata.deletionTimestamp && !removed.has(uid))) {
      // isPodFailed: Failed, or deleted before it could finish (an orphan on a lost node)
      counted.add(uid);
      failed++;
      failures++;
      lastFailure = Math.max(lastFailure, finishedAtOf(p, now));
    }
  }
  const isActive = (p: Pod) =>
    !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
  let active = owned.filter(isActive);
  const startTime = prev.startTime ?? (spec.suspend ? undefined : timestampAt(now));
  const startMs = msOfTimestamp(startTime);
  let conditions = [...(prev.conditions ?? [])];
  let interim = conditions.find(
    (c) => (c.type === "FailureTarget" || c.type === "SuccessCriteriaMet") && c.status === "True",
  );
  const cond = (type: string, reason: string, message: string): JobCondition => ({
    type,
    status: "True",
    reason,
    message,
    lastProbeTime: timestampAt(now),
    lastTransitionTime: timestampAt(now),
  });
  let rule: string | undefined;
  if (!interim) {
    const pastDeadline =
      spec.activeDeadlineSeconds !== undefined &&
      startMs !== undefined &&
      !spec.suspend &&
      now - startMs >= spec.activeDeadlineSeconds * 1000;
    const fin = decide("job", state.kubernetesVersion, {
      step: "finish",
      failed,
      backoffLimit: spec.backoffLimit,
      onFailureLimitReached: pastBackoffLimitOnFailure(spec, owned),
      pastDeadline,
    });
    if (fin.params.condition !== "none") {
      interim = cond(String(fin.params.condition), String(fin.params.reason), String(fin.params.message));
      rule = fin.ruleId;
    } else if (spec.activeDeadlineSeconds !== undefined && startMs !== undefined && !spec.suspend) {
      state = wakeAt(state, JOB_CONTROLLER, key, startMs + spec.activeDeadlineSeconds * 1000);
    }
    if (!interim && !spec.suspend) {
      const m = manageJob(
        state,
        job,
        spec,
        ns,
        name,
        active,
        succeeded,
        succIdx,
        { failures, lastFailure },
        removed,
        trace,
      );
      state = m.state;
      active = m.active;
      const done = decide("job", state.kubernetesVersion, {
        step: "complete",
        completionsSet: spec.completions !== undefined,
        completions: spec.completions ?? 0,
        succeeded,
        active: active.length,
      });
      if (done.params.condition !== "none") {
        interim = cond(String(done.params.condition), String(done.params.reason), String(done.params.message));
        rule = done.ruleId;
      }
    }
    if (interim) conditions = [...conditions, interim];
  }
  if (rule) trace.rule(rule);
  let completionTime = prev.completionTime;
  if (interim) {
    // deleteActivePods, then the terminal condition once nothing is terminating
    for (const p of active) {
      removed.add(p.metadata.uid ?? p.metadata.name ?? "");
      state = deletePod(state, podKey(ns, p.metadata.name ?? ""), trace, "job/delete-active-pods-on-finish");
    }
    active = [];
    const terminating = owned.some((p) => {
      const cur = state.pods.get(podKey(ns, p.metadata.name ?? ""));
      return cur !== undefined && cur.metadata.deletionTimestamp !== undefined && isActiveButTerminating(cur);
    });
    if (!terminating) {
      const terminal = interim.type === "FailureTarget" ? "Failed" : "Complete";
      conditions = [
        ...conditions,
        { ...interim, type: terminal, lastProbeTime: timestampAt(now), lastTransitionTime: timestampAt(now) },
      ];
      if (terminal === "Complete") completionTime = timestampAt(now);
      trace.rule(terminal === "Failed" ? "job/failed" : "job/complete");
    }
  }
  const rec: JobRecord = {
    counted: [...counted].sort(),
    removed: [...removed].sort(),
    failures,
    lastFailure,
    succeededIndexes: [...succIdx].sort((a, b) => a - b),
  };
  if (JSON.stringify(rec) !== JSON.stringify(rec0)) state = setRecord(state, JOB_CONTROLLER, key, rec);
  const current = owned.map((p) => state.pods.get(podKey(ns, p.metadata.name ?? ""))).filter((p): p is Pod => !!p);
  const status: Record<string, unknown> = {
    active: active.length,
    ready: active.filter(isPodReady).length,
    terminating: current.filter(isActiveButTerminating).length,
    succeeded,
    failed,
    ...(startTime ? { startTime } : {}),
    ...(completionTime ? { completionTime } : {}),
    ...(indexed ? { completedIndexes: formatIndexes(succIdx) } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
  // a fresh pod count (creations of this sync) for active/ready
  return updateStatus(state, key, status, trace);
}

function isActiveButTerminating(p: Pod): boolean {
  return p.metadata.deletionTimestamp !== undefined && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of running pods count. */
export function pastBackoffLimitOnFailure(spec: JobSpec, pods: readonly Pod[]): boolean {
  if (spec.template.spec?.restartPolicy !== "OnFailure") return false;
  let n = 0;
  for (const p of pods) if (p.status?.phase === "Running" || p.status?.phase === "Pending") n += totalRestarts(p);
  return spec.backoffLimit === 0 ? n > 0 : n >= spec.backoffLimit;
}

function manageJob(
  state: ClusterState,
  job: KubeObject,
  spec: JobSpec,
  ns: string,
  name: string,
  active: Pod[],
  succeeded: number,
  succIdx: ReadonlySet<number>,
  backoff: { failures: number; lastFailure: number },
  removed: Set<string>,
  trace: TraceRecorder,
): { state: ClusterState; active: Pod[] } {
  const key = storeKeyOf(job);
  const indexed = spec.completionMode === "Indexed";
  let want: number;
  if (spec.completions === undefined) want = succeeded > 0 ? active.length : spec.parallelism;
  else want = Math.max(0, Math.min(spec.completions - succeeded, spec.parallelism));
  // activePodsForRemoval: invalid or duplicate indexes first, then ActivePods order
  let rm = Math.max(0, active.length - want);
  const toRemove: Pod[] = [];
  let kept = active;
  if (indexed) {
    const seen = new Set<number>();
    kept = [];
    for (const p of [...active].sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""))) {
      const i = completionIndex(p);
      if (i < 0 || i >= (spec.completions ?? 0) || seen.has(i) || succIdx.has(i)) toRemove.push(p);
      else {
        seen.add(i);
        kept.push(p);
      }
    }
    rm = Math.max(0, rm - toRemove.length);
  }
  if (rm > 0) {
    const sorted = [...kept].sort((a, b) =>
      deletesBefore({ pod: a, rank: 0 }, { pod: b, rank: 0 }, state.time)
        ? -1
        : deletesBefore({ pod: b, rank: 0 }, { pod: a, rank: 0 }, state.time)
          ? 1
          : (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
    );
    toRemove.push(...sorted.slice(0, rm));
  }
  for (const p of toRemove.slice(0, MAX_PODS_PER_SYNC)) {
    removed.add(p.metadata.uid ?? p.metadata.name ?? "");
    state = deletePod(state, podKey(ns, p.metadata.name ?? ""), trace, "job/delete-excess-pods");
  }
  const gone = new Set(toRemove.map((p) => p.metadata.name));
  const remaining = active.filter((p) => !gone.has(p.metadata.name));
  if (remaining.length >= want) {
    return { state: setStall(state, JOB_CONTROLLER, key, undefined), active: remaining };
  }
  const wait = remainingBackoff(
    { failuresAfterLastSuccess: backoff.failures, lastFailureTime: backoff.lastFailure },
    state.time,
  );
  if (wait > 0) {
    state = wakeAt(state, JOB_CONTROLLER, key, state.time + wait);
    state = setStall(state, JOB_CONTROLLER, key, {
      rule: "job/pod-failure-backoff",
      message: `after ${backoff.failures} failure(s) the next pod is created in ${wait / 1000}s`,
    });
    return { state, active: remaining };
  }
  state = setStall(state, JOB_CONTROLLER, key, undefined);
  let diff = Math.min(want - remaining.length, MAX_PODS_PER_SYNC);
  let indexes: number[] = [];
  if (indexed) {
    const activeIdx = new Set(remaining.map(completionIndex));
    indexes = firstPendingIndexes(succIdx, activeIdx, diff, spec.completions ?? 0);
    diff = indexes.length;
  }
  const uid = job.metadata.uid ?? "";
  const baseLabels = {
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
  const created: Pod[] = [];
  for (let i = 0; i < diff; i++) {
    const idx = indexes[i];
    const base = idx === undefined ? name : `${name}-${idx}`;
    let podName = `${base}-${nameSuffix(state.seq + 1)}`;
    for (let k = 2; state.pods.has(podKey(ns, podName)); k++) podName = `${base}-${nameSuffix(state.seq + k)}`;
    state = createPod(
      state,
      spec.template,
      {
        name: podName,
        namespace: ns,
        owner: job,
        extraLabels: idx === undefined ? baseLabels : { ...baseLabels, [COMPLETION_INDEX]: String(idx) },
        ...(idx === undefined
          ? {}
          : { extraAnnotations: { [COMPLETION_INDEX]: String(idx) }, specPatch: { hostname: `${name}-${idx}` } }),
      },
      trace,
      "job/create-pods",
    );
    const p = state.pods.get(podKey(ns, podName));
    if (p) created.push(p);
  }
  return { state, active: [...remaining, ...created] };
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  return reconcile(clearWakeup(state, JOB_CONTROLLER, timer), trace);
}

/** The Job controller. */
export const jobController: Controller = { name: JOB_CONTROLLER, reconcile, onTimer };
