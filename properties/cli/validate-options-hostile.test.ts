/**
 * `kubespec validate --rules` and `--crd` with hostile files: broken or wrong rule sets and CRDs are
 * refused (exit 2) at file:line:column with a fix; user regular expressions cannot hang the process;
 * prototype keys stay data.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  cli,
  expectNoCrash,
  expectRefused,
  hostile,
  prototypeKeys,
  scratchEmptyDir,
  textDiagnostics,
} from "./harness.js";

const PROTO_BEFORE = prototypeKeys();

/** A Pod whose only container has the given image (the unpinnedImages fact reports it). */
function podWithImage(image: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "${image}"}]}\n`;
}

/** A custom resource of the hostile CRDs' kind. */
function widget(spec: string): string {
  return `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: ${spec}\n`;
}

describe("validate --rules with broken rule files", () => {
  it.each([
    ["broken-syntax.yaml", /yaml-parse/],
    ["not-a-ruleset.yaml", /not a rule set: the document has kind "Pod"/],
  ])("refuses %s at its position (exit 2)", async (name, message) => {
    const file = hostile(`rules/${name}`);
    const r = await cli(["validate", "-", "--rules", file], podWithImage("nginx"));
    const ds = expectRefused(r, file);
    expect(ds.map((d) => `[${d.ruleId}] ${d.message}`).join("\n")).toMatch(message);
  });

  it("refuses conditions that are a string, pointing at them (exit 2)", async () => {
    const file = hostile("rules/wrong-types.yaml");
    const r = await cli(["validate", "-", "--rules", file], podWithImage("nginx"));
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:10:17: error [wrong-types/r] /spec/rules/0/conditions must be object`);
  });

  it("gives a fix for rule-set schema errors and refused regexes (BUG rules: '/spec/rules/0/conditions must be object', 'bad value for matchesRegex: nested quantifiers' and other loader errors have no fix line)", async () => {
    for (const name of ["wrong-types.yaml", "exponential-regex.yaml"]) {
      const file = hostile(`rules/${name}`);
      expectRefused(await cli(["validate", "-", "--rules", file], podWithImage("nginx")), file);
    }
  });

  it("refuses a rule reading a fact no extractor provides (exit 2)", async () => {
    const file = hostile("rules/unknown-fact.yaml");
    const r = await cli(["validate", "-", "--rules", file], podWithImage("nginx"));
    const ds = expectRefused(r, file);
    expect(ds[0]!.message).toContain("noSuchFact");
  });

  it("points an unknown fact at its line (BUG validate: the diagnostic is at 1:1 of the first --rules file, not at the fact)", async () => {
    const file = hostile("rules/unknown-fact.yaml");
    const ds = expectRefused(await cli(["validate", "-", "--rules", file], podWithImage("nginx")), file);
    expect(ds[0]!.line).toBe(10);
  });

  it("refuses a nested-quantifier regex (exponential backtracking) at the pattern (exit 2)", async () => {
    const file = hostile("rules/exponential-regex.yaml");
    const r = await cli(["validate", "-", "--rules", file], podWithImage("a".repeat(5000)));
    expectNoCrash(r);
    expect(r.code).toBe(2);
    const ds = textDiagnostics(r.err);
    expect(ds[0]).toMatchObject({ file, line: 10, column: 98 });
    expect(ds[0]!.message).toMatch(/nested quantifiers/);
  });

  it("refuses or bounds a polynomial regex such as a*a*a*a*b (BUG rules: the safe-regex policy allows 4 unbounded quantifiers; on a 200-character image the match takes ~9 s, on 5000 characters it never ends)", {
    timeout: 20_000,
  }, async () => {
    // Bounded (the linear-time engine) rather than refused: the rule runs and answers both ways.
    const file = hostile("rules/polynomial-regex.yaml");
    const r = await cli(["validate", "-", "--rules", file], podWithImage("a".repeat(5000)));
    expectNoCrash(r);
    expect([0, 1]).toContain(r.code);
    expect(r.err + r.out).not.toContain("polynomial-regex/r");
    const hit = await cli(["validate", "-", "--rules", file], podWithImage(`${"a".repeat(5000)}b`));
    expectNoCrash(hit);
    expect(hit.code).toBe(1);
    expect(hit.out).toContain("[polynomial-regex/r]");
  });

  it("evaluates a $.__proto__ path as missing data, never as Object.prototype", async () => {
    const file = hostile("rules/proto-path.yaml");
    const r = await cli(["validate", "-", "--rules", file, "--pack", "correctness", "-o", "json"], podWithImage("x"));
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).diagnostics).toEqual([]);
    expect(prototypeKeys()).toEqual(PROTO_BEFORE);
  });

  it("refuses a missing rules file (exit 2)", async () => {
    expectRefused(await cli(["validate", "-", "--rules", "/nonexistent/rules.yaml"]), "/nonexistent/rules.yaml");
  });

  it("refuses a --rules directory holding no rule files (BUG validate: it silently runs no extra rules, exit 0)", async () => {
    const dir = scratchEmptyDir("no-rules");
    const r = await cli(["validate", "-", "--rules", dir], podWithImage("nginx:1.27"));
    expect(r.code).toBe(2);
  });
});

