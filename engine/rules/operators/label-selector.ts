/**
 * `labelSelectorMatches`: the fact is a label map (metadata.labels), the value a metav1.LabelSelector.
 *
 * Mirrors apimachinery pkg/apis/meta/v1/helpers.go `LabelSelectorAsSelector` and
 * pkg/labels/selector.go `Requirement.Matches`:
 * - a null/absent selector selects nothing (`labels.Nothing()`); an empty selector `{}` selects
 *   everything (`labels.Everything()`);
 * - matchLabels and matchExpressions are ANDed;
 * - In: the key is present and its value is listed; NotIn: the key is absent or its value is not
 *   listed; Exists: the key is present; DoesNotExist: the key is absent;
 * - an invalid selector (unknown operator, In/NotIn without values, Exists/DoesNotExist with values,
 *   a key that is not a qualified name, a value that is not a label value — `NewRequirement`) is an
 *   error upstream, and callers treat it as "no match": kubespec returns false.
 * An absent label map is the empty set (labels.Set(nil)); a non-object fact never matches.
 * Label values that are not strings are treated as absent (the API only allows strings).
 */
import { isObjectLike, type OperatorDefinition, own } from "./types.js";

type Req = { key: string; op: string; values: readonly string[] };

// apimachinery pkg/util/validation: IsQualifiedName (label keys, via content.IsLabelKey) and
// IsValidLabelValue. NewRequirement rejects invalid keys and values, so such selectors match nothing.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A valid label key: `[prefix/]name`, prefix a DNS-1123 subdomain (≤253), name ≤63 characters. */
export function isLabelKey(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  }
  return true;
}

/** A valid label value: empty, or ≤63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value.length === 0 || (value.length <= 63 && NAME.test(value));
}

function labelOf(labels: unknown, key: string): string | undefined {
  const v = own(labels, key);
  return typeof v === "string" ? v : undefined;
}

/** Turn a selector into requirements; undefined when it is invalid (LabelSelectorAsSelector error). */
function requirements(selector: Record<string, unknown>): Req[] | undefined {
  const out: Req[] = [];
  const ml = own(selector, "matchLabels");
  if (ml !== undefined && ml !== null) {
    if (!isObjectLike(ml) || Array.isArray(ml)) return undefined;
    for (const [k, v] of Object.entries(ml)) {
      if (typeof v !== "string" || !isLabelKey(k) || !isLabelValue(v)) return undefined;
      out.push({ key: k, op: "In", values: [v] });
    }
  }
  const me = own(selector, "matchExpressions");
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) return undefined;
    for (const e of me) {
      const key = own(e, "key");
      const op = own(e, "operator");
      const rawValues = own(e, "values") ?? [];
      if (typeof key !== "string" || !Array.isArray(rawValues) || !rawValues.every((x) => typeof x === "string")) {
        return undefined;
      }
      const values = rawValues as string[];
      if (!isLabelKey(key) || !values.every(isLabelValue)) return undefined;
      if (op === "In" || op === "NotIn") {
        if (values.length === 0) return undefined;
      } else if (op === "Exists" || op === "DoesNotExist") {
        if (values.length > 0) return undefined;
      } else return undefined;
      out.push({ key, op, values });
    }
  }
  return out;
}

/** Whether `labels` satisfy the LabelSelector `selector` (see the file comment for the rules). */
export function labelSelectorMatches(labels: unknown, selector: unknown): boolean {
  return compileSelector(selector)(labels);
}

/** A selector turned into a predicate over label maps, once. */
export function compileSelector(selector: unknown): (labels: unknown) => boolean {
  if (!isObjectLike(selector) || Array.isArray(selector)) return () => false;
  const reqs = requirements(selector as Record<string, unknown>);
  if (!reqs) return () => false;
  return (labels) => {
    if (labels !== undefined && labels !== null && (!isObjectLike(labels) || Array.isArray(labels))) return false;
    return matchesAll(reqs, labels);
  };
}

function matchesAll(reqs: readonly Req[], labels: unknown): boolean {
  for (const r of reqs) {
    const v = labelOf(labels, r.key);
    switch (r.op) {
      case "In":
        if (v === undefined || !r.values.includes(v)) return false;
        break;
      case "NotIn":
        if (v !== undefined && r.values.includes(v)) return false;
        break;
      case "Exists":
        if (v === undefined) return false;
        break;
      default: // DoesNotExist
        if (v !== undefined) return false;
    }
  }
  return true;
}

/** labelSelectorMatches. */
export const LABEL_SELECTOR_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: "labelSelectorMatches",
    description: "the fact (a label map) is selected by the value (a metav1.LabelSelector)",
    builtin: false,
    evaluate: labelSelectorMatches,
    compile: compileSelector,
    checkValue: (v) =>
      isObjectLike(v) && !Array.isArray(v) && requirements(v as Record<string, unknown>)
        ? undefined
        : "value must be a valid LabelSelector: {matchLabels: {k: v}, matchExpressions: [{key, operator: In|NotIn|Exists|DoesNotExist, values}]}",
  },
];
