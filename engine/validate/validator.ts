/**
 * The validation of a stream of documents: built-in kinds against the bundled API schema of the
 * selected version, custom resources against their CRD, then the rule packs; suppression by
 * annotation and --skip; a per-document status for the summary. Custom resources whose CRD has
 * not been seen yet are deferred to `finish()`, so a CRD later in the input still applies.
 */
import type { SourceDocument } from "../io/yaml.js";
import { compareDiagnostics, type Diagnostic, type ObjectRef, objectRefOf } from "../model/diagnostic.js";

export { objectRefOf };

import { CrdRegistry } from "./crd.js";
import { apiVersionsOf, type CompactSchema, definitionFor, loadCompactSchema } from "./k8s-schema.js";
import { detachDocument } from "./load.js";
import { builtinValidator, schemaDiagnostics } from "./schema.js";

/** The annotation listing rule ids (or rule-id prefixes such as `schema` or a pack name) to ignore on an object. */
export const IGNORE_ANNOTATION = "kubespec.io/ignore";

/** What the packs helper's engine/validate/packs/index.ts provides (called through this seam). */
export interface PackChecker {
  /** Findings of one document; a promise only for `--engine reference` (json-rules-engine is asynchronous). */
  check(doc: SourceDocument): Diagnostic[] | Promise<Diagnostic[]>;
}

export interface ValidatorOptions {
  kubernetesVersion: string;
  /** Unknown fields are errors (default true). */
  strict: boolean;
  /** Run schema validation (default true). */
  schema: boolean;
  packs?: PackChecker;
  /** Rule ids (or prefixes before "/") never reported. */
  skip?: readonly string[];
  /** CRD objects given with --crd. */
  crds?: readonly unknown[];
  /** Keep a DocumentResult per document (default true); false for streaming very large inputs. */
  retainResults?: boolean;
}

export type DocumentStatus = "valid" | "invalid" | "error" | "skipped";

export interface DocumentResult {
  file: string;
  /** Index of the document in its stream; -1 for a file-level problem (unparseable, unreadable). */
  index: number;
  objectRef: ObjectRef;
  status: DocumentStatus;
  /** The findings reported for this document (after suppression). */
  diagnostics: readonly Diagnostic[];
}

export interface Summary {
  files: number;
  resources: number;
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
  findings: { error: number; warning: number; info: number };
}

/** Rules that say a document could not be processed at all (counted as "errors", not "invalid"). */
const ERROR_RULES = new Set([
  "yaml-parse",
  "input-unreadable",
  "document/not-an-object",
  "document/missing-kind",
  "schema/crd-invalid",
]);

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function matches(ruleId: string, patterns: readonly string[]): boolean {
  for (const p of patterns) if (ruleId === p || ruleId.startsWith(`${p}/`)) return true;
  return false;
}