describe("validate --crd with hostile CRDs", () => {
  it("refuses an unparseable CRD file at its position (exit 2)", async () => {
    const file = hostile("crds/unclosed-flow.yaml");
    const ds = expectRefused(await cli(["validate", "-", "--crd", file], widget("{s: x}")), file);
    expect(ds[0]).toMatchObject({ ruleId: "yaml-parse", line: 15 });
  });

  it("refuses a file without a CRD and a missing CRD file (exit 2)", async () => {
    const notCrd = hostile("manifests/unknown-field.yaml");
    expectRefused(await cli(["validate", "-", "--crd", notCrd], widget("{s: x}")), notCrd);
    expectRefused(await cli(["validate", "-", "--crd", "/nonexistent/crd.yaml"]), "/nonexistent/crd.yaml");
  });

  it("refuses a CRD whose openAPIV3Schema is not a schema (BUG validate: {type: 5, properties: hello} is accepted and every custom resource is reported valid)", async () => {
    const file = hostile("crds/broken-schema.yaml");
    expectRefused(await cli(["validate", "-", "--crd", file], widget("{s: x}")), file);
  });

  it("does not report custom resources valid when their CRD in the input has a malformed schema", async () => {
    const crd = readFileSync(hostile("crds/broken-schema.yaml"), "utf8");
    const r = await cli(["validate", "-", "-o", "json"], `${widget("{s: x}")}---\n${crd}`);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as {
      diagnostics: Array<{ ruleId: string; line: number }>;
      summary: { valid: number };
    };
    expect(report.summary.valid).toBe(0);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: "schema/crd-invalid", line: 2 }));
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: "schema/type", line: 19 }));
  });

  it("does not read Object.prototype for CRD properties named constructor (BUG validate: a Widget without spec.constructor gets '`constructor` must be integer, got function function Object() { [native code] }')", async () => {
    const file = hostile("crds/prototype-property-names.yaml");
    const r = await cli(["validate", "-", "--crd", file, "-o", "json"], widget("{}"));
    expect(r.out).not.toContain("native code");
    expect(r.code).toBe(0);
  });

  it("bounds the CRD pattern regexes a custom resource is matched against (BUG validate: pattern a*a*a*a*b on a 3000-character string never finishes; ^(a+)+$ is accepted too)", {
    timeout: 20_000,
  }, async () => {
    for (const name of ["polynomial-pattern.yaml", "exponential-pattern.yaml"]) {
      const file = hostile(`crds/${name}`);
      const r = await cli(["validate", "-", "--crd", file], widget(`{s: "${"a".repeat(3000)}!"}`));
      expectNoCrash(r);
      expect([1, 2]).toContain(r.code);
    }
  });
});

afterAll(() => {
  expect(prototypeKeys()).toEqual(PROTO_BEFORE);
});
