/**
 * `kubespec validate` as a library: inputs (files, directories, stdin) are read and parsed file by
 * file (memory does not grow with the number of files), every document goes through the
 * Validator, and the result is the sorted diagnostics plus a summary.
 */
import type { InputFile } from "../io/inputs.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { loadText } from "./load.js";
import { type DocumentResult, type Summary, Validator, type ValidatorOptions } from "./validator.js";

export {
  IGNORE_ANNOTATION,
  objectRefOf,
  type PackChecker,
  type Summary,
  Validator,
  type ValidatorOptions,
} from "./validator.js";

export interface ValidationRun {
  diagnostics: Diagnostic[];
  results: DocumentResult[];
  summary: Summary;
  /** Files whose read failed. */
  unreadable: number;
}

function readError(name: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT"
      ? "no such file or directory"
      : code === "EACCES"
        ? "permission denied"
        : code === "EISDIR"
          ? "is a directory"
          : String((e as Error).message ?? e);
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

/**
 * Whether to record positions while parsing: when packs run, most workload files have findings,
 * so one listener parse beats parse + re-parse; big files (CRDs, generated bundles) rarely do.
 */
function eagerPositions(options: ValidatorOptions, text: string): boolean {
  return options.packs !== undefined && text.length < 256 * 1024;
}

/** Read, parse and validate one file with `v` (synchronous packs only); true when it could not be read. */
export function validateOneFile(v: Validator, f: InputFile, options: ValidatorOptions): boolean {
  let text: string;
  try {
    text = f.read();
  } catch (e) {
    v.addFile(f.name, [readError(f.name, e)]);
    return true;
  }
  const loaded = loadText(text, f.name, undefined, eagerPositions(options, text));
  v.addFile(f.name, loaded.diagnostics);
  for (const d of loaded.documents) {
    if (v.addDocument(d) instanceof Promise) throw new Error("asynchronous packs: use validateFilesAsync()");
  }
  return false;
}

/** Validate the given input files in order with one Validator. */
export function validateFiles(files: readonly InputFile[], options: ValidatorOptions): ValidationRun {
  const v = new Validator(options);
  let unreadable = 0;
  for (const f of files) if (validateOneFile(v, f, options)) unreadable++;
  const summary = v.finish();
  return { diagnostics: v.diagnostics, results: v.results, summary, unreadable };
}

/** validateFiles for an asynchronous PackChecker (`--engine reference`). */
export async function validateFilesAsync(
  files: readonly InputFile[],
  options: ValidatorOptions,
): Promise<ValidationRun> {
  const v = new Validator(options);
  let unreadable = 0;
  for (const f of files) {
    let text: string;
    try {
      text = f.read();
    } catch (e) {
      unreadable++;
      v.addFile(f.name, [readError(f.name, e)]);
      continue;
    }
    const loaded = loadText(text, f.name, undefined, eagerPositions(options, text));
    v.addFile(f.name, loaded.diagnostics);
    for (const d of loaded.documents) await v.addDocument(d);
  }
  const summary = await v.finishAsync();
  return { diagnostics: v.diagnostics, results: v.results, summary, unreadable };
}

/**
 * Validate file by file, handing each file's findings to `sink` as soon as the file is done and
 * keeping nothing per document: memory does not grow with the number of files. Custom resources
 * whose CRD comes later are reported at the end (sink called with file "").
 */
export function validateStream(
  files: Iterable<InputFile>,
  options: ValidatorOptions,
  sink: (diagnostics: Diagnostic[]) => void,
): Summary & { unreadable: number } {
  const v = new Validator({ ...options, retainResults: false });
  let unreadable = 0;
  for (const f of files) {
    if (validateOneFile(v, f, options)) unreadable++;
    sink(v.drain());
  }
  const summary = v.finish();
  sink(v.drain());
  return { ...summary, unreadable };
}
