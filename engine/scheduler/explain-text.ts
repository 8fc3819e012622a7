/** The readable table `kubespec explain scheduling -o text` prints. */
import type { ExplainResult } from "./explain.js";

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Format an explanation as text. */
export function formatExplainText(r: ExplainResult): string {
  const out: string[] = [];
  out.push(`Pod ${r.pod}  (profile ${r.profile}, Kubernetes ${r.kubernetesVersion})`);
  const narrowing = r.preFilter.filter((p) => p.nodeNames !== null || (p.code !== "Success" && p.code !== "Skip"));
  for (const p of narrowing) {
    const what = p.nodeNames ? `narrowed the nodes to ${p.nodeNames.join(", ")}` : `${p.code}: ${p.reasons.join(", ")}`;
    out.push(`PreFilter ${p.plugin} ${what}`);
  }
  out.push("");
  out.push("Filters (every enabled filter on every node):");
  const rows: string[][] = [["NODE", "FEASIBLE", "FILTER RESULTS"]];
  for (const n of r.nodes) {
    const failed = n.filters.filter((f) => f.code !== "Success" && f.code !== "Skip");
    const text =
      failed.length === 0
        ? "all passed"
        : failed
            .map((f) => `${f.plugin} ${f.code}: ${f.reasons.join("; ")}${f.detail ? ` [${f.detail}]` : ""}`)
            .join(" | ");
    rows.push([
      n.name,
      n.feasible ? "yes" : "no",
      n.excludedByPreFilter ? `not in the PreFilter node set | ${text}` : text,
    ]);
  }
  out.push(table(rows));
  const feasible = r.nodes.filter((n) => n.feasible);
  if (feasible.length > 0) {
    out.push("");
    out.push("Scores (normalized × weight = weighted; raw in parentheses; '-' = skipped at PreScore):");
    const plugins = feasible[0]!.scores.map((s) => s.plugin);
    const srows: string[][] = [["NODE", ...plugins, "TOTAL"]];
    for (const n of feasible) {
      srows.push([
        n.name,
        ...n.scores.map((s) => (s.skipped ? "-" : `${s.normalized}×${s.weight}=${s.weighted} (${s.raw})`)),
        String(n.total),
      ]);
    }
    out.push(table(srows));
  }
  out.push("");
  if (r.selected) {
    const tie = r.argmax.length > 1 ? ` (tie among ${r.argmax.join(", ")})` : "";
    out.push(`Selected: ${r.selected}${tie}`);
  } else {
    out.push(`Unschedulable: ${r.message ?? ""}`);
  }
  for (const note of r.notes) out.push(`Note: ${note}`);
  return `${out.join("\n")}\n`;
}
