import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { DiagnosticError } from "../model/diagnostic.js";
import { loadRuleSetFile, loadRuleSets, loadRuleSetText } from "./load.js";

const BROKEN = join(import.meta.dirname, "../../fixtures/rules/broken");
const VALID = join(import.meta.dirname, "../../fixtures/rules/valid");

/** Each broken fixture starts with `# expect: <rule-id> <line>:<column> <messageId>`. */
function expectation(file: string): { ruleId: string; line: number; column: number; messageId: string } {
  const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
  const m = /^# expect: (\S+) (\d+):(\d+) (\S+)$/.exec(first);
  if (!m) throw new Error(`${file}: first line must be '# expect: <rule-id> <line>:<column> <messageId>'`);
  return { ruleId: m[1]!, line: Number(m[2]), column: Number(m[3]), messageId: m[4]! };
}

function diagnosticsOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error("expected a DiagnosticError");
}

const contract = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../shared/contracts/diagnostic.schema.json"), "utf8"),
);
const validateDiagnostic = new Ajv2020({ strict: false }).compile(contract);

describe("broken rule files are refused with rule id, line and column", () => {
  const files = readdirSync(BROKEN)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  test("there is a fixture for every kind of problem the loader reports", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });
  test.each(files)("%s", (name) => {
    const file = join(BROKEN, name);
    const want = expectation(file);
    const ds = diagnosticsOf(() => loadRuleSetFile(file));
    expect(ds[0]).toMatchObject({ file, severity: "error", ...want });
    for (const d of ds) expect(validateDiagnostic(d), JSON.stringify(validateDiagnostic.errors)).toBe(true);
  });
});

describe("loading rule sets", () => {
  test("a valid file loads and keeps its source", () => {
    const file = join(VALID, "pod-phase-sample.yaml");
    const rs = loadRuleSetFile(file);
    expect(rs.metadata.name).toBe("sample");
    expect(rs.spec.rules.map((r) => r.id)).toEqual(["sample/init-failed-never", "sample/big-cpu", "sample/tolerates"]);
    expect(rs.source).toBe(file);
  });

  test("a missing file is a diagnostic, not an exception with a stack", () => {
    const ds = diagnosticsOf(() => loadRuleSetFile("/nonexistent/rules.yaml"));
    expect(ds[0]).toMatchObject({ messageId: "unreadable", line: 1, column: 1 });
  });

  test("an empty file and a file with two documents are refused", () => {
    expect(diagnosticsOf(() => loadRuleSetText("", "e.yaml"))[0]?.messageId).toBe("empty");
    const two = `${readFileSync(join(VALID, "pod-phase-sample.yaml"), "utf8")}\n---\nkind: RuleSet\n`;
    expect(diagnosticsOf(() => loadRuleSetText(two, "two.yaml"))[0]).toMatchObject({ messageId: "multiple-documents" });
  });

  test("every problem of a file is reported, in document order", () => {
    const text = readFileSync(join(BROKEN, "unknown-operator.yaml"), "utf8").replace("operator: equal", "operator: eq");
    const ds = diagnosticsOf(() => loadRuleSetText(text, "x.yaml"));
    expect(ds.map((d) => [d.messageId, d.line])).toEqual([
      ["unknown-operator", 12],
      ["unknown-operator", 13],
    ]);
  });

  test("rule ids must be unique across the rule sets loaded together", () => {
    const ds = diagnosticsOf(() =>
      loadRuleSets([join(VALID, "pod-phase-sample.yaml"), join(VALID, "pod-phase-sample.yaml")]),
    );
    expect(ds.map((d) => d.messageId)).toContain("duplicate-ruleset-name");
  });

  test("a rule id defined in two different files is refused at the second definition", () => {
    // Rule ids start with their rule-set name, so a cross-file duplicate id implies a duplicate name.
    const dir = join(import.meta.dirname, "../../fixtures/rules/duplicates");
    const ds = diagnosticsOf(() => loadRuleSets([dir]));
    expect(ds.map((d) => [d.ruleId, d.messageId, d.file, d.line, d.column])).toEqual([
      ["ruleset:dup", "duplicate-ruleset-name", join(dir, "b.yaml"), 4, 9],
      ["dup/shared", "duplicate-rule-id", join(dir, "b.yaml"), 8, 9],
    ]);
  });

  test("loadRuleSets reads directories and reports unreadable paths", () => {
    expect(loadRuleSets([VALID]).map((r) => r.metadata.name)).toEqual(["sample"]);
    expect(diagnosticsOf(() => loadRuleSets(["/nonexistent-dir"]))[0]?.ruleId).toBe("input-unreadable");
  });
});
