/**
 * Huge and absurd inputs, generated in memory at test time: a 20 MB scalar, 100k keys, 10k levels of
 * flow and block nesting, a 1 MB string, 10k documents. Each must finish (the test timeout is the
 * hang detector, not a benchmark: bench/hostile-inputs.ts measures time and memory) with exit 0/1
 * and a located finding where the input is refused.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../engine/model/diagnostic.js";
import { cli, expectNoCrash, scratch } from "./harness.js";

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";

async function validateStdin(text: string, extra: string[] = []) {
  const r = await cli(["validate", "-", "-o", "json", ...extra], text);
  expectNoCrash(r);
  const report = JSON.parse(r.out) as { diagnostics: Diagnostic[]; summary: { resources: number } };
  return { ...r, report };
}

const located = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.messageId ?? ""}`);

describe("huge documents", () => {
  it("validates a 20 MB scalar as a valid ConfigMap", { timeout: 60_000 }, async () => {
    const r = await validateStdin(`${CM}data:\n  big: ${"x".repeat(20 * 1024 * 1024)}\n`, ["--pack", "correctness"]);
    expect(r.code).toBe(0);
    expect(r.report.summary.resources).toBe(1);
  });

  it("refuses an input above the 64 MiB limit with a located finding instead of parsing it", {
    timeout: 60_000,
  }, async () => {
    const r = await validateStdin(`${CM}data:\n  big: ${"x".repeat(65 * 1024 * 1024)}\n`);
    expect(r.code).toBe(1);
    expect(located(r.report.diagnostics)).toEqual(["1:1 yaml-parse too-large"]);
    expect(r.report.diagnostics[0]!.fix).toMatch(/split/);
  });

  it("validates a ConfigMap with 100k data keys", { timeout: 60_000 }, async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: v${i}\n`).join("");
    const r = await validateStdin(`${CM}data:\n${keys}`, ["--pack", "correctness"]);
    expect(r.code).toBe(0);
  });

  it("reports 10k unknown fields each at its own line", { timeout: 60_000 }, async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `u${i}: v\n`).join("");
    const r = await validateStdin(`${CM}${keys}`, ["--pack", "correctness"]);
    expect(r.code).toBe(1);
    expect(r.report.diagnostics).toHaveLength(10_000);
    expect(r.report.diagnostics.every((d, i) => d.line === i + 4 && d.column === 1)).toBe(true);
  });

  it("validates a stream of 10k documents", { timeout: 60_000 }, async () => {
    const docs = Array.from({ length: 10_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`);
    const r = await validateStdin(docs.join("---\n"), ["--pack", "correctness"]);
    expect(r.code).toBe(0);
    expect(r.report.summary.resources).toBe(10_000);
  });

  it("handles a 1 MB name as an invalid name, not a crash", { timeout: 60_000 }, async () => {
    const r = await validateStdin(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${"a".repeat(1_000_000)}}\n`, [
      "--pack",
      "correctness",
    ]);
    expect(r.code).toBe(1);
    expect(located(r.report.diagnostics)).toEqual(["3:12 correctness/invalid-name invalid"]);
  });
});

describe("deep nesting", () => {
  const cases: ReadonlyArray<[string, string, string]> = [
    ["10k levels of flow sequences", `${CM}data: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, "4:206"],
    ["10k levels of flow mappings", `${CM}data: ${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}\n`, "4:803"],
    [
      "10k levels of block mappings",
      `${CM}data:\n${Array.from({ length: 10_000 }, (_, i) => `${" ".repeat(i + 1)}a:\n`).join("")}`,
      "505:501",
    ],
    ["10k levels of compact block sequences", `${CM}data:\n  ${"- ".repeat(10_000)}x\n`, "5:501"],
    [
      "10k levels of JSON",
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}\n`,
      "1:1065",
    ],
  ];
  it.each(cases)(
    "refuses %s at the level where it passes the limit, and checks the next document",
    { timeout: 60_000 },
    async (_name, text, at) => {
      const r = await validateStdin(`${text}---\n${CM.replace("name: a", "name: after, lables: {}")}`, [
        "--pack",
        "correctness",
      ]);
      expect(r.code).toBe(1);
      expect(located(r.report.diagnostics.filter((d) => d.ruleId === "yaml-parse"))).toEqual([
        `${at} yaml-parse too-deep`,
      ]);
      expect(r.report.diagnostics.some((d) => d.ruleId === "schema/unknown-field")).toBe(true);
    },
  );

  it("refuses deep nesting in a file given by path too (explain pod reads it through the positional parser)", {
    timeout: 60_000,
  }, async () => {
    const f = scratch(
      "deep-pod.yaml",
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
    );
    const r = await cli(["explain", "pod", f]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:4:206: error [yaml-parse] document nests deeper than 200 levels`);
  });
});
