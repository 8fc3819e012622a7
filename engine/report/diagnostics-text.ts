/** Text formatting of diagnostics for people: `file:line:column: severity [rule] message`, then the fix. */
import type { Diagnostic } from "../model/diagnostic.js";

export function formatDiagnosticText(d: Diagnostic): string {
  const ref = d.objectRef?.kind
    ? ` (${[d.objectRef.kind, d.objectRef.namespace, d.objectRef.name].filter(Boolean).join("/")})`
    : "";
  let s = `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.ruleId}] ${d.message}${ref}`;
  if (d.fix) s += `\n    fix: ${d.fix}`;
  if (d.upstream) s += `\n    see: ${d.upstream}`;
  return s;
}

export function formatDiagnosticsText(ds: readonly Diagnostic[]): string {
  return ds.map(formatDiagnosticText).join("\n") + (ds.length ? "\n" : "");
}
