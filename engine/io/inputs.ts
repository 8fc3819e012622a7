/**
 * Input discovery: files, directories (recursive, .yaml/.yml/.json, sorted for determinism) and
 * "-" for standard input. Reading is lazy and per file so large trees stream in constant memory.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../model/diagnostic.js";
import { DEFAULT_LIMITS, type ParseLimits, type ParseResult, parseStream } from "./yaml.js";

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** A file to read: its display name (as the user gave it, or joined under a directory) and a reader. */
export interface InputFile {
  name: string;
  read(): string;
}

export interface CollectedInputs {
  files: InputFile[];
  /** Paths that could not be read at all (missing, permission denied). */
  unreadable: Diagnostic[];
}

function unreadableDiag(name: string, why: string): Diagnostic {
  return {
    ruleId: "input-unreadable",
    severity: "error",
    message: `cannot read ${name}: ${why}`,
    file: name,
    line: 1,
    column: 1,
    fix: "check the path exists and is readable",
  };
}

function errText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return (e as Error).message ?? String(e);
}

function walk(dir: string, out: InputFile[], unreadable: Diagnostic[]): void {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    unreadable.push(unreadableDiag(dir, errText(e)));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const ent of entries) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (ent.name === "node_modules" || ent.name.startsWith(".")) continue;
      walk(p, out, unreadable);
    } else if (ent.isFile() && MANIFEST_EXT.test(ent.name)) {
      out.push({ name: p, read: () => readFileSync(p, "utf8") });
    }
  }
}

/** Expand command-line paths into input files. "-" is standard input (read once). */
export function collectInputs(
  paths: readonly string[],
  stdin: () => string = () => readFileSync(0, "utf8"),
): CollectedInputs {
  const files: InputFile[] = [];
  const unreadable: Diagnostic[] = [];
  for (const p of paths) {
    if (p === "-") {
      files.push({ name: "-", read: stdin });
      continue;
    }
    let st: import("node:fs").Stats;
    try {
      st = statSync(p);
    } catch (e) {
      unreadable.push(unreadableDiag(p, errText(e)));
      continue;
    }
    if (st.isDirectory()) walk(p, files, unreadable);
    else files.push({ name: p, read: () => readFileSync(p, "utf8") });
  }
  return { files, unreadable };
}

/** Read and parse one input file; a read failure becomes a diagnostic. */
export function loadFile(
  file: InputFile,
  limits: ParseLimits = DEFAULT_LIMITS,
): ParseResult & { readError?: Diagnostic } {
  let text: string;
  try {
    text = file.read();
  } catch (e) {
    const d = unreadableDiag(file.name, errText(e));
    return { documents: [], diagnostics: [d], readError: d };
  }
  return parseStream(text, file.name, limits);
}

/** Parse every document of every input, file by file (generator: memory does not grow with the number of files). */
export function* loadAll(
  files: readonly InputFile[],
  limits: ParseLimits = DEFAULT_LIMITS,
): Generator<ParseResult & { file: string }> {
  for (const f of files) yield { file: f.name, ...loadFile(f, limits) };
}
