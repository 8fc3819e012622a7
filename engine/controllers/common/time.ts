/**
 * Virtual time ↔ Kubernetes timestamps, shared with the kubelet and the scenario loader
 * (engine/scenario/duration.ts): virtual time 0 is the fixed epoch 2025-01-01T00:00:00Z, so every
 * creationTimestamp / lastTransitionTime the controllers write is a deterministic function of
 * `state.time` (never the wall clock). CronJob schedules are evaluated from the same epoch, in UTC.
 */
import { EPOCH_MS as EPOCH, timestamp, virtualTime } from "../../scenario/duration.js";

/** Virtual time 0 is 2025-01-01T00:00:00Z. */
export const EPOCH_MS = EPOCH;

/** The RFC 3339 timestamp (UTC) of virtual time `ms`. */
export function timestampAt(ms: number): string {
  return timestamp(ms);
}

/** Virtual ms of an RFC 3339 timestamp, or undefined when absent or unparsable. */
export function msOfTimestamp(ts: string | undefined | null): number | undefined {
  return virtualTime(ts ?? undefined);
}
