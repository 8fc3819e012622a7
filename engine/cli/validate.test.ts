import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../model/diagnostic.js";
import { memoryIO } from "./io.js";
import { main } from "./main.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WEB = join(ROOT, "fixtures/manifests/web.yaml");
const CONTRACT = fileURLToPath(new URL("../../../shared/contracts/diagnostic.schema.json", import.meta.url));

async function cli(args: string[], stdin = "") {
  const io = memoryIO(stdin);
  const code = await main(["validate", ...args], io);
  return { code, out: io.out, err: io.err };
}

const CLEAN = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: prod}
data: {level: debug}
`;

describe("kubespec validate on the bundled example", () => {
  it("finds the misspelt metadata.lables and the cpu request above its limit, at their exact positions", async () => {
    const r = await cli([WEB, "-o", "json"]);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.out) as { diagnostics: Diagnostic[] };
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual([
      "6:3 schema/unknown-field",
      "24:22 correctness/requests-exceed-limits",
    ]);
    expect(errors[0]!.message).toBe("unknown field `lables`; did you mean `labels`?");
    expect(diagnostics.some((d) => d.ruleId === "best-practice/image-tag" && d.line === 20)).toBe(true);
  });

  it("prints text grouped by file with a summary line", async () => {
    const r = await cli([WEB, "--pack", "correctness"]);
    expect(r.out).toBe(
      `${WEB}
  ${WEB}:6:3: error [schema/unknown-field] unknown field \`lables\`; did you mean \`labels\`? (Deployment/web)
      fix: rename \`lables\` to \`labels\`
      see: kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go Decode (strict field validation: unknown field)
${r.out.split("\n").slice(4).join("\n")}`,
    );
    expect(r.out).toMatch(
      /\n2 resources in 1 file: 1 valid, 1 invalid, 0 errors, 0 skipped; findings: 2 errors, 0 warnings, 0 info\n$/,
    );
  });
});

