import { describe, expect, it } from "vitest";
import { cronScheduleProblem } from "./cron.js";

describe("CronJob schedules parse like robfig/cron ParseStandard", () => {
  it("accepts the schedules kubernetes' batch validation tests accept", () => {
    // pkg/apis/batch/validation/validation_test.go TestValidateCronJob success cases: "* * * * ?",
    // "@hourly", "0 * * * *"; the others are standard robfig/cron forms.
    for (const s of [
      "* * * * ?",
      "@hourly",
      "0 * * * *",
      "@every 1m",
      "0 0 * * *",
      "*/15 9-17 * * MON-FRI",
      "0 12 1,15 jan,jul *",
      "5 4 * * sun",
      "0 0 1 */2 *",
    ]) {
      expect(cronScheduleProblem(s), s).toBeUndefined();
    }
  });

  it("rejects the schedules the API server rejects", () => {
    // TestValidateCronJob error cases: "error" (Invalid value), "" (Required value), "TZ=UTC 0 * * * *".
    for (const s of [
      "error",
      "TZ=UTC 0 * * * *",
      "CRON_TZ=UTC 0 * * * *",
      "",
      "* * * *",
      "60 * * * *",
      "* 24 * * *",
      "* * 0 * *",
      "* * * 13 *",
      "* * * * 7",
      "5-1 * * * *",
      "*/0 * * * *",
      "@weekdays",
      "@every x",
    ]) {
      expect(cronScheduleProblem(s), s).toBeTypeOf("string");
    }
  });
});
