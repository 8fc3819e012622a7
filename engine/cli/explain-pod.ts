/** `kubespec explain pod FILE [--terminal] [-o text|json] [--kubernetes-version 1.N]`. */
import { collectInputs, loadFile } from "../io/inputs.js";
import type { SourceDocument } from "../io/yaml.js";
import { explainPod as explain, type PodExplanation } from "../kubelet/explain.js";
import { type Diagnostic, DiagnosticError } from "../model/diagnostic.js";
import type { Pod } from "../model/k8s.js";
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from "../model/versions.js";
import { inputObjectErrors, subDocument } from "../validate/input-objects.js";
import { EXIT_OK, oneOf, parseCommandArgs, UsageError } from "./command.js";
import type { CliIO } from "./io.js";

function diag(file: string, message: string, fix: string, line = 1, column = 1): Diagnostic {
  return { ruleId: "explain-input", severity: "error", message, file, line, column, fix };
}

/** The first Pod of the file (a Pod, or a List holding one), as a document with positions. */
function readPodDocument(path: string, io: CliIO): SourceDocument {
  const { files, unreadable } = collectInputs([path], () => io.stdin());
  if (unreadable.length > 0) throw new DiagnosticError(unreadable);
  const f = files[0];
  if (!f) throw new DiagnosticError([diag(path, "no input file", "give a Pod manifest file")]);
  const r = loadFile(f);
  if (r.diagnostics.length > 0) throw new DiagnosticError(r.diagnostics);
  for (const d of r.documents) {
    const v = d.value as { kind?: unknown; items?: unknown[] } | null;
    if (v?.kind === "Pod") return d;
    if (v?.kind === "List" && Array.isArray(v.items)) {
      const i = v.items.findIndex((x) => (x as { kind?: unknown } | null)?.kind === "Pod");
      if (i >= 0) return subDocument(d, `/items/${i}`, v.items[i]);
    }
  }
  throw new DiagnosticError([diag(f.name, "no Pod in the file", "give a Pod (kubectl get pod NAME -o yaml)")]);
}

/**
 * The Pod, checked against the Kubernetes API schema first (as explain scheduling and the scenario
 * loader do): the kubelet's primitives assume a well-typed Pod, as the API server guarantees.
 */
function readPod(path: string, io: CliIO, version: string): Pod {
  const d = readPodDocument(path, io);
  const invalid = inputObjectErrors([d], version, "explain-input");
  if (invalid.length > 0) throw new DiagnosticError(invalid);
  const v = d.value as { metadata?: { name?: unknown }; spec?: { containers?: unknown } };
  if (typeof v.metadata?.name !== "string" || v.metadata.name === "") {
    const pos = d.positionOf("/metadata");
    throw new DiagnosticError([
      diag(d.file, "a Pod without metadata.name", "give the Pod a metadata.name", pos.line, pos.column),
    ]);
  }
  if (!v.spec || !Array.isArray(v.spec.containers)) {
    const pos = d.positionOf("/spec");
    throw new DiagnosticError([
      diag(
        d.file,
        "the Pod has no spec.containers",
        "give the Pod its spec (kubectl get pod NAME -o yaml)",
        pos.line,
        pos.column,
      ),
    ]);
  }
  return v as unknown as Pod;
}

/** The text form. */
export function formatPodExplanation(e: PodExplanation): string {
  const l: string[] = [];
  l.push(`Pod ${e.pod.namespace}/${e.pod.name} (Kubernetes ${e.kubernetesVersion})`);
  l.push(`Phase: ${e.phase}   [${e.phaseRule}]`, `  ${e.phaseWhy}`);
  l.push("Conditions:");
  for (const c of e.conditions)
    l.push(`  ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}${c.message ? `: ${c.message}` : ""}`);
  l.push("Actions:");
  if (e.actions.killPod) l.push("  kill the pod");
  if (e.actions.createSandbox) l.push("  create the pod sandbox");
  l.push(
    `  start: ${e.actions.start.join(", ") || "-"}`,
    `  kill:  ${e.actions.kill.join(", ") || "-"}`,
    `  keep:  ${e.actions.keep.join(", ") || "-"}`,
  );
  for (const a of e.actions.containers)
    l.push(
      `  ${a.container ? `${a.init ? "init " : ""}${a.container}` : "(pod)"}: ${a.action}   [${a.rule}${a.upstream ? ` — ${a.upstream}` : ""}]`,
      `      ${a.why}`,
    );
  l.push(`Rules: ${e.rules.join(", ")}`);
  if (e.simplifications.length > 0) {
    l.push("Simplifications:");
    for (const s of e.simplifications) l.push(`  ${s.rule}: ${s.simplification}`);
  }
  return `${l.join("\n")}\n`;
}

/** `kubespec explain pod`. */
export async function explainPod(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    output: { type: "string", short: "o" },
    terminal: { type: "boolean" },
    "kubernetes-version": { type: "string" },
  });
  const format = oneOf("output", values.output, ["text", "json"] as const, "text");
  const version = values["kubernetes-version"] ?? DEFAULT_VERSION;
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version))
    throw new UsageError(`--kubernetes-version must be one of ${SUPPORTED_VERSIONS.join(", ")} (got "${version}")`);
  if (positionals.length !== 1) throw new UsageError("give exactly one Pod FILE (or - for standard input)");
  const pod = readPod(positionals[0] as string, io, version);
  const e = explain(pod, { terminal: values.terminal === true, kubernetesVersion: version });
  if (format === "json") io.stdout(`${JSON.stringify(e, null, 2)}\n`);
  else io.stdout(formatPodExplanation(e));
  return EXIT_OK;
}
