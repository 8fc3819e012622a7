/**
 * Virtual time ↔ Kubernetes timestamps. Virtual time 0 is the fixed epoch below, so every
 * creationTimestamp / lastTransitionTime the controllers write is a deterministic function of
 * `state.time` (never the wall clock).
 */

/** Virtual time 0 is 2025-01-01T00:00:00Z (a fixed, documented epoch; CronJob schedules are evaluated from it). */
export const EPOCH_MS = Date.UTC(2025, 0, 1);

/** The RFC 3339 timestamp (UTC, millisecond precision) of virtual time `ms`. */
export function timestampAt(ms: number): string {
  return new Date(EPOCH_MS + ms).toISOString();
}

/** Virtual ms of an RFC 3339 timestamp, or undefined when absent or unparsable. */
export function msOfTimestamp(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const v = Date.parse(ts);
  return Number.isNaN(v) ? undefined : v - EPOCH_MS;
}
