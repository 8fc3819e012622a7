/**
 * The work a validation worker does on one file, as a pure handler (the worker thread and the
 * in-process test double both run it). A worker only takes files whose every document is a
 * built-in kind: their validation never reads the CRD registry, so doing it on another thread
 * gives exactly the findings, results and counts the main thread would. The CRDs among them are
 * sent back as values (cloning a parsed CRD costs a fraction of parsing it), for the main thread
 * to register in input order. Any other file (custom resources, unknown or removed kinds,
 * unreadable files) is handed back ("bounce") and validated on the main thread in input order.
 */
import { readUtf8File } from "../../io/inputs.js";
import type { Diagnostic } from "../../model/diagnostic.js";
import { definitionFor, loadCompactSchema } from "../k8s-schema.js";
import { loadText } from "../load.js";
import { checkDocument, loadPacks } from "../packs/index.js";
import { type DocumentResult, isCrdObject, objectRefOf, type Summary, Validator } from "../validator.js";

/** Everything a worker needs to rebuild the main thread's Validator (plain data). */
export interface WorkerSpec {
  kubernetesVersion: string;
  strict: boolean;
  schema: boolean;
  /** Pack names to run (loadPacks), or null for none. */
  packs: readonly string[] | null;
  skip: readonly string[];
  retainResults: boolean;
}

/** One file to validate: its position in the input and its path on disk. */
export interface FileJob {
  seq: number;
  name: string;
}

/** A worker's answer: the file's findings, results and counts, or "validate it yourself". */
export type FileOutcome =
  | { seq: number; bounce: true }
  | {
      seq: number;
      bounce: false;
      file: string;
      /** The CustomResourceDefinition objects of the file, in document order. */
      crds: unknown[];
      diagnostics: Diagnostic[];
      results: DocumentResult[];
      delta: Summary;
    };

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function difference(after: Summary, before: Summary): Summary {
  return {
    files: after.files - before.files,
    resources: after.resources - before.resources,
    valid: after.valid - before.valid,
    invalid: after.invalid - before.invalid,
    errors: after.errors - before.errors,
    skipped: after.skipped - before.skipped,
    findings: {
      error: after.findings.error - before.findings.error,
      warning: after.findings.warning - before.findings.warning,
      info: after.findings.info - before.findings.info,
    },
  };
}

/** A top-level `apiVersion:` line of a block-style document (a hint only: the parsed value decides). */
const TOP_API_VERSION = /^apiVersion:[ \t]*["']?([^\s"'#]+)/gm;

/**
 * Whether the text names, at the top level, an apiVersion the bundled schema does not serve: a
 * custom resource (or a removed API) that the main thread will validate anyway, so the worker
 * hands it back without parsing it first.
 */
function namesOtherApi(text: string, served: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(TOP_API_VERSION)) if (!served.has(m[1]!)) return true;
  return false;
}

/** Build the per-file handler of a worker (packs loaded and validators compiled once, then reused). */
export function fileHandler(spec: WorkerSpec): (job: FileJob) => FileOutcome {
  const packs = spec.packs ? loadPacks([...spec.packs], spec.kubernetesVersion) : undefined;
  const v = new Validator({
    kubernetesVersion: spec.kubernetesVersion,
    strict: spec.strict,
    schema: spec.schema,
    skip: spec.skip,
    retainResults: spec.retainResults,
    ...(packs ? { packs: { check: (doc) => checkDocument(packs, doc) } } : {}),
  });
  const schema = loadCompactSchema(spec.kubernetesVersion);
  const served = new Set(Object.keys(schema.kinds));
  return (job) => {
    let text: string;
    try {
      text = readUtf8File(job.name);
    } catch {
      return { seq: job.seq, bounce: true };
    }
    if (namesOtherApi(text, served)) return { seq: job.seq, bounce: true };
    const loaded = loadText(text, job.name, undefined, packs !== undefined && text.length < 256 * 1024);
    const crds: unknown[] = [];
    for (const d of loaded.documents) {
      if (!isObj(d.value)) continue;
      const ref = objectRefOf(d.value);
      if (!ref.apiVersion || !ref.kind) continue;
      if (!definitionFor(schema, ref.apiVersion, ref.kind)) return { seq: job.seq, bounce: true };
      if (isCrdObject(d.value)) crds.push(d.value);
    }
    const before = v.summary();
    v.addFile(job.name, loaded.diagnostics);
    for (const d of loaded.documents) v.addDocument(d);
    const delta = difference(v.summary(), before);
    const results = v.results.splice(0);
    return { seq: job.seq, bounce: false, file: job.name, crds, diagnostics: v.drain(), results, delta };
  };
}
