/**
 * `-o github`: GitHub Actions workflow commands, one per finding
 * (`::error file=F,line=L,col=C,title=T::message`), then the summary as a notice.
 * Escaping follows the Actions toolkit (@actions/core command.ts escapeData / escapeProperty).
 */
import type { Diagnostic } from "../model/diagnostic.js";
import { summaryLine, type ValidateSummary } from "./validate-summary.js";

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND: Readonly<Record<Diagnostic["severity"], string>> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

export function formatValidateGithub(ds: readonly Diagnostic[], summary: ValidateSummary): string {
  return `${formatGithubAnnotations(ds)}${formatGithubSummary(summary)}`;
}

/** The summary notice that ends the github output. */
export function formatGithubSummary(summary: ValidateSummary): string {
  return `::notice title=kubespec validate::${escapeData(summaryLine(summary))}\n`;
}

/** One workflow command per finding (streamable: chunks concatenate to formatValidateGithub's body). */
export function formatGithubAnnotations(ds: readonly Diagnostic[]): string {
  let out = "";
  for (const d of ds) {
    const props = `file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(`kubespec ${d.ruleId}`)}`;
    const ref = d.objectRef?.kind
      ? ` (${[d.objectRef.kind, d.objectRef.namespace, d.objectRef.name].filter(Boolean).join("/")})`
      : "";
    const fix = d.fix ? `\nfix: ${d.fix}` : "";
    out += `::${COMMAND[d.severity]} ${props}::${escapeData(`${d.message}${ref}${fix}`)}\n`;
  }
  return out;
}
