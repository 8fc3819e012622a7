/**
 * `-o junit`: one <testsuite> per file, one <testcase> per resource (named Kind/namespace/name,
 * classname = file) with a <failure> per error finding and the other findings in <system-out>;
 * a document or file that could not be processed gets an <error>, a skipped kind <skipped>.
 * Deterministic: no timestamps or durations.
 */
import type { Diagnostic, ObjectRef } from "../model/diagnostic.js";

/** One validated document (or unprocessable file, index -1) with its findings. */
export interface JunitResource {
  file: string;
  index: number;
  objectRef: ObjectRef;
  status: "valid" | "invalid" | "error" | "skipped";
  diagnostics: readonly Diagnostic[];
}

function xml(s: string): string {
  return (
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

function line(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.ruleId}] ${d.message}${d.fix ? ` (fix: ${d.fix})` : ""}`;
}

function caseName(r: JunitResource): string {
  const ref = r.objectRef;
  if (r.index < 0) return `${r.file}:${r.diagnostics[0]?.line ?? 1}`;
  const parts = [ref.kind, ref.namespace, ref.name].filter(Boolean);
  return parts.length ? `${parts.join("/")} (document ${r.index + 1})` : `document ${r.index + 1}`;
}

export function formatValidateJunit(resources: readonly JunitResource[]): string {
  const byFile = new Map<string, JunitResource[]>();
  for (const r of resources) {
    const list = byFile.get(r.file) ?? [];
    list.push(r);
    byFile.set(r.file, list);
  }
  let body = "";
  const total = { failures: 0, errors: 0, skipped: 0 };
  for (const file of [...byFile.keys()].sort()) {
    const rs = byFile.get(file)!;
    let failures = 0;
    let errors = 0;
    let skipped = 0;
    const cases = rs.map((r) => {
      let inner = "";
      if (r.status === "skipped") {
        skipped++;
        inner += `<skipped message="${xml(r.diagnostics[0]?.message ?? "no schema for this kind")}"/>`;
      }
      for (const d of r.diagnostics) {
        if (d.severity !== "error") continue;
        const tag = r.status === "error" ? "error" : "failure";
        if (tag === "error") errors++;
        else failures++;
        inner += `<${tag} type="${xml(d.ruleId)}" message="${xml(d.message)}">${xml(line(d))}</${tag}>`;
      }
      const notes = r.status === "skipped" ? [] : r.diagnostics.filter((d) => d.severity !== "error");
      if (notes.length) inner += `<system-out>${xml(notes.map(line).join("\n"))}</system-out>`;
      return `    <testcase classname="${xml(file)}" name="${xml(caseName(r))}">${inner}</testcase>`;
    });
    total.failures += failures;
    total.errors += errors;
    total.skipped += skipped;
    body += `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join("\n")}\n  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubespec validate" tests="${resources.length}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}">\n${body}</testsuites>\n`;
}
