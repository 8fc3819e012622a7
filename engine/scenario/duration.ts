/**
 * Go-style durations (time.ParseDuration subset: h, m, s, ms; e.g. 0s, 90s, 5m, 1h30m, 250ms) and
 * the virtual clock's timestamps.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};
const PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/y;

/** Milliseconds of a Go duration string, or undefined when it is not one (negative durations are refused). */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  if (text.length === 0) return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = PART.lastIndex;
  }
  return Math.round(total);
}

/** A duration as Go prints it, compactly: 0s, 250ms, 90s → 1m30s, 1h30m. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  let rest = ms;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  let out = "";
  if (h) out += `${h}h`;
  if (m) out += `${m}m`;
  if (s || !out) out += `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  return out;
}

/** The virtual clock's origin: timestamps in statuses are this instant plus the virtual time. */
export const EPOCH_MS = Date.UTC(2025, 0, 1);

/** An RFC 3339 timestamp for a virtual time (seconds precision unless sub-second). */
let lastMs = Number.NaN;
let lastTs = "";

export function timestamp(ms: number): string {
  if (ms === lastMs) return lastTs;
  const iso = new Date(EPOCH_MS + ms).toISOString();
  lastMs = ms;
  lastTs = ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
  return lastTs;
}

/** The virtual time of an RFC 3339 timestamp, or undefined. */
export function virtualTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t - EPOCH_MS;
}
