import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  labelValueProblem,
  portNameProblem,
  qualifiedNameProblem,
} from "./names.js";

type Value = string | number | { repeat: [string, number] } | Value[];

function expand(v: Value): string {
  if (Array.isArray(v)) return v.map(expand).join("");
  if (typeof v === "object") return v.repeat[0].repeat(v.repeat[1]);
  return String(v);
}

const TABLE = parse(
  readFileSync(join(import.meta.dirname, "../../../../fixtures/packs/name-validation.yaml"), "utf8"),
) as Record<string, { good: Value[]; bad: Value[] }>;

const CHECKS: Record<string, (v: string) => string | undefined> = {
  qualifiedName: qualifiedNameProblem,
  labelValue: labelValueProblem,
  dns1123Label: dns1123LabelProblem,
  dns1035Label: dns1035LabelProblem,
  portName: portNameProblem,
};

describe("name syntax agrees with apimachinery's validation test tables", () => {
  for (const [name, check] of Object.entries(CHECKS)) {
    const table = TABLE[name];
    it(`${name} accepts every good value and rejects every bad one`, () => {
      expect(table?.good.length).toBeGreaterThan(5);
      expect(table?.bad.length).toBeGreaterThan(5);
      for (const v of table?.good ?? []) expect(check(expand(v)), JSON.stringify(expand(v))).toBeUndefined();
      for (const v of table?.bad ?? []) expect(check(expand(v)), JSON.stringify(expand(v))).toBeTypeOf("string");
    });
  }
});
