/**
 * Node eligibility predicates the DaemonSet controller evaluates itself
 * (k8s.io/component-helpers/scheduling/corev1/nodeaffinity GetRequiredNodeAffinity.Match,
 * pkg/apis/core/v1/helper FindMatchingUntoleratedTaint / ToleratesTaint).
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from "../../model/k8s.js";

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case "In":
      return value !== undefined && (r.values ?? []).includes(value);
    case "NotIn":
      return value === undefined || !(r.values ?? []).includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const bound = r.values?.[0];
      if (bound === undefined || !/^-?\d+$/.test(bound)) return false;
      return r.operator === "Gt" ? Number(value) > Number(bound) : Number(value) < Number(bound);
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields match; an empty term matches nothing. */
function matchTerm(t: NodeSelectorTerm, node: Node): boolean {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const e of exprs) if (!matchRequirement(e, labels[e.key])) return false;
  for (const f of fields) {
    const v = f.key === "metadata.name" ? node.metadata.name : undefined;
    if (!matchRequirement(f, v)) return false;
  }
  return true;
}

/** nodeSelector and required node affinity (terms ORed) both match the node. */
export function matchesRequiredNodeAffinity(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return terms.some((t) => matchTerm(t, node));
}

/** Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? "Equal";
  if (!t.key && op !== "Exists") return false;
  if (op === "Exists") return true;
  if (op === "Equal") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

/** FindMatchingUntoleratedTaint restricted to the effects `filter` accepts. */
export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((tol) => toleratesTaint(tol, taint)));
}
