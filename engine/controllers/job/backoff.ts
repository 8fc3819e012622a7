/**
 * Pod-creation backoff after failures (pkg/controller/job/backoff_utils.go backoffRecord,
 * getRemainingTime; DefaultJobPodFailureBackOff 10s, MaxJobPodFailureBackOff 6min): after n failures
 * since the last success, a replacement is created no earlier than 10s·2^(n-1) (capped at 6 min)
 * after the last failure.
 */

export const DEFAULT_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 360_000;

export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  /** Virtual ms of the last failure. */
  readonly lastFailureTime: number;
}

/** getRemainingTime: how long creation must still wait (0 when it may go ahead). */
export function remainingBackoff(r: BackoffRecord, now: number): number {
  if (r.failuresAfterLastSuccess === 0) return 0;
  let d = DEFAULT_BACKOFF_MS;
  for (let i = 1; i < r.failuresAfterLastSuccess && d < MAX_BACKOFF_MS; i++) d *= 2;
  d = Math.min(d, MAX_BACKOFF_MS);
  const elapsed = now - r.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}
