/**
 * The one finding shape every command reports (validate, policy, rule loading, scenario loading).
 * Pinned by ../shared/contracts/diagnostic.schema.json: fields may be added, never renamed or dropped.
 */
export type Severity = "error" | "warning" | "info";

/** Severity order, highest first; used for `--fail-on` and sorting. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

export interface Diagnostic {
  ruleId: string;
  messageId?: string;
  severity: Severity;
  message: string;
  objectRef?: ObjectRef;
  /** JSON Pointer into the document; "" for the whole document. */
  instancePath?: string;
  /** As given on the command line; "-" for standard input. */
  file: string;
  line: number;
  column: number;
  upstream?: string;
  fix?: string;
}

/** A source position, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** Sort diagnostics deterministically: file, line, column, ruleId, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** An error that carries diagnostics; thrown by loaders, caught by the CLI, never shown as a stack trace. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join("\n"));
    this.name = "DiagnosticError";
    this.diagnostics = diagnostics;
  }
}

/**
 * `s` cut to at most `max` characters plus "…" (never inside a surrogate pair): input values copied
 * into messages and object references stay bounded, so a 200 kB name does not double a report.
 */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s.charAt(max - 1)) ? max - 1 : max;
  return `${s.slice(0, end)}…`;
}

function ownString(o: unknown, key: string): string | undefined {
  if (o === null || typeof o !== "object" || Array.isArray(o) || !Object.hasOwn(o, key)) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}

/**
 * apiVersion/kind/namespace/name of a document (own string fields only; generateName when there is no
 * name), each clipped beyond the longest valid name (253) so an absurd value is not copied into every finding.
 */
export function objectRefOf(value: unknown): ObjectRef {
  const meta =
    value !== null && typeof value === "object" && Object.hasOwn(value, "metadata")
      ? (value as Record<string, unknown>).metadata
      : undefined;
  const ref: ObjectRef = {};
  const apiVersion = ownString(value, "apiVersion");
  const kind = ownString(value, "kind");
  const namespace = ownString(meta, "namespace");
  const name = ownString(meta, "name") ?? ownString(meta, "generateName");
  if (apiVersion !== undefined) ref.apiVersion = clipText(apiVersion, 253);
  if (kind !== undefined) ref.kind = clipText(kind, 253);
  if (namespace !== undefined) ref.namespace = clipText(namespace, 253);
  if (name !== undefined) ref.name = clipText(name, 253);
  return ref;
}
