/** `-o json`: `{"diagnostics": [Diagnostic...], "summary": {...}}`, stable key order, newline-terminated. */
import type { Diagnostic } from "../model/diagnostic.js";
import { normalizeDiagnostic } from "./diagnostics-json.js";
import type { ValidateSummary } from "./validate-summary.js";

export function formatValidateJson(ds: readonly Diagnostic[], summary: ValidateSummary): string {
  const s = {
    files: summary.files,
    resources: summary.resources,
    valid: summary.valid,
    invalid: summary.invalid,
    errors: summary.errors,
    skipped: summary.skipped,
    findings: { error: summary.findings.error, warning: summary.findings.warning, info: summary.findings.info },
  };
  return `${JSON.stringify({ diagnostics: ds.map(normalizeDiagnostic), summary: s }, null, 2)}\n`;
}
