/**
 * In-process CLI runs for the hostile-input suites, and the checks every run must pass whatever the
 * input: an exit code in {0, 1, 2}, no stack trace, no "internal error", and every diagnostic line
 * naming file:line:column followed by a fix.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { memoryIO } from "../../engine/cli/io.js";
import { main } from "../../engine/cli/main.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A committed hostile input under fixtures/hostile. */
export function hostile(name: string): string {
  return join(ROOT, "fixtures/hostile", name);
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Run kubespec in-process with the given arguments and standard input. */
export async function cli(argv: string[], stdin = ""): Promise<CliRun> {
  const io = memoryIO(stdin);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

let scratchDir: string | undefined;

/** Write `text` (or bytes) to a fresh file in a per-process scratch directory; returns its path. */
export function scratch(name: string, content: string | Uint8Array): string {
  scratchDir ??= mkdtempSync(join(tmpdir(), "kubespec-hostile-"));
  const p = join(scratchDir, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** An empty scratch directory. */
export function scratchEmptyDir(name: string): string {
  scratchDir ??= mkdtempSync(join(tmpdir(), "kubespec-hostile-"));
  const p = join(scratchDir, name);
  mkdirSync(p, { recursive: true });
  return p;
}

/** A V8 stack frame line as Node prints it. */
const STACK_LINE = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

/** Whether a run's output shows a crash (stack trace or the dispatcher's internal-error message). */
export function crashText(r: CliRun): string | undefined {
  const all = `${r.err}\n${r.out}`;
  if (STACK_LINE.test(all)) return "stack trace in output";
  if (/internal error/i.test(all)) return "internal error";
  if (/\[object Object\]|undefined:\d|NaN:NaN/.test(r.err)) return "garbled diagnostic";
  return undefined;
}

/** The checks every run must pass on any input. */
export function expectNoCrash(r: CliRun): void {
  expect([0, 1, 2], `exit code ${r.code}\n${r.err}`).toContain(r.code);
  expect(crashText(r), r.err).toBeUndefined();
}

/** A text diagnostic line: FILE:LINE:COLUMN: severity [rule] message. */
const DIAG_LINE = /^\s*(.+?):(\d+):(\d+): (error|warning|info) \[([^\]]+)\] (.+)$/;

export interface TextDiagnostic {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
  fix?: string;
}

/** Parse the text diagnostics (formatDiagnosticsText / validate text) of an output. */
export function textDiagnostics(text: string): TextDiagnostic[] {
  const lines = text.split("\n");
  const out: TextDiagnostic[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DIAG_LINE.exec(lines[i]!);
    if (!m) continue;
    const d: TextDiagnostic = {
      file: m[1]!,
      line: Number(m[2]),
      column: Number(m[3]),
      ruleId: m[5]!,
      message: m[6]!,
    };
    const next = /^\s+fix: (.+)$/.exec(lines[i + 1] ?? "");
    if (next) d.fix = next[1]!;
    out.push(d);
  }
  return out;
}

/**
 * A refused input: exit 2, and stderr says what is wrong, where (the given file, a real line and
 * column) and how to fix it. Returns the diagnostics for further checks.
 */
export function expectRefused(r: CliRun, file: string): TextDiagnostic[] {
  expectNoCrash(r);
  expect(r.code, r.err).toBe(2);
  const ds = textDiagnostics(r.err);
  expect(ds.length, `no file:line:column diagnostic in:\n${r.err}`).toBeGreaterThan(0);
  for (const d of ds) {
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.fix, `no fix for: ${d.message}`).toBeTruthy();
  }
  return ds;
}

/** Keys of Object.prototype (and Array.prototype) now: compare after hostile runs to detect pollution. */
export function prototypeKeys(): string[] {
  return [
    ...Object.getOwnPropertyNames(Object.prototype).map((k) => `Object.${k}`),
    ...Object.getOwnPropertyNames(Array.prototype).map((k) => `Array.${k}`),
  ].sort();
}
