/** `-o text`: findings grouped by file (sorted), then a summary line. For people. */
import type { Diagnostic } from "../model/diagnostic.js";
import { formatDiagnosticText } from "./diagnostics-text.js";
import { summaryLine, type ValidateSummary } from "./validate-summary.js";

/** Render diagnostics (already sorted by file, line, column) grouped under a header per file. */
export function formatValidateText(ds: readonly Diagnostic[], summary: ValidateSummary): string {
  return `${formatTextGroups(ds)}${summaryLine(summary)}\n`;
}

/**
 * The file groups alone, each followed by a blank line: streaming output prints one chunk per
 * file and then the summary line, byte-identical to formatValidateText on the same findings.
 */
export function formatTextGroups(ds: readonly Diagnostic[]): string {
  let out = "";
  let current: string | undefined;
  for (const d of ds) {
    if (d.file !== current) {
      if (current !== undefined) out += "\n";
      current = d.file;
      out += `${d.file}\n`;
    }
    out += `  ${formatDiagnosticText(d).replace(/\n/g, "\n  ")}\n`;
  }
  if (ds.length) out += "\n";
  return out;
}
