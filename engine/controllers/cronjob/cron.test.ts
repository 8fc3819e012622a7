import { describe, expect, it } from "vitest";
import { CronError, parseCron } from "./cron.js";

const at = (s: string) => Date.parse(s);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace(".000", ""));

describe("cron schedules (robfig/cron ParseStandard semantics)", () => {
  const cases: [string, string, string][] = [
    ["*/5 * * * *", "2025-01-01T00:00:00Z", "2025-01-01T00:05:00Z"],
    ["*/5 * * * *", "2025-01-01T00:04:59Z", "2025-01-01T00:05:00Z"],
    ["0 * * * *", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z"],
    ["@hourly", "2025-01-01T00:30:00Z", "2025-01-01T01:00:00Z"],
    ["@daily", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"],
    ["@weekly", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"],
    ["@monthly", "2025-01-15T00:00:00Z", "2025-02-01T00:00:00Z"],
    ["@yearly", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
    ["30 2 * * MON-FRI", "2025-01-03T03:00:00Z", "2025-01-06T02:30:00Z"],
    ["0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z"],
    ["0 0 1 * 1", "2025-01-02T00:00:00Z", "2025-01-06T00:00:00Z"],
    ["0 0 1,15 JAN *", "2025-01-02T00:00:00Z", "2025-01-15T00:00:00Z"],
    ["15-20/2 * * * *", "2025-01-01T00:16:00Z", "2025-01-01T00:17:00Z"],
    ["@every 90s", "2025-01-01T00:00:00Z", "2025-01-01T00:01:30Z"],
  ];
  it.each(cases)("%s after %s is %s", (spec, from, expected) => {
    expect(iso(parseCron(spec).next(at(from)))).toBe(expected);
  });

  it("gives up on a date that never comes within five years (robfig returns the zero time)", () => {
    expect(parseCron("0 0 31 2 *").next(at("2025-01-01T00:00:00Z"))).toBeUndefined();
  });

  it.each([
    ["* * * *", "expected exactly 5 fields"],
    ["60 * * * *", "minute: end of range (60) above maximum (59)"],
    ["* * 0 * *", "day of month: beginning of range (0) below minimum (1)"],
    ["*/0 * * * *", "bad step"],
    ["@fortnightly", "unrecognized descriptor"],
    ["CRON_TZ=Europe/Paris 0 * * * *", "UTC only"],
  ])("rejects %s", (spec, message) => {
    expect(() => parseCron(spec)).toThrow(CronError);
    expect(() => parseCron(spec)).toThrow(message);
  });
});
