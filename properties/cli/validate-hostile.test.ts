/**
 * `kubespec validate` on hostile and broken manifests (files, directories, standard input): never a
 * crash, exit 1 for findings (a broken document is a finding and the rest of the stream is still
 * checked), exit 2 only when nothing usable was given, and every finding at file:line:column with a fix.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../engine/model/diagnostic.js";
import {
  type CliRun,
  cli,
  expectNoCrash,
  expectRefused,
  hostile,
  prototypeKeys,
  scratch,
  scratchEmptyDir,
  textDiagnostics,
} from "./harness.js";

const PROTO_BEFORE = prototypeKeys();

interface JsonReport {
  diagnostics: Diagnostic[];
  summary: { files: number; resources: number; valid: number; invalid: number; errors: number };
}

/** validate -o json, checked for crashes, with the report parsed. */
async function validateJson(args: string[], stdin = ""): Promise<CliRun & { report: JsonReport }> {
  const r = await cli(["validate", ...args, "-o", "json", "--pack", "correctness"], stdin);
  expectNoCrash(r);
  return { ...r, report: JSON.parse(r.out) as JsonReport };
}

/** The error findings as "line:column ruleId". */
function errorsAt(report: JsonReport): string[] {
  return report.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.ruleId}`);
}

function expectEveryFindingLocatedWithFix(report: JsonReport, file: string): void {
  for (const d of report.diagnostics) {
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.fix, d.message).toBeTruthy();
  }
}

describe("validate on unreadable YAML", () => {
  it.each([
    ["unclosed-flow.yaml", ["4:1 yaml-parse"], /end with a \}/],
    ["tabs.yaml", ["4:1 yaml-parse"], /Tabs are not allowed/],
    ["alias-bomb.yaml", ["2:1 yaml-parse"], /alias bomb/],
    ["recursive-alias.yaml", ["1:1 yaml-parse"], /contains itself/],
  ])("reports %s as one located parse finding (exit 1)", async (name, errors, message) => {
    const file = hostile(`manifests/${name}`);
    const r = await validateJson([file]);
    expect(r.code).toBe(1);
    expect(errorsAt(r.report)).toEqual(errors);
    expect(r.report.diagnostics[0]!.message).toMatch(message);
    expectEveryFindingLocatedWithFix(r.report, file);
  });

  it("still checks the documents after a broken one in the same stream", async () => {
    const file = hostile("manifests/broken-then-valid.yaml");
    const r = await validateJson([file]);
    expect(r.code).toBe(1);
    expect(errorsAt(r.report)).toEqual(["4:1 yaml-parse", "7:24 schema/unknown-field"]);
    expect(r.report.summary).toMatchObject({ resources: 1, invalid: 1, errors: 1 });
  });

  it("checks the readable files of a directory when one of them is broken", async () => {
    const r = await validateJson([hostile("manifests")]);
    expect(r.code).toBe(1);
    const files = new Set(r.report.diagnostics.map((d) => d.file.slice(d.file.lastIndexOf("/") + 1)));
    for (const f of ["unclosed-flow.yaml", "unknown-field.yaml", "proto-keys.yaml", "alias-bomb.yaml"])
      expect(files).toContain(f);
    expect(r.report.summary.files).toBeGreaterThanOrEqual(14);
  });

  it("refuses a binary file and a non-UTF-8 file with the position of the first bad byte, as kubectl would", async () => {
    for (const name of ["binary.yaml", "non-utf8.yaml"]) {
      const file = hostile(`manifests/${name}`);
      const r = await cli(["validate", file]);
      expectNoCrash(r);
      expect(r.code, r.err).toBe(2);
      expect(r.out + r.err).toMatch(/not valid UTF-8 at line \d+, column \d+/);
    }
    const text = await cli(["validate", hostile("manifests/non-utf8.yaml")]);
    expect(text.out + text.err).toContain("line 4, column 15 (byte 0xe9)");
  });

  it("refuses a document with NUL bytes read from standard input, at their position", async () => {
    const r = await validateJson(
      ["-"],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: "a\u0000b"}\n',
    );
    expect(r.code).toBe(1);
    expect(errorsAt(r.report)).toEqual(["4:13 yaml-parse"]);
    expect(r.report.diagnostics[0]!.message).toContain("U+0000");
  });
});

describe("validate on wrong types and unknown fields", () => {
  it("reports a top-level list and a scalar document as not Kubernetes objects", async () => {
    for (const name of ["top-level-list.yaml", "scalar.yaml"]) {
      const file = hostile(`manifests/${name}`);
      const r = await validateJson([file]);
      expect(r.code).toBe(1);
      expect(errorsAt(r.report)).toEqual(["1:1 document/not-an-object"]);
      expectEveryFindingLocatedWithFix(r.report, file);
    }
  });

  it("reports a string where an object is expected and a number as a name at the offending value", async () => {
    const file = hostile("manifests/wrong-types.yaml");
    const r = await validateJson([file]);
    expect(r.code).toBe(1);
    const schema = r.report.diagnostics.filter((d) => d.ruleId === "schema/type");
    expect(schema.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '3:11 `metadata` must be object, got string "not-an-object"',
      "7:18 `name` must be string, got integer 123",
      '8:15 `ports` must be array, got string "hello"',
    ]);
    expectEveryFindingLocatedWithFix(r.report, file);
  });

  it('does not claim a name is empty when it is a number (BUG packs: correctness/invalid-name says `metadata.name "" is required` for name: 123 and for metadata: not-an-object)', async () => {
    const r = await validateJson([hostile("manifests/wrong-types.yaml")]);
    for (const d of r.report.diagnostics.filter((x) => x.ruleId === "correctness/invalid-name"))
      expect(d.message).not.toContain('"" is required');
  });

  it("reports an unknown top-level field at its key", async () => {
    const file = hostile("manifests/unknown-field.yaml");
    const r = await validateJson([file]);
    expect(errorsAt(r.report)).toEqual(["5:1 schema/unknown-field"]);
  });

  it("reports absurd numbers as range or format findings, never as a crash", async () => {
    const file = hostile("manifests/absurd-numbers.yaml");
    const r = await validateJson([file]);
    expect(r.code).toBe(1);
    expect(errorsAt(r.report)).toEqual(
      expect.arrayContaining(["5:13 schema/range", "6:28 schema/range", "16:37 schema/format", "16:73 schema/format"]),
    );
    expectEveryFindingLocatedWithFix(r.report, file);
  });

  it("names non-finite numbers as such (1e400 is Infinity, .nan is NaN) with one finding each", async () => {
    const r = await validateJson([hostile("manifests/absurd-numbers.yaml")]);
    for (const d of r.report.diagnostics) expect(d.message).not.toMatch(/got (number )?null/);
    expect(r.report.diagnostics.filter((d) => d.line === 8 && d.severity === "error").map((d) => d.message)).toEqual([
      "`revisionHistoryLimit` must be integer, got non-finite number NaN",
    ]);
    expect(r.report.diagnostics.find((d) => d.line === 6)!.message).toContain("Infinity");
  });
});

describe("validate and YAML 1.1 as kubectl reads it", () => {
  it("accepts anchors, aliases and `<<` merge keys as kubectl does (go-yaml v2 merges them)", async () => {
    const r = await validateJson([hostile("manifests/anchors-and-merge-keys.yaml")]);
    expect(r.code).toBe(0);
    expect(r.report.diagnostics).toEqual([]);
  });

  it("reports an unquoted true where a string is expected", async () => {
    const r = await validateJson([hostile("manifests/yaml11-booleans.yaml")]);
    expect(errorsAt(r.report)).toContain("8:75 schema/type");
  });

  it.skip("reports yes/no/on/off where a string is expected, as kubectl would (BUG validate: YAML 1.2 core schema reads `value: yes` as a string; sigs.k8s.io/yaml decodes YAML 1.1 with go-yaml v2, where yes/no/on/off/y/n are booleans, so the API server answers 'cannot unmarshal bool into Go struct field EnvVar...value of type string')", async () => {
    const r = await validateJson([hostile("manifests/yaml11-booleans.yaml")]);
    // `yes` is at 8:28 (plain: a boolean for go-yaml v2); the quoted "on" at 8:51 stays a string.
    expect(errorsAt(r.report)).toEqual(expect.arrayContaining(["8:28 schema/type", "8:75 schema/type"]));
    expect(errorsAt(r.report)).not.toContain("8:51 schema/type");
  });
});

describe("validate and prototype keys", () => {
  it("reports __proto__ and constructor keys as unknown fields and pollutes nothing", async () => {
    const file = hostile("manifests/proto-keys.yaml");
    const r = await validateJson([file]);
    expect(r.code).toBe(1);
    expect(
      r.report.diagnostics
        .filter((d) => d.ruleId === "schema/unknown-field")
        .map((d) => `${d.line}:${d.column} ${d.message}`),
    ).toEqual([
      "3:1 unknown field `__proto__`",
      "6:3 unknown field `__proto__`",
      "7:3 unknown field `constructor`",
      "13:5 unknown field `__proto__`",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeKeys()).toEqual(PROTO_BEFORE);
  });
});

describe("validate on empty and missing inputs", () => {
  it("accepts an empty file as zero resources (exit 0)", async () => {
    const r = await validateJson([hostile("manifests/empty.yaml")]);
    expect(r.code).toBe(0);
    expect(r.report.summary).toMatchObject({ files: 1, resources: 0 });
  });

  it("accepts an empty standard input as zero resources (exit 0)", async () => {
    const r = await validateJson(["-"], "");
    expect(r.code).toBe(0);
    expect(r.report.summary).toMatchObject({ resources: 0 });
  });

  it("exits 2 with the path for a nonexistent file", async () => {
    const r = await cli(["validate", "/nonexistent/kubespec/x.yaml"]);
    const ds = expectRefused(r, "/nonexistent/kubespec/x.yaml");
    expect(ds[0]!.message).toContain("no such file or directory");
  });

  it("checks the readable inputs and reports the missing one as an error (exit 1)", async () => {
    const r = await validateJson([hostile("manifests/unknown-field.yaml"), "/nonexistent/kubespec/y.yaml"]);
    expect(r.code).toBe(1);
    expect(r.report.diagnostics.map((d) => d.ruleId)).toEqual(
      expect.arrayContaining(["input-unreadable", "schema/unknown-field"]),
    );
  });

  it("treats a directory without manifests as zero files (exit 0), and a file inside an unreadable path as missing", async () => {
    const empty = scratchEmptyDir("no-manifests");
    scratch("no-manifests/README.md", "# not a manifest\n");
    const r = await validateJson([empty]);
    expect(r.code).toBe(0);
    expect(r.report.summary).toMatchObject({ files: 0, resources: 0 });
    // Running as root, chmod 000 does not stop reads; a path through a regular file is unreadable for anyone.
    const notDir = scratch("plain-file", "x: 1\n");
    const through = await cli(["validate", join(notDir, "child.yaml")]);
    expectRefused(through, join(notDir, "child.yaml"));
    expect(through.err).toMatch(/not a directory|no such file/i);
  });

  it("refuses a file given with a trailing slash as a directory it is not", async () => {
    const f = scratch("slash.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    const r = await cli(["validate", `${f}/`]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
  });
});

describe("validate with hostile text formats", () => {
  it.each(["text", "json", "sarif", "junit", "github"])("formats broken input as %s without crashing", async (fmt) => {
    const r = await cli(["validate", hostile("manifests"), "-o", fmt]);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    if (fmt === "json" || fmt === "sarif") JSON.parse(r.out);
    if (fmt === "text") {
      const ds = textDiagnostics(r.out);
      expect(ds.length).toBeGreaterThan(10);
      for (const d of ds) expect(d.fix, d.message).toBeTruthy();
    }
  });

  it("keeps the output of a file with a very long value bounded by the input", async () => {
    const long = "a".repeat(200_000);
    const r = await validateJson(["-"], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${long}}\n`);
    expect(r.code).toBe(1);
    expect(errorsAt(r.report)).toEqual(["3:12 correctness/invalid-name"]);
  });

  it("does not echo a 200 kB value into its message (BUG packs: correctness/invalid-name quotes the whole name; the JSON report is ~2× the input)", async () => {
    const long = "a".repeat(200_000);
    const r = await validateJson(["-"], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${long}}\n`);
    expect(r.out.length).toBeLessThan(10_000);
  });
});

afterAll(() => {
  // No hostile input may leave a key on Object.prototype or Array.prototype.
  expect(prototypeKeys()).toEqual(PROTO_BEFORE);
  expect(readFileSync(hostile("manifests/proto-keys.yaml"), "utf8")).toContain("__proto__");
});
