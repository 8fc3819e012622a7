/**
 * The built binary (dist/engine/cli/bin.js, from `npm run build`) in fresh processes on hostile
 * input: exit 0/1/2, no stack trace on stderr, no fatal V8 error. A fresh process matters: a stack
 * overflow inside V8's lazy regex compilation is fatal (not catchable) and only shows up when
 * nothing warmed the regexes first. Skipped when dist/ is absent (run `npm run build`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hostile, ROOT, scratch } from "./harness.js";

const BIN = join(ROOT, "dist/engine/cli/bin.js");
const built = existsSync(BIN);

let onDistBroken: (() => void) | undefined;

function run(args: string[], input: string | Buffer = ""): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.KUBESPEC_DEBUG;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: "utf8",
    env,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  const out = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  if (distBroken(out)) onDistBroken?.();
  return out;
}

/** dist/ being rebuilt by a concurrent `npm run build` is not a kubespec failure: skip the check then. */
function distBroken(r: ReturnType<typeof run>): boolean {
  return /ERR_MODULE_NOT_FOUND|Cannot find module|does not provide an export named/.test(r.stderr);
}

function expectClean(r: ReturnType<typeof run>, codes: number[]): void {
  expect(codes, `exit ${r.code}\n${r.stderr.slice(0, 2000)}`).toContain(r.code);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/FATAL ERROR|Last few GCs|JS stacktrace|Native stack trace/);
}

const deepFlow = (prefix: string) => `${prefix}${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;

describe.skipIf(!built)("the built binary on hostile input", () => {
  beforeEach((ctx) => {
    onDistBroken = () => ctx.skip();
  });

  it("explain pod refuses 10k-level flow nesting in a fresh process (this once died with a fatal V8 OOM)", () => {
    const f = scratch("spawn/deep-pod.yaml", deepFlow("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: "));
    const r = run(["explain", "pod", f]);
    expectClean(r, [2]);
    expect(r.stderr).toContain(`${f}:4:206: error [yaml-parse] document nests deeper than 200 levels`);
  });

  it.each([
    ["flow", deepFlow("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ")],
    [
      "block",
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${Array.from({ length: 3_000 }, (_, i) => `${" ".repeat(i + 1)}a:\n`).join("")}`,
    ],
  ])("validate - refuses 10k-level %s nesting from standard input in a fresh process", (_kind, text) => {
    const r = run(["validate", "-", "-o", "json"], text);
    expectClean(r, [1]);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<{ messageId?: string }> };
    expect(report.diagnostics.map((d) => d.messageId)).toEqual(["too-deep"]);
  });

  it("validate refuses an alias bomb, a binary file and binary standard input, and checks the rest", () => {
    const r = run(
      [
        "validate",
        "-",
        hostile("manifests/alias-bomb.yaml"),
        hostile("manifests/binary.yaml"),
        hostile("manifests/tabs.yaml"),
      ],
      "\u0000\u0001\u0002binary\u0003",
    );
    expectClean(r, [1]);
    expect(r.stdout).toMatch(/-:1:1: error \[yaml-parse\] control character U\+0000/);
    expect(r.stdout).toContain("refusing a possible alias bomb");
    expect(r.stdout).toContain("Tabs are not allowed as indentation");
    expect(r.stdout + r.stderr).toContain("not valid UTF-8");
  });

  it("validate - refuses non-UTF-8 standard input like a non-UTF-8 file", () => {
    const latin1 = Buffer.from(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: latin}\ndata: {k: "caf\xe9"}\n',
      "latin1",
    );
    const r = run(["validate", "-"], latin1);
    expectClean(r, [1, 2]);
    expect(r.stdout + r.stderr).toContain("not valid UTF-8 at line 4");
  });

  it("an internal error (a known bug) prints one line and no stack trace", () => {
    const r = run(["explain", "pod", hostile("explain/pod-ports-number.yaml")]);
    expectClean(r, [0, 2]);
  });

  it("simulate and explain scheduling refuse broken files with exit 2 and no stack trace", () => {
    expectClean(run(["simulate", hostile("scenarios/unclosed-flow.yaml")]), [2]);
    expectClean(run(["explain", "scheduling", "--pod", hostile("manifests/tabs.yaml"), "--nodes", "/nope"]), [2]);
  });
});
