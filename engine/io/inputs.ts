/**
 * Input discovery: files, directories (recursive, .yaml/.yml/.json, sorted for determinism) and
 * "-" for standard input. Reading is lazy and per file so large trees stream in constant memory.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../model/diagnostic.js";
import { DEFAULT_LIMITS, type ParseLimits, type ParseResult, parseStream } from "./yaml.js";

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** Thrown by a reader when a file is not valid UTF-8 (YAML and JSON are UTF-8; Kubernetes' decoders refuse the rest). */
export class InvalidUtf8Error extends Error {
  readonly code = "EILSEQ";
  constructor(
    readonly line: number,
    readonly column: number,
    readonly byte: number,
  ) {
    super(
      `not valid UTF-8 at line ${line}, column ${column} (byte 0x${byte.toString(16).padStart(2, "0")}): save it as UTF-8; Kubernetes' decoders refuse other encodings`,
    );
    this.name = "InvalidUtf8Error";
  }
}

const STRICT_UTF8 = { fatal: true, ignoreBOM: true } as const;

/** Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629 well-formed table). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < n; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += n;
  }
  return bytes.length;
}

/** Decode bytes as strict UTF-8; invalid bytes throw InvalidUtf8Error with their line and column (for files and stdin). */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", STRICT_UTF8).decode(bytes);
  } catch {
    const at = Math.min(firstInvalidByte(bytes), bytes.length - 1);
    const before = bytes.subarray(0, at);
    const nl = before.lastIndexOf(10);
    const line = before.reduce((n, b) => (b === 10 ? n + 1 : n), 1);
    const column = new TextDecoder("utf-8").decode(before.subarray(nl + 1)).length + 1;
    throw new InvalidUtf8Error(line, column, bytes[at] ?? 0);
  }
}

/** Read a file as strict UTF-8 (see decodeUtf8). */
export function readUtf8File(path: string): string {
  return decodeUtf8(readFileSync(path));
}

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

function unreadableDiag(name: string, why: string, e?: unknown): Diagnostic {
  if (e instanceof InvalidUtf8Error) {
    return {
      ruleId: "input-unreadable",
      messageId: "not-utf8",
      severity: "error",
      message: `cannot read ${name}: ${why}`,
      file: name,
      line: e.line,
      column: e.column,
      fix: "save the file as UTF-8 (or pass only YAML/JSON text files)",
    };
  }
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
  if (e instanceof InvalidUtf8Error) return e.message;
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
      out.push({ name: p, read: () => readUtf8File(p) });
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
    else files.push({ name: p, read: () => readUtf8File(p) });
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
    const d = unreadableDiag(file.name, errText(e), e);
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
