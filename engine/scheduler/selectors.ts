/**
 * Label selectors, node selectors and tolerations exactly as the scheduler evaluates them.
 *
 * - Label selectors: apimachinery metav1.LabelSelectorAsSelector (nil → matches nothing, empty → everything;
 *   an invalid requirement makes the selector match nothing).
 * - Node selectors: component-helpers/scheduling/corev1/nodeaffinity (terms ORed, a term with no
 *   requirements matches nothing, matchExpressions AND matchFields, Gt/Lt parse int64, matchFields only
 *   metadata.name with In/NotIn and one value; an error in one term does not stop another from matching).
 * - Tolerations: k8s.io/api/core/v1 Toleration.ToleratesTaint (effect, key, operator Equal/Exists).
 */
import type {
  LabelSelector,
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Taint,
  Toleration,
} from "../model/k8s.js";

export type Labels = Readonly<Record<string, string>>;
/** A compiled selector. */
export type LabelMatcher = (labels: Labels | undefined) => boolean;

export const MATCH_NOTHING: LabelMatcher = () => false;
export const MATCH_EVERYTHING: LabelMatcher = () => true;

function has(labels: Labels | undefined, key: string): boolean {
  return labels !== undefined && Object.hasOwn(labels, key);
}

// apimachinery/pkg/util/validation: IsQualifiedName (optional DNS-1123 subdomain prefix "/", name ≤ 63)
// and IsValidLabelValue (≤ 63, alphanumeric at both ends, -_. inside).
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return true;
}

/** validation.IsValidLabelValue. */
export function isValidLabelValue(v: string): boolean {
  return v.length <= 63 && LABEL_VALUE.test(v);
}

/** One label requirement (labels.Requirement.Matches); undefined when invalid (labels.NewRequirement error). */
function requirement(key: string, op: string, values: readonly string[] | undefined): LabelMatcher | undefined {
  const vs = values ?? [];
  if (!isQualifiedName(key)) return undefined;
  if ((op === "In" || op === "NotIn") && !vs.every(isValidLabelValue)) return undefined;
  switch (op) {
    case "In": {
      if (vs.length === 0) return undefined;
      const set = new Set(vs);
      return (l) => has(l, key) && set.has(l![key]!);
    }
    case "NotIn": {
      if (vs.length === 0) return undefined;
      const set = new Set(vs);
      return (l) => !has(l, key) || !set.has(l![key]!);
    }
    case "Exists":
      return vs.length === 0 ? (l) => has(l, key) : undefined;
    case "DoesNotExist":
      return vs.length === 0 ? (l) => !has(l, key) : undefined;
    case "Gt":
    case "Lt": {
      if (vs.length !== 1) return undefined;
      const bound = parseInt64(vs[0]!);
      if (bound === undefined) return undefined;
      return (l) => {
        if (!has(l, key)) return false;
        const v = parseInt64(l![key]!);
        if (v === undefined) return false;
        return op === "Gt" ? v > bound : v < bound;
      };
    }
    default:
      return undefined;
  }
}

/** strconv.ParseInt(s, 10, 64) as a bigint; undefined on error. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return v;
}

function all(ms: LabelMatcher[]): LabelMatcher {
  if (ms.length === 0) return MATCH_EVERYTHING;
  if (ms.length === 1) return ms[0]!;
  return (l) => {
    for (const m of ms) if (!m(l)) return false;
    return true;
  };
}

const selectorCache = new WeakMap<LabelSelector, LabelMatcher>();

/** metav1.LabelSelectorAsSelector, compiled and memoised per selector object. */
export function compileLabelSelector(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return MATCH_NOTHING;
  const hit = selectorCache.get(sel);
  if (hit) return hit;
  const ms: LabelMatcher[] = [];
  let invalid = false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    ms.push((l) => has(l, k) && l![k] === v);
  }
  for (const e of sel.matchExpressions ?? []) {
    const m = requirement(e.key, e.operator, e.values);
    if (!m) invalid = true;
    else ms.push(m);
  }
  const out = invalid ? MATCH_NOTHING : all(ms);
  selectorCache.set(sel, out);
  return out;
}

/** A selector from key=value pairs plus extra requirements (matchLabelKeys merging). */
export function andMatchers(a: LabelMatcher, b: LabelMatcher): LabelMatcher {
  return (l) => a(l) && b(l);
}

/** labels.SelectorFromSet: every key=value present (an empty set matches everything). */
export function selectorFromSet(set: Labels): LabelMatcher {
  const keys = Object.keys(set);
  const values = keys.map((k) => set[k]);
  if (keys.length === 1) {
    const k = keys[0]!;
    const v = values[0];
    return (l) => has(l, k) && l![k] === v;
  }
  return (l) => {
    for (let i = 0; i < keys.length; i++) if (!has(l, keys[i]!) || l![keys[i]!] !== values[i]) return false;
    return true;
  };
}

/** A node as node selectors see it: its labels and its name (the only supported field). */
export interface NodeView {
  readonly name: string;
  readonly labels: Labels | undefined;
}

export type NodeMatcher = (node: NodeView) => boolean;

function fieldRequirement(r: NodeSelectorRequirement): NodeMatcher | undefined {
  if (r.key !== "metadata.name" || (r.values ?? []).length !== 1) return undefined;
  const v = r.values![0]!;
  if (r.operator === "In") return (n) => n.name === v;
  if (r.operator === "NotIn") return (n) => n.name !== v;
  return undefined;
}

/** One nodeSelectorTerm; undefined when it matches nothing (empty, or a parse error). */
function compileTerm(t: NodeSelectorTerm): NodeMatcher | undefined {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const ls: LabelMatcher[] = [];
  for (const e of exprs) {
    const m = requirement(e.key, e.operator, e.values);
    if (!m) return undefined;
    ls.push(m);
  }
  const fs: NodeMatcher[] = [];
  for (const f of fields) {
    const m = fieldRequirement(f);
    if (!m) return undefined;
    fs.push(m);
  }
  const lm = all(ls);
  return (n) => lm(n.labels) && fs.every((f) => f(n));
}

/** nodeaffinity.NewNodeSelector(...).Match: the terms ORed; no terms match nothing. */
export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[] | undefined): NodeMatcher {
  const ms = (terms ?? []).map(compileTerm).filter((m): m is NodeMatcher => m !== undefined);
  if (ms.length === 0) return () => false;
  return (n) => ms.some((m) => m(n));
}

/** nodeaffinity.PreferredSchedulingTerms: weighted terms (weight 0 skipped); Score sums matching weights. */
export function compilePreferredTerms(
  terms: readonly { readonly weight: number; readonly preference: NodeSelectorTerm }[] | undefined,
): { weight: number; match: NodeMatcher }[] {
  const out: { weight: number; match: NodeMatcher }[] = [];
  for (const t of terms ?? []) {
    if (!t.weight) continue;
    const m = compileTerm(t.preference);
    if (m) out.push({ weight: t.weight, match: m });
  }
  return out;
}

/** A Node as a NodeView. */
export function nodeView(node: Node): NodeView {
  return { name: node.metadata.name ?? "", labels: node.metadata.labels };
}

/** Toleration.ToleratesTaint (the TaintTolerationComparisonOperators gate is off: Lt/Gt never match). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint: any toleration tolerates it. */
export function tolerationsTolerateTaint(ts: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!ts) return false;
  for (const t of ts) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * v1helper.FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first NoSchedule or
 * NoExecute taint no toleration tolerates.
 */
export function firstUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  ts: readonly Toleration[] | undefined,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!tolerationsTolerateTaint(ts, taint)) return taint;
  }
  return undefined;
}
