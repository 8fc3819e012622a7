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
let lastDay = Number.NaN;
let lastDate = "";
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The "YYYY-MM-DD" of a day number since 1970-01-01 (civil-from-days; no Date object on the hot path). */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${two(m)}-${two(d)}`;
}

export function timestamp(ms: number): string {
  if (ms === lastMs) return lastTs;
  const abs = EPOCH_MS + ms;
  const day = Math.floor(abs / 86_400_000);
  if (day !== lastDay) {
    lastDay = day;
    lastDate = civilDate(day);
  }
  const inDay = abs - day * 86_400_000;
  const h = Math.floor(inDay / 3_600_000);
  const mi = Math.floor((inDay % 3_600_000) / 60_000);
  const s = Math.floor((inDay % 60_000) / 1000);
  const frac = inDay % 1000;
  lastMs = ms;
  lastTs = `${lastDate}T${two(h)}:${two(mi)}:${two(s)}${frac === 0 ? "" : `.${String(frac).padStart(3, "0")}`}Z`;
  return lastTs;
}

/** The virtual time of an RFC 3339 timestamp, or undefined. */
export function virtualTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t - EPOCH_MS;
}