function ignoredBy(value: unknown): string[] {
  if (!isObj(value) || !isObj(value.metadata) || !isObj(value.metadata.annotations)) return [];
  const a = value.metadata.annotations[IGNORE_ANNOTATION];
  return typeof a === "string"
    ? a
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** The correctness pack's rule for removed API versions (it supersedes schema/unknown-kind). */
const REMOVED_API_RULE = "correctness/removed-api-version";

/** Built-in groups whose every version has been removed (so no bundled schema names them). */
const REMOVED_GROUPS = new Set(["extensions", "settings.k8s.io", "auditregistration.k8s.io"]);

/** Groups served by the API server itself: an unknown kind there is an error, not a skipped custom resource. */
function isBuiltinGroup(schema: CompactSchema, apiVersion: string): boolean {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  if (group === "" || REMOVED_GROUPS.has(group)) return true;
  return Object.keys(schema.kinds).some((v) => v.startsWith(`${group}/`));
}

/** Whether a document is a CustomResourceDefinition the Validator registers (its kinds become known). */
export function isCrdObject(value: unknown): boolean {
  if (!isObj(value)) return false;
  const ref = objectRefOf(value);
  return ref.apiVersion?.startsWith("apiextensions.k8s.io/") === true && ref.kind === "CustomResourceDefinition";
}

/** Streams documents through schema, CRD and pack checks; collects diagnostics and statuses. */
export class Validator {
  /** Findings so far (sorted by finish(); drain() hands them out and forgets them, for streaming). */
  diagnostics: Diagnostic[] = [];
  readonly results: DocumentResult[] = [];
  private readonly files = new Set<string>();
  private readonly schema: CompactSchema;
  private readonly crds = new CrdRegistry();
  private deferred: SourceDocument[] = [];
  private readonly counts: Summary = {
    files: 0,
    resources: 0,
    valid: 0,
    invalid: 0,
    errors: 0,
    skipped: 0,
    findings: { error: 0, warning: 0, info: 0 },
  };

  constructor(readonly options: ValidatorOptions) {
    this.schema = loadCompactSchema(options.kubernetesVersion);
    for (const c of options.crds ?? []) this.crds.add(c);
  }

  /** Record that a file was read (for the summary), and its file-level diagnostics (parse errors). */
  addFile(file: string, diagnostics: readonly Diagnostic[]): void {
    if (!this.files.has(file)) {
      this.files.add(file);
      this.counts.files++;
    }
    for (const d of diagnostics) {
      this.diagnostics.push(d);
      this.counts.findings[d.severity]++;
      this.counts.errors++;
      if (this.options.retainResults !== false) {
        this.results.push({ file: d.file, index: -1, objectRef: {}, status: "error", diagnostics: [d] });
      }
    }
  }

  /**
   * Take over one file's outcome computed by another Validator with the same options (a worker
   * thread), as if addFile and addDocument had run here: the CRDs it defines (registered in
   * order, as addDocument does), its findings, results and counts.
   */
  absorb(
    file: string,
    crds: readonly unknown[],
    diagnostics: readonly Diagnostic[],
    results: readonly DocumentResult[],
    delta: Summary,
  ): void {
    for (const c of crds) this.crds.add(c);
    if (!this.files.has(file)) {
      this.files.add(file);
      this.counts.files++;
    }
    for (const d of diagnostics) this.diagnostics.push(d);
    const c = this.counts;
    c.resources += delta.resources;
    c.valid += delta.valid;
    c.invalid += delta.invalid;
    c.errors += delta.errors;
    c.skipped += delta.skipped;
    c.findings.error += delta.findings.error;
    c.findings.warning += delta.findings.warning;
    c.findings.info += delta.findings.info;
    if (this.options.retainResults !== false) for (const r of results) this.results.push(r);
  }

  /** Validate one document (or defer it until its CRD may have been seen); a promise only with an asynchronous PackChecker. */
  addDocument(doc: SourceDocument): void | Promise<void> {
    const v = doc.value;
    const ref = objectRefOf(v);
    if (isObj(v) && ref.apiVersion?.startsWith("apiextensions.k8s.io/") && ref.kind === "CustomResourceDefinition") {
      this.crds.add(v, doc.source?.());
    }
    if (
      isObj(v) &&
      ref.apiVersion &&
      ref.kind &&
      !definitionFor(this.schema, ref.apiVersion, ref.kind) &&
      !isBuiltinGroup(this.schema, ref.apiVersion) &&
      !this.crds.find(ref.apiVersion, ref.kind)
    ) {
      this.deferred.push(detachDocument(doc));
      return;
    }
    return this.check(doc, ref);
  }

  /** Hand out the findings collected so far and forget them (streaming: memory stays flat). */
  drain(): Diagnostic[] {
    const out = this.diagnostics.sort(compareDiagnostics);
    this.diagnostics = [];
    return out;
  }

  /** Validate deferred custom resources, sort the findings, and return the summary. */
  finish(): Summary {
    const deferred = this.deferred;
    this.deferred = [];
    for (const d of deferred) {
      if (this.check(d, objectRefOf(d.value)) instanceof Promise)
        throw new Error("asynchronous packs: use finishAsync()");
    }
    this.diagnostics.sort(compareDiagnostics);
    return this.summary();
  }

  /** finish() for an asynchronous PackChecker. */
  async finishAsync(): Promise<Summary> {
    const deferred = this.deferred;
    this.deferred = [];
    for (const d of deferred) await this.check(d, objectRefOf(d.value));
    this.diagnostics.sort(compareDiagnostics);
    return this.summary();
  }

  summary(): Summary {
    return { ...this.counts, findings: { ...this.counts.findings } };
  }

  private report(doc: SourceDocument, ref: ObjectRef, found: Diagnostic[], skippedKind = false): void {
    const ignore = [...(this.options.skip ?? []), ...ignoredBy(doc.value)];
    const kept = ignore.length ? found.filter((d) => !matches(d.ruleId, ignore)) : found;
    let status: DocumentStatus = skippedKind ? "skipped" : "valid";
    for (const d of kept) {
      this.diagnostics.push(d);
      this.counts.findings[d.severity]++;
      if (d.severity === "error" && status !== "error") status = ERROR_RULES.has(d.ruleId) ? "error" : "invalid";
    }
    this.counts.resources++;
    if (status === "valid") this.counts.valid++;
    else if (status === "invalid") this.counts.invalid++;
    else if (status === "error") this.counts.errors++;
    else this.counts.skipped++;
    if (this.options.retainResults !== false) {
      this.results.push({ file: doc.file, index: doc.index, objectRef: ref, status, diagnostics: kept });
    }
  }

  private docDiag(
    doc: SourceDocument,
    ref: ObjectRef,
    ruleId: string,
    message: string,
    fix: string,
    pointer = "",
  ): Diagnostic {
    const pos = pointer ? doc.keyPositionOf(pointer) : doc.positionOf("");
    return {
      ruleId,
      messageId: ruleId.slice(ruleId.indexOf("/") + 1),
      severity: "error",
      message,
      objectRef: ref,
      instancePath: pointer,
      file: doc.file,
      line: pos.line,
      column: pos.column,
      fix,
    };
  }

  private check(doc: SourceDocument, ref: ObjectRef): void | Promise<void> {
    const v = doc.value;
    if (!isObj(v)) {
      const d = this.docDiag(
        doc,
        ref,
        "document/not-an-object",
        "document is not a Kubernetes object (a mapping with apiVersion and kind)",
        "remove the document or make it a Kubernetes object",
      );
      this.report(doc, ref, [d]);
      return;
    }
    if (!ref.apiVersion || !ref.kind) {
      const what =
        !ref.kind && !ref.apiVersion ? "'apiVersion' and 'kind' keys" : !ref.kind ? "'kind' key" : "'apiVersion' key";
      const d = this.docDiag(
        doc,
        ref,
        "document/missing-kind",
        `missing ${what}`,
        "every Kubernetes object needs a string apiVersion (e.g. apps/v1) and kind (e.g. Deployment)",
      );
      this.report(doc, ref, [d]);
      return;
    }
    const apiVersion = ref.apiVersion!;
    const kind = ref.kind!;
    const found: Diagnostic[] = [];
    const def = definitionFor(this.schema, apiVersion, kind);
    let skippedKind = false;
    if (def) {
      if (this.options.schema)
        found.push(
          ...schemaDiagnostics(builtinValidator(this.schema, def, this.options.strict), doc, ref, this.options.strict),
        );
      const bad = found.find((d) => d.severity === "error" && d.instancePath?.includes("/openAPIV3Schema"));
      if (bad && isCrdObject(v)) this.crds.markBroken(v, `${bad.file}:${bad.line}:${bad.column}`, doc.source?.());
    } else if (this.crds.find(apiVersion, kind)?.broken !== undefined) {
      const crd = this.crds.find(apiVersion, kind)!;
      found.push(
        this.docDiag(
          doc,
          ref,
          "schema/crd-invalid",
          `cannot validate ${kind}: the openAPIV3Schema of CustomResourceDefinition ${crd.crdName} is malformed (${crd.broken})`,
          "fix the CustomResourceDefinition's schema first",
          "/kind",
        ),
      );
    } else if (this.crds.find(apiVersion, kind)) {
      const validate = this.crds.validator(apiVersion, kind, this.options.strict);
      if (validate && this.options.schema) found.push(...schemaDiagnostics(validate, doc, ref, this.options.strict));
    } else if (isBuiltinGroup(this.schema, apiVersion)) {
      const served = apiVersionsOf(this.schema, kind);
      found.push(
        this.docDiag(
          doc,
          ref,
          "schema/unknown-kind",
          `Kubernetes ${this.options.kubernetesVersion} does not serve ${kind} in ${apiVersion}${served.length ? `; it is served as ${served.join(", ")}` : ""}`,
          served.length
            ? `change apiVersion to ${served.at(-1)}`
            : "check apiVersion and kind (or --kubernetes-version)",
          "/apiVersion",
        ),
      );
    } else {
      skippedKind = true;
      const pos = doc.positionOf("/kind");
      found.push({
        ruleId: "schema/skipped",
        messageId: "no-schema",
        severity: "info",
        message: `skipped: no schema for ${apiVersion} ${kind}; pass its CustomResourceDefinition with --crd FILE or in the input`,
        objectRef: ref,
        instancePath: "/kind",
        file: doc.file,
        line: pos.line,
        column: pos.column,
      });
    }
    if (this.options.packs && !skippedKind) {
      const withPacks = (fromPacks: Diagnostic[]): void => {
        // The correctness pack names the replacement of a removed API version: say it once.
        const removed = fromPacks.some((d) => d.ruleId === REMOVED_API_RULE);
        const kept = removed ? found.filter((d) => d.ruleId !== "schema/unknown-kind") : found;
        this.report(doc, ref, [...kept, ...fromPacks], skippedKind);
      };
      const fromPacks = this.options.packs.check(doc);
      return Array.isArray(fromPacks) ? withPacks(fromPacks) : fromPacks.then(withPacks);
    }
    this.report(doc, ref, found, skippedKind);
  }
}
