/**
 * Wake-ups for the workload controllers (upstream: workqueue AddAfter / enqueueAfter, e.g. to re-check
 * a pod once minReadySeconds have passed, a Job's activeDeadlineSeconds, a CronJob's next schedule).
 *
 * Each controller keeps at most one pending wake-up per object in its private state
 * (`state.controllers.get(owner).wakeups[objectKey] = at`), so reconciling again does not pile up
 * timers and an unchanged world is recognised as quiescent.
 */
import type { ClusterState, Timer } from "../../model/state.js";
import { scheduleTimer } from "../../model/timers.js";

/** Private state every workload controller keeps. */
export interface WorkloadPrivate {
  /** Earliest pending wake-up per object key. */
  readonly wakeups: Readonly<Record<string, number>>;
  /** Why each object is not progressing, when it is not (shown by simulate/explain). */
  readonly stalls: Readonly<Record<string, { readonly rule: string; readonly message: string }>>;
  /** Per-object bookkeeping a controller keeps between syncs (e.g. the Job pods already counted). */
  readonly records?: Readonly<Record<string, unknown>>;
}

const EMPTY: WorkloadPrivate = { wakeups: {}, stalls: {} };

/** The controller's private state (empty when it has none yet). */
export function privateOf(state: ClusterState, owner: string): WorkloadPrivate {
  return (state.controllers.get(owner) as WorkloadPrivate | undefined) ?? EMPTY;
}

function setPrivate(state: ClusterState, owner: string, p: WorkloadPrivate): ClusterState {
  return { ...state, controllers: state.controllers.set(owner, p) };
}

/**
 * Ensures the controller wakes up at `at` (virtual ms) for `key`; no-op when an earlier or equal
 * wake-up for that key is already pending.
 */
export function wakeAt(state: ClusterState, owner: string, key: string, at: number, kind = "resync"): ClusterState {
  if (at <= state.time) return state;
  const p = privateOf(state, owner);
  const pending = p.wakeups[key];
  if (pending !== undefined && pending > state.time && pending <= at) return state;
  const next = scheduleTimer(state, { owner, kind, at, key });
  return setPrivate(next, owner, { ...p, wakeups: { ...p.wakeups, [key]: at } });
}

/** Forgets the pending wake-up a fired timer represented. */
export function clearWakeup(state: ClusterState, owner: string, timer: Timer): ClusterState {
  const p = privateOf(state, owner);
  const k = timer.key ?? "";
  if (p.wakeups[k] !== timer.at) return state;
  const { [k]: _gone, ...rest } = p.wakeups;
  return setPrivate(state, owner, { ...p, wakeups: rest });
}

/**
 * Records (or clears, with `stall` undefined) why an object is not progressing. Returns the same
 * state when nothing changed.
 */
export function setStall(
  state: ClusterState,
  owner: string,
  key: string,
  stall: { rule: string; message: string } | undefined,
): ClusterState {
  const p = privateOf(state, owner);
  const cur = p.stalls[key];
  if (!stall && !cur) return state;
  if (stall && cur && cur.rule === stall.rule && cur.message === stall.message) return state;
  const stalls = { ...p.stalls };
  if (stall) stalls[key] = stall;
  else delete stalls[key];
  return setPrivate(state, owner, { ...p, stalls });
}

/**
 * The controller's private entries for one object (its stall, wake-up and record): what a sync of
 * that object reads and writes of the private state, so memo inputs can name exactly these.
 */
export function privateInputsOf(state: ClusterState, owner: string, key: string): readonly unknown[] {
  const p = privateOf(state, owner);
  return [p.stalls[key], p.wakeups[key], p.records?.[key]];
}

/** The controller's record for an object, if any. */
export function recordOf<T>(state: ClusterState, owner: string, key: string): T | undefined {
  return privateOf(state, owner).records?.[key] as T | undefined;
}

/** Stores (or with undefined, removes) the controller's record for an object. */
export function setRecord(state: ClusterState, owner: string, key: string, value: unknown): ClusterState {
  const p = privateOf(state, owner);
  const records = { ...(p.records ?? {}) };
  if (value === undefined) {
    if (!(key in records)) return state;
    delete records[key];
  } else records[key] = value;
  return setPrivate(state, owner, { ...p, records });
}