describe("inputs and exit codes", () => {
  it("reads standard input given as -", async () => {
    const clean = await cli(["-", "-o", "json", "--pack", "correctness"], CLEAN);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out).summary).toMatchObject({ files: 1, resources: 1, valid: 1 });
    const bad = await cli(["-", "-o", "json", "--pack", "correctness"], CLEAN.replace("\ndata:", "\ndatta:"));
    expect(bad.code).toBe(1);
    const d = (JSON.parse(bad.out) as { diagnostics: Diagnostic[] }).diagnostics[0]!;
    expect([d.file, d.line, d.column, d.message]).toEqual(["-", 4, 1, "unknown field `datta`; did you mean `data`?"]);
  });

  it("exits 1 on an unparseable document but still validates the others", async () => {
    const r = await cli(
      ["-", "-o", "json", "--pack", "correctness"],
      `${CLEAN}---\nkey: [oops\n---\n${CLEAN.replace("debug", "1")}`,
    );
    expect(r.code).toBe(1);
    const { diagnostics, summary } = JSON.parse(r.out) as {
      diagnostics: Diagnostic[];
      summary: Record<string, number>;
    };
    expect(diagnostics.map((d) => `${d.line} ${d.ruleId}`)).toEqual(["7 yaml-parse", "11 schema/type"]);
    expect(summary).toMatchObject({ resources: 2, valid: 1, invalid: 1, errors: 1 });
  });

  it("exits 2 on usage errors and when nothing is readable, 0 on clean input, and honours --fail-on", async () => {
    expect((await cli([])).code).toBe(2);
    const version = await cli([WEB, "--kubernetes-version", "1.20"]);
    expect(version.code).toBe(2);
    expect(version.err).toContain("1.32, 1.33, 1.34, 1.36");
    expect((await cli([WEB, "--kubernetes-version", "v1.34.2", "-o", "json"])).code).toBe(1);
    expect((await cli([WEB, "-o", "yaml"])).code).toBe(2);
    expect((await cli([WEB, "--pack", "no-such-pack"])).code).toBe(2);
    const threads = await cli([WEB, "--threads", "two"]);
    expect([threads.code, threads.err]).toEqual([2, expect.stringContaining("--threads must be a whole number")]);
    expect((await cli([WEB, "--threads", "0", "-o", "json"])).code).toBe(1);
    const missing = await cli(["/no/such/file.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read /no/such/file.yaml: no such file or directory");
    expect((await cli(["-", "--pack", "correctness"], CLEAN)).code).toBe(0);
    const warnOnly =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: 'nginx:latest'}]\n";
    expect((await cli(["-", "--pack", "best-practice"], warnOnly)).code).toBe(0);
    expect((await cli(["-", "--pack", "best-practice", "--fail-on", "warning"], warnOnly)).code).toBe(1);
    expect(
      (await cli(["-", "--pack", "best-practice", "--skip", "best-practice", "--fail-on", "info"], warnOnly)).code,
    ).toBe(0);
  });

  it("refuses a broken --rules file with its position (exit 2) and runs a valid one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubespec-rules-"));
    const broken = join(dir, "broken.yaml");
    writeFileSync(
      broken,
      "apiVersion: kubespec.io/v1alpha1\nkind: RuleSet\nmetadata: {name: x}\nspec:\n  rules: [oops\n",
    );
    const r = await cli([WEB, "--rules", broken]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+`));
  });

  it("validates custom resources with --crd and turns strictness off with --no-strict", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubespec-crd-"));
    const crd = join(dir, "crd.yaml");
    writeFileSync(
      crd,
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  names: {kind: W, plural: ws}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {n: {type: integer}}}}}\n",
    );
    const cr = "apiVersion: example.com/v1\nkind: W\nmetadata: {name: w}\nspec: {n: 1, m: 2}\n";
    const strict = await cli(["-", "--crd", crd, "-o", "json", "--pack", "correctness"], cr);
    expect((JSON.parse(strict.out) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.message)).toEqual([
      "unknown field `m`; did you mean `n`?",
    ]);
    expect((await cli(["-", "--crd", crd, "--no-strict", "--pack", "correctness"], cr)).code).toBe(0);
    expect((await cli(["-", "--crd", WEB], cr)).code).toBe(2);
  });
});

describe("output formats", () => {
  it("json diagnostics fulfil the Diagnostic contract", async () => {
    const r = await cli([WEB, "-o", "json"]);
    const ajv = new Ajv2020({ strict: false });
    const valid = ajv.compile(JSON.parse(readFileSync(CONTRACT, "utf8")));
    const { diagnostics } = JSON.parse(r.out) as { diagnostics: unknown[] };
    expect(diagnostics.length).toBeGreaterThan(5);
    for (const d of diagnostics) expect(valid(d), JSON.stringify(valid.errors)).toBe(true);
  });

  it("sarif is SARIF 2.1.0 with rules, levels and regions", async () => {
    const r = await cli([WEB, "-o", "sarif"]);
    const log = JSON.parse(r.out);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("kubespec");
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toEqual([...ruleIds].sort());
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
    }
    for (const res of run.results) {
      expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
      expect(["error", "warning", "note"]).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri.endsWith("fixtures/manifests/web.yaml")).toBe(true);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    const unknown = run.results.find((x: { ruleId: string }) => x.ruleId === "schema/unknown-field");
    expect(unknown.locations[0].physicalLocation.region).toEqual({ startLine: 6, startColumn: 3 });
  });

  it("junit has a testcase per resource with failures, and github annotations carry file, line and column", async () => {
    const junit = (await cli([WEB, "-o", "junit", "--pack", "correctness"])).out;
    expect(junit).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kubespec validate" tests="2" failures="2" errors="0" skipped="0">/,
    );
    expect(junit).toContain('<testcase classname="');
    expect(junit).toContain('name="Deployment/web (document 1)"><failure type="schema/unknown-field"');
    expect(junit).toContain('name="Service/web (document 2)"></testcase>');
    const gh = (await cli([WEB, "-o", "github", "--pack", "correctness"])).out.split("\n");
    expect(gh[0]).toBe(
      `::error file=${WEB},line=6,col=3,title=kubespec schema/unknown-field::unknown field \`lables\`; did you mean \`labels\`? (Deployment/web)%0Afix: rename \`lables\` to \`labels\``,
    );
    expect(gh.at(-2)).toMatch(/^::notice title=kubespec validate::2 resources in 1 file/);
  });

  it("gives the same findings under --engine reference (json-rules-engine) as under the compiled engine", async () => {
    const dir = join(ROOT, "../shared/corpus/microservices-demo/release");
    for (const input of [WEB, dir]) {
      const compiled = await cli([input, "-o", "json"]);
      const reference = await cli([input, "-o", "json", "--engine", "reference"]);
      expect(reference.out).toBe(compiled.out);
      expect(JSON.parse(compiled.out).diagnostics.length).toBeGreaterThan(10);
    }
  });

  it("streams text and github output file by file, identical to the buffered rendering", async () => {
    const folder = join(ROOT, "../shared/corpus/kubeconform-fixtures/fixtures/folder");
    for (const o of ["text", "github"]) {
      const streamedOut = await cli([WEB, folder, "-o", o]);
      const buffered = await cli([WEB, folder, "-o", o, "--engine", "reference"]);
      expect(streamedOut.out).toBe(buffered.out);
      expect(streamedOut.code).toBe(1);
    }
  });

  it("is deterministic: the same input gives byte-identical output", async () => {
    const a = await cli([join(ROOT, "fixtures/manifests"), "-o", "sarif"]);
    const b = await cli([join(ROOT, "fixtures/manifests"), "-o", "sarif"]);
    expect(a.out).toBe(b.out);
  });
});
