/**
 * The scenario loader's check of the sim.kubespec.io/run annotation (engine/kubelet/scripted-run.ts)
 * on bare Pods and on workload pod templates: a malformed value is refused at its line:column.
 */
import type { SourceDocument } from "../io/yaml.js";
import { parseRunAnnotation, RUN_ANNOTATION } from "../kubelet/scripted-run.js";
import type { Diagnostic } from "../model/diagnostic.js";

/** Where each kind keeps its pod template (pointer to the template object). */
const TEMPLATE: Readonly<Record<string, string>> = {
  Pod: "",
  Job: "/spec/template",
  CronJob: "/spec/jobTemplate/spec/template",
  Deployment: "/spec/template",
  ReplicaSet: "/spec/template",
  ReplicationController: "/spec/template",
  StatefulSet: "/spec/template",
  DaemonSet: "/spec/template",
};

const FIX =
  'write NAME=DURATION:CODE[,NAME=DURATION:CODE...] naming containers of the pod, e.g. "app=30s:0" (DURATION a positive Go duration, CODE 0-255)';

function walk(value: unknown, pointer: string): unknown {
  let v = value;
  for (const part of pointer.split("/").slice(1)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Diagnostics for every malformed sim.kubespec.io/run annotation among the scenario's objects. */
export function scriptedRunErrors(docs: readonly SourceDocument[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    const kind = (doc.value as { kind?: unknown } | null)?.kind;
    const base = typeof kind === "string" ? TEMPLATE[kind] : undefined;
    if (base === undefined) continue;
    const template = walk(doc.value, base) as
      | { metadata?: { annotations?: Record<string, unknown> }; spec?: Record<string, unknown> }
      | undefined;
    const value = template?.metadata?.annotations?.[RUN_ANNOTATION];
    if (value === undefined) continue;
    const pointer = `${base}/metadata/annotations/${RUN_ANNOTATION.replace("/", "~1")}`;
    const names = ["initContainers", "containers"].flatMap((f) => {
      const list = template?.spec?.[f];
      return Array.isArray(list) ? list.map((c) => String((c as { name?: unknown } | null)?.name)) : [];
    });
    const errors =
      typeof value === "string" ? parseRunAnnotation(value, names).errors : ["the annotation must be a string"];
    if (errors.length === 0) continue;
    const pos = doc.positionOf(pointer);
    out.push({
      ruleId: "simulation/scripted-exit",
      severity: "error",
      message: `${RUN_ANNOTATION}: ${errors.join("; ")}`,
      file: doc.file,
      line: pos.line,
      column: pos.column,
      instancePath: doc.basePointer + pointer,
      fix: FIX,
    });
  }
  return out;
}
