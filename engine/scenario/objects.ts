/**
 * Checks of the Kubernetes objects a scenario holds (spec.nodes, spec.objects, and the manifests of
 * `files:`) before the kubelet, scheduler and controllers see them: the Kubernetes API schema (the
 * validator of engine/validate, as explain scheduling and explain pod use it), that every Pod has
 * containers, and a bound on how many pods the workloads may create.
 */
import type { SourceDocument } from "../io/yaml.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { inputObjectErrors } from "../validate/input-objects.js";

const RULE = "scenario";

/**
 * The most pods a scenario's workloads may ask for in total (replicas of Deployments, ReplicaSets,
 * StatefulSets, ReplicationControllers; completions, or else parallelism, of Jobs; DaemonSets count
 * one pod per node). kubespec simulates every pod with its own timeline: above this a run would not
 * finish in reasonable time, so the scenario is refused instead of hanging.
 */
export const MAX_SCENARIO_PODS = 20_000;

function diag(d: SourceDocument, pointer: string, message: string, fix: string): Diagnostic {
  const pos = d.positionOf(pointer);
  return {
    ruleId: RULE,
    severity: "error",
    message,
    file: d.file,
    line: pos.line,
    column: pos.column,
    instancePath: d.basePointer + pointer,
    fix,
  };
}

/**
 * Schema errors of the scenario's objects (positions inside the scenario file, or inside the
 * `files:` manifest an object came from), and Pods without spec.containers. A node given without
 * apiVersion/kind is checked as a v1 Node.
 */
export function objectErrors(
  nodes: readonly SourceDocument[],
  objects: readonly SourceDocument[],
  version: string,
): Diagnostic[] {
  const asNodes = nodes.map((d) => {
    const v = d.value;
    if (!v || typeof v !== "object" || Array.isArray(v)) return d;
    return { ...d, value: { apiVersion: "v1", kind: "Node", ...(v as Record<string, unknown>) } };
  });
  const out = inputObjectErrors([...asNodes, ...objects], version, RULE);
  if (out.length > 0) return out;
  for (const d of objects) {
    const o = d.value as { kind?: unknown; spec?: { containers?: unknown } } | null;
    if (o?.kind === "Pod" && !Array.isArray(o.spec?.containers))
      out.push(diag(d, o.spec ? "/spec" : "", "the Pod has no spec.containers", "give the Pod a spec with containers"));
  }
  return out;
}

function count(v: unknown, dflt: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : dflt;
}

/**
 * Refuses workloads that would create more than {@link MAX_SCENARIO_PODS} pods in total, at the
 * field that asks for them.
 */
export function workloadSizeErrors(objects: readonly SourceDocument[], nodeCount: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  let total = 0;
  for (const d of objects) {
    const o = d.value as { kind?: unknown; spec?: Record<string, unknown> } | null;
    const spec = o?.spec;
    let n = 0;
    let field = "";
    switch (o?.kind) {
      case "Pod":
        n = 1;
        break;
      case "Deployment":
      case "ReplicaSet":
      case "StatefulSet":
      case "ReplicationController":
        n = count(spec?.replicas, 1);
        field = "/spec/replicas";
        break;
      case "Job":
        n = Math.max(count(spec?.completions, 1), count(spec?.parallelism, 1));
        field = count(spec?.completions, 1) >= count(spec?.parallelism, 1) ? "/spec/completions" : "/spec/parallelism";
        break;
      case "CronJob": {
        const js = (spec?.jobTemplate as { spec?: Record<string, unknown> } | undefined)?.spec;
        n = Math.max(count(js?.completions, 1), count(js?.parallelism, 1));
        field =
          count(js?.completions, 1) >= count(js?.parallelism, 1)
            ? "/spec/jobTemplate/spec/completions"
            : "/spec/jobTemplate/spec/parallelism";
        break;
      }
      case "DaemonSet":
        n = nodeCount;
        break;
      default:
        continue;
    }
    total += n;
    if (n > MAX_SCENARIO_PODS) {
      out.push(
        diag(
          d,
          field,
          `${String(o?.kind)} asks for ${n} pods; kubespec simulates at most ${MAX_SCENARIO_PODS} pods per scenario`,
          `lower ${field.slice(1).replace(/\//g, ".")} to at most ${MAX_SCENARIO_PODS} (the shape of a rollout shows with a few replicas)`,
        ),
      );
    }
  }
  if (out.length === 0 && total > MAX_SCENARIO_PODS) {
    const first = objects[0];
    if (first)
      out.push(
        diag(
          first,
          "",
          `the scenario's workloads ask for ${total} pods in total; kubespec simulates at most ${MAX_SCENARIO_PODS} pods per scenario`,
          "lower replicas, completions or parallelism (the shape of a rollout shows with a few replicas)",
        ),
      );
  }
  return out;
}
