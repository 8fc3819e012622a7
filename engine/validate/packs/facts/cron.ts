/**
 * CronJob schedule syntax as the API server checks it: kubernetes/kubernetes
 * pkg/apis/batch/validation/validation.go validateScheduleFormat, which calls robfig/cron/v3
 * ParseStandard (5 fields or a @descriptor) and rejects TZ/CRON_TZ prefixes. Returns the first
 * problem, or undefined when the schedule parses.
 */

interface Bounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

// robfig/cron/v3 parser.go: seconds are not part of the standard spec; dow 0-6 (Sunday = 0).
const FIELDS: readonly Bounds[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
  },
  { name: "day of week", min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

function value(text: string, b: Bounds): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const i = b.names?.indexOf(text.toLowerCase()) ?? -1;
  return i >= 0 ? i + b.min : undefined;
}

/** robfig/cron getRange: `*` | `?` | a | a-b, optionally /step. */
function rangeProblem(expr: string, b: Bounds): string | undefined {
  const [range = "", step, extra] = expr.split("/");
  if (extra !== undefined) return `too many slashes in ${b.name} "${expr}"`;
  let lo: number | undefined;
  let hi: number | undefined;
  if (range === "*" || range === "?") {
    lo = b.min;
    hi = b.max;
  } else {
    const [a = "", c, more] = range.split("-");
    if (more !== undefined) return `too many hyphens in ${b.name} "${expr}"`;
    lo = value(a, b);
    hi = c === undefined ? lo : value(c, b);
    if (lo === undefined || hi === undefined) return `failed to parse ${b.name} "${expr}"`;
  }
  if (lo < b.min) return `beginning of ${b.name} range (${lo}) below minimum (${b.min})`;
  if (hi > b.max) return `end of ${b.name} range (${hi}) above maximum (${b.max})`;
  if (lo > hi) return `beginning of ${b.name} range (${lo}) beyond end of range (${hi})`;
  if (step !== undefined && (!/^[0-9]+$/.test(step) || Number(step) === 0))
    return `${b.name} step "${step}" must be a positive number`;
  return undefined;
}

/** The first problem of a CronJob schedule, or undefined when robfig/cron ParseStandard accepts it. */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (schedule.includes("TZ")) return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";
  const s = schedule.trim();
  if (s === "") return "empty spec string";
  if (s.startsWith("@")) {
    if (DESCRIPTORS.has(s)) return undefined;
    if (s.startsWith("@every ")) return DURATION.test(s.slice(7).trim()) ? undefined : `failed to parse duration ${s}`;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${s}`;
  for (let i = 0; i < 5; i++) {
    const b = FIELDS[i] as Bounds;
    for (const part of (fields[i] as string).split(",")) {
      const problem = rangeProblem(part, b);
      if (problem) return problem;
    }
  }
  return undefined;
}
