/**
 * A standard 5-field cron schedule, as CronJobs parse it (github.com/robfig/cron/v3 ParseStandard):
 * minute hour day-of-month month day-of-week, with `*`, `?`, lists, ranges, steps, month and weekday
 * names, and the descriptors @yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly and
 * @every <duration>. As in robfig/cron, when both day fields are restricted a day matches if either
 * does; when one is `*` (or `?`) both must. Times are UTC (kubespec evaluates schedules in UTC only).
 */

export interface CronSchedule {
  /** The next activation strictly after `t` (ms since the Unix epoch), or undefined within 5 years. */
  next(t: number): number | undefined;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"];

const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** A schedule that cannot be parsed; the message says which field and why. */
export class CronError extends Error {}

function parseValue(s: string, b: Bounds, field: string): number {
  const lower = s.toLowerCase();
  if (b.names && lower in b.names) return b.names[lower] as number;
  if (!/^\d+$/.test(s)) throw new CronError(`${field}: "${s}" is not a number${b.names ? " or a name" : ""}`);
  return Number(s);
}

function parseField(expr: string, b: Bounds, field: string): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of expr.split(",")) {
    const [rangePart, stepPart, extra] = part.split("/");
    if (extra !== undefined || rangePart === undefined || rangePart === "")
      throw new CronError(`${field}: cannot parse "${part}"`);
    let lo: number;
    let hi: number;
    if (rangePart === "*" || rangePart === "?") {
      lo = b.min;
      hi = b.max;
      if (stepPart === undefined) star = true;
    } else {
      const [a, c, more] = rangePart.split("-");
      if (more !== undefined) throw new CronError(`${field}: too many hyphens in "${rangePart}"`);
      lo = parseValue(a ?? "", b, field);
      hi = c === undefined ? (stepPart === undefined ? lo : b.max) : parseValue(c, b, field);
    }
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) === 0) throw new CronError(`${field}: bad step "${stepPart}"`);
      step = Number(stepPart);
    }
    if (lo < b.min) throw new CronError(`${field}: beginning of range (${lo}) below minimum (${b.min})`);
    if (hi > b.max) throw new CronError(`${field}: end of range (${hi}) above maximum (${b.max})`);
    if (lo > hi) throw new CronError(`${field}: beginning of range (${lo}) beyond end of range (${hi})`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses a schedule; throws CronError with the offending field. */
export function parseCron(spec: string): CronSchedule {
  let text = spec.trim();
  if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
    const [tz, ...rest] = text.split(/\s+/);
    const zone = (tz ?? "").slice((tz ?? "").indexOf("=") + 1);
    if (zone !== "UTC" && zone !== "Etc/UTC")
      throw new CronError(`time zone "${zone}": kubespec evaluates schedules in UTC only`);
    text = rest.join(" ");
  }
  if (text.startsWith("@every ")) {
    const m = DURATION_RE.exec(text.slice(7).trim());
    const ms = m ? (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000 : 0;
    if (!m || ms < 1000) throw new CronError(`@every: cannot parse duration "${text.slice(7)}"`);
    // ConstantDelaySchedule: next = t + delay, rounded down to the second
    return { next: (t) => Math.floor((t + ms) / 1000) * 1000 };
  }
  if (text.startsWith("@")) {
    const d = DESCRIPTORS[text];
    if (!d) throw new CronError(`unrecognized descriptor "${text}"`);
    text = d;
  }
  const parts = text.split(/\s+/).filter((x) => x !== "");
  if (parts.length !== 5) throw new CronError(`expected exactly 5 fields, found ${parts.length}: "${text}"`);
  const f = parts.map((p, i) => parseField(p, FIELDS[i] as Bounds, FIELD_NAMES[i] as string));
  const [minute, hour, dom, month, dow] = f as [
    (typeof f)[0],
    (typeof f)[0],
    (typeof f)[0],
    (typeof f)[0],
    (typeof f)[0],
  ];
  const dayMatches = (d: Date): boolean => {
    const a = dom.set.has(d.getUTCDate());
    const b = dow.set.has(d.getUTCDay());
    return dom.star || dow.star ? a && b : a || b;
  };
  return {
    next(t: number): number | undefined {
      // robfig: the next second boundary after t; seconds are always 0 for standard specs
      let x = Math.floor(t / 60_000) * 60_000 + 60_000;
      const limit = t + 5 * 366 * 86_400_000;
      while (x <= limit) {
        const d = new Date(x);
        if (!month.set.has(d.getUTCMonth() + 1)) {
          x = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
          continue;
        }
        if (!dayMatches(d)) {
          x = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
          continue;
        }
        if (!hour.set.has(d.getUTCHours())) {
          x = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
          continue;
        }
        if (!minute.set.has(d.getUTCMinutes())) {
          x += 60_000;
          continue;
        }
        return x;
      }
      return undefined;
    },
  };
}
