/** JSON formatting of diagnostics: an array of Diagnostic objects, stable key order, newline-terminated. */
import type { Diagnostic } from "../model/diagnostic.js";

const KEY_ORDER: readonly (keyof Diagnostic)[] = [
  "ruleId",
  "messageId",
  "severity",
  "message",
  "objectRef",
  "instancePath",
  "file",
  "line",
  "column",
  "upstream",
  "fix",
];

/** Re-key a diagnostic in contract order, dropping undefined fields, so output is byte-stable. */
export function normalizeDiagnostic(d: Diagnostic): Diagnostic {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (d[k] !== undefined) out[k] = d[k];
  return out as unknown as Diagnostic;
}

export function formatDiagnosticsJson(ds: readonly Diagnostic[]): string {
  return `${JSON.stringify(ds.map(normalizeDiagnostic), null, 2)}\n`;
}
