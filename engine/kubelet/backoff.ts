/**
 * flowcontrol.Backoff as the kubelet configures it (client-go util/flowcontrol/backoff.go
 * IsInBackOffSince / Next, with the kubelet's HasExpiredFunc: expired when the event happened more
 * than 600s after the entry's last update), and doBackOff's keying (kuberuntime_manager.go
 * doBackOff, GetStableKey). Jitter is 0 for the crash-loop backoff. Constants: rule set crashloop-backoff.
 */
import type { Millis } from "../model/state.js";
import { gatesFor } from "./features.js";
import { decide } from "./ruleset.js";
import type { BackoffEntry } from "./runtime.js";

export interface BackoffParams {
  readonly initialMs: Millis;
  readonly maxMs: Millis;
  readonly resetAfterMs: Millis;
  readonly ruleId: string;
}

const cache = new Map<string, BackoffParams>();

/** The backoff constants for crash loops or image pulls in a version. */
export function backoffParams(version: string, kind: "crash" | "image"): BackoffParams {
  const key = `${version}/${kind}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const f = decide("crashloop-backoff", version, {
    kind,
    reduceDefaultCrashLoopBackOffDecay: gatesFor(version).reduceDefaultCrashLoopBackOffDecay,
  });
  const p: BackoffParams = {
    initialMs: Number(f.params.initialMs),
    maxMs: Number(f.params.maxMs),
    resetAfterMs: Number(f.params.resetAfterMs),
    ruleId: f.ruleId,
  };
  cache.set(key, p);
  return p;
}

function expired(eventTime: Millis, entry: BackoffEntry, p: BackoffParams): boolean {
  return eventTime - entry.lastUpdate > p.resetAfterMs;
}

/** IsInBackOffSince: a live entry and less than its backoff elapsed since the event (strict <). */
export function isInBackOffSince(
  entry: BackoffEntry | undefined,
  eventTime: Millis,
  now: Millis,
  p: BackoffParams,
): boolean {
  if (!entry || expired(eventTime, entry, p)) return false;
  return now - eventTime < entry.backoff;
}

/** Next: a fresh entry (initial backoff) when missing or expired, else double up to the max. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  eventTime: Millis,
  now: Millis,
  p: BackoffParams,
): BackoffEntry {
  if (!entry || expired(eventTime, entry, p)) return { backoff: p.initialMs, lastUpdate: now };
  return { backoff: Math.min(entry.backoff * 2, p.maxMs), lastUpdate: now };
}

/** GetStableKey: the backoff key of a container (pod uid, container name, image). */
export function stableKey(podUid: string, container: string, image: string): string {
  return `${podUid}_${container}_${image}`;
}

/** Go's duration String for the back-off message ("10s", "5m0s"). */
export function goDuration(ms: Millis): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${s % 60}s` : `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
