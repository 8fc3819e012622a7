import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EPOCH_MS, formatDuration, parseDuration, timestamp, virtualTime } from "./duration.js";

describe("Go durations and virtual timestamps", () => {
  it("parses the Go forms a scenario uses", () => {
    expect(["0s", "0", "90s", "5m", "1h30m", "250ms", "1.5s", "2h0m0s"].map(parseDuration)).toEqual([
      0, 0, 90_000, 300_000, 5_400_000, 250, 1_500, 7_200_000,
    ]);
  });

  it("refuses what is not a duration", () => {
    for (const bad of ["", "10", "10 seconds", "-5s", "5x", "s"]) expect(parseDuration(bad)).toBeUndefined();
  });

  it("formats durations back so that they parse to the same value", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it("prints timestamps exactly as Date#toISOString would (seconds precision when whole)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 400 * 86_400_000 }), (ms) => {
        const iso = new Date(EPOCH_MS + ms).toISOString();
        expect(timestamp(ms)).toBe(ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso);
        expect(virtualTime(timestamp(ms))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });
});
