/** The summary of a validate run, shared by every output format. */

/** Counts of one `kubespec validate` run. */
export interface ValidateSummary {
  files: number;
  /** Documents that are Kubernetes objects (or tried to be). */
  resources: number;
  /** Documents without error findings. */
  valid: number;
  /** Documents with at least one error finding. */
  invalid: number;
  /** Documents (or files) that could not be processed: unparseable, unreadable, no apiVersion/kind. */
  errors: number;
  /** Documents of kinds with no schema (custom resources whose CRD was not given). */
  skipped: number;
  findings: { error: number; warning: number; info: number };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line: "3 resources in 2 files: 1 valid, 1 invalid, 0 errors, 1 skipped; findings: 2 errors, 1 warning, 0 info". */
export function summaryLine(s: ValidateSummary): string {
  return (
    `${plural(s.resources, "resource")} in ${plural(s.files, "file")}: ${s.valid} valid, ${s.invalid} invalid, ` +
    `${plural(s.errors, "error")}, ${s.skipped} skipped; findings: ${plural(s.findings.error, "error")}, ` +
    `${plural(s.findings.warning, "warning")}, ${s.findings.info} info`
  );
}
