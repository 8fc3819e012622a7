/**
 * Timers: wake-ups a controller schedules for itself in `state.timers` (backoff expiry, grace period
 * end, eviction deadline). Keys sort by (at, id), so the first key is the next timer to fire and
 * ties fire in creation order.
 */
import { firstEntry } from "./pmap.js";
import type { ClusterState, Millis, Timer } from "./state.js";

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** The `state.timers` key of a timer: zero-padded time then id (key order = firing order). */
export function timerKey(at: Millis, id: number): string {
  return `${pad(Math.max(0, Math.floor(at)), 15)}/${pad(id, 10)}`;
}

/** A new state with a timer added (ids come from `state.seq`). */
export function scheduleTimer(
  state: ClusterState,
  timer: { owner: string; kind: string; at: Millis; key?: string; data?: Readonly<Record<string, unknown>> },
): ClusterState {
  const id = state.seq + 1;
  const at = Math.max(timer.at, state.time);
  // { ...timer, at, id } as a copy loop: V8 takes a slow path for a spread followed by a new property.
  const copy: Record<string, unknown> = {};
  const src = timer as Record<string, unknown>;
  for (const k in src) copy[k] = src[k];
  copy.at = at;
  copy.id = id;
  const t = copy as unknown as Timer;
  return { ...state, seq: id, timers: state.timers.set(timerKey(at, id), t) };
}

/** A new state without this timer. */
export function cancelTimer(state: ClusterState, timer: Timer): ClusterState {
  const timers = state.timers.delete(timerKey(timer.at, timer.id));
  return timers === state.timers ? state : { ...state, timers };
}

/** The next timer to fire, if any. */
export function nextTimer(state: ClusterState): Timer | undefined {
  return firstEntry(state.timers)?.[1];
}
