import { describe, expect, it } from "vitest";
import { linearRegExp, linearRegExpProblem } from "./linear-regex.js";

describe("linear-time regular expressions", () => {
  it("match like ordinary expressions", () => {
    expect(linearRegExp("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").test("my-app")).toBe(true);
    expect(linearRegExp("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").test("-bad")).toBe(false);
  });

  it("finish at once on inputs that make backtracking engines explode", () => {
    const subject = `${"a".repeat(50_000)}!`;
    for (const p of ["^(a+)+$", "^(a|a)*$", "a*a*a*a*a*c", "^(\\w+\\s?)*$"]) {
      const started = process.hrtime.bigint();
      expect(linearRegExp(p).test(subject)).toBe(false);
      // Linear engine: milliseconds. A backtracking engine takes longer than the age of the universe.
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
    }
  });

  it("refuses backreferences and lookaround, which need backtracking", () => {
    expect(linearRegExpProblem("(a)\\1")).toMatch(/linear/);
    expect(linearRegExpProblem("a(?=b)")).toMatch(/linear/);
    expect(linearRegExpProblem("[unclosed")).toBeDefined();
    expect(linearRegExpProblem("^a+$")).toBeUndefined();
  });
});
