import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";

const ROOT = join(import.meta.dirname, "../..");
const BROKEN = join(ROOT, "fixtures/rules/broken");
const MANIFEST = join(ROOT, "fixtures/manifests/web.yaml");

describe("kubespec validate --rules refuses broken rule files", () => {
  test.each(
    readdirSync(BROKEN)
      .filter((f) => f.endsWith(".yaml"))
      .sort(),
  )("%s is refused with file:line:column, severity, rule id and message, exit 2", async (name) => {
    const file = join(BROKEN, name);
    const io = memoryIO();
    const code = await main(["validate", "--rules", file, MANIFEST], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: error \\[[^\\]]+\\] \\S`, "m"),
    );
    expect(io.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  test("the unknown-operator diagnostic names the rule and points at the operator", async () => {
    const file = join(BROKEN, "unknown-operator.yaml");
    const io = memoryIO();
    expect(await main(["validate", "--rules", file, MANIFEST], io)).toBe(2);
    expect(io.err).toContain(
      `${file}:13:29: error [broken/a] unknown operator 'greaterThn' (did you mean 'greaterThan'?)`,
    );
  });

  test("a missing rule file is refused with exit 2", async () => {
    const io = memoryIO();
    expect(await main(["validate", "--rules", "/nonexistent/rules.yaml", MANIFEST], io)).toBe(2);
    expect(io.err).toContain("/nonexistent/rules.yaml:1:1: error");
  });
});
