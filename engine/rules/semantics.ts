/** Semantic checks of condition trees and messages, shared by the loader (and explained in load.ts). */
import { getOperator, OPERATORS } from "./operators/registry.js";
import { PATH_HELP, parsePath } from "./path.js";
import type { Condition, FactReference } from "./types.js";

type Seg = string | number;

/** What the checks report to (the loader's Reporter). */
export interface ProblemSink {
  error(
    path: readonly Seg[],
    ruleId: string | undefined,
    messageId: string,
    message: string,
    fix?: string,
    atKey?: boolean,
  ): void;
}

/**
 * json-rules-engine treats any object value with an own `fact` property as a fact reference
 * (almanac.js `getValue`), so kubespec does too.
 */
export function isFactReference(v: unknown): v is FactReference {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, "fact");
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The `{{name}}` placeholders of a message. */
export function interpolationNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Replace `{{name}}` with `values[name]` (strings as is, other values as JSON). Placeholders with no
 * value are kept, so that a caller can fill runtime values (a container name, a finding) later.
 */
export function interpolate(text: string, values: Readonly<Record<string, unknown>>): string {
  return text.replace(PLACEHOLDER, (m, name: string) => {
    if (!Object.hasOwn(values, name) || values[name] === undefined) return m;
    const v = values[name];
    return typeof v === "string" ? v : JSON.stringify(v);
  });
}

const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkFactName(
  name: string,
  path: readonly Seg[],
  id: string,
  declared: Readonly<Record<string, string>> | undefined,
  sink: ProblemSink,
): void {
  if (declared && !Object.hasOwn(declared, name)) {
    sink.error(
      path,
      id,
      "undeclared-fact",
      `fact '${name}' is not declared in spec.facts`,
      `declare it under spec.facts (name: description) or fix the name; declared: ${Object.keys(declared).join(", ") || "none"}`,
    );
  }
}

function checkPath(p: string | undefined, path: readonly Seg[], id: string, sink: ProblemSink): void {
  if (p !== undefined && parsePath(p) === undefined) {
    sink.error(path, id, "unsupported-path", `path '${p}' is outside the supported JSONPath subset`, PATH_HELP);
  }
}

function checkLeaf(
  c: Extract<Condition, { fact: string }>,
  path: readonly Seg[],
  id: string,
  declared: Readonly<Record<string, string>> | undefined,
  sink: ProblemSink,
): void {
  checkFactName(c.fact, [...path, "fact"], id, declared, sink);
  checkPath(c.path, [...path, "path"], id, sink);
  const op = getOperator(c.operator);
  if (!op) {
    const near = nearestOperator(c.operator);
    const hint = c.operator.includes(":")
      ? " (json-rules-engine operator decorators are not supported; use not/any/all)"
      : near
        ? ` (did you mean '${near}'?)`
        : "";
    sink.error(
      [...path, "operator"],
      id,
      "unknown-operator",
      `unknown operator '${c.operator}'${hint}`,
      "see engine/rules/operators/ for the operators kubespec provides",
    );
    return;
  }
  const v = c.value;
  if (isFactReference(v)) {
    const vp = [...path, "value"];
    if (op.literalOnly) {
      sink.error(
        vp,
        id,
        "literal-value-required",
        `operator '${op.name}' needs a literal value, not a fact reference`,
        "write the value in the rule",
      );
      return;
    }
    const extra = Object.keys(v).filter((k) => k !== "fact" && k !== "path");
    if (extra.length > 0)
      sink.error(
        [...vp, extra[0]!],
        id,
        "bad-fact-reference",
        `a fact reference has only 'fact' and 'path', not '${extra[0]}'`,
        "remove it",
        true,
      );
    if (typeof v.fact !== "string" || !FACT_NAME.test(v.fact)) {
      sink.error(
        [...vp, "fact"],
        id,
        "bad-fact-reference",
        "a fact reference names a fact: {fact: name, path?: $.a.b}",
        "write the value as {fact: name} or {fact: name, path: $.a.b}",
      );
      return;
    }
    if (v.path !== undefined && typeof v.path !== "string")
      sink.error([...vp, "path"], id, "unsupported-path", "path must be a string", PATH_HELP);
    else checkPath(v.path, [...vp, "path"], id, sink);
    checkFactName(v.fact, [...vp, "fact"], id, declared, sink);
    return;
  }
  const why = op.checkValue?.(v);
  if (why !== undefined) {
    sink.error(
      [...path, "value"],
      id,
      "bad-value",
      `bad value for '${op.name}': ${why}`,
      `'${op.name}' needs: ${op.description}`,
    );
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The registered operator closest to a misspelt name (case-insensitive distance ≤ 3), if any. */
function nearestOperator(name: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const op of OPERATORS.keys()) {
    const d = editDistance(name.toLowerCase(), op.toLowerCase());
    if (d < bestD) {
      best = op;
      bestD = d;
    }
  }
  return best;
}

/** Check every node of a condition tree (operators, paths, values, fact names). */
export function checkConditionTree(
  root: Condition,
  path: readonly Seg[],
  id: string,
  declared: Readonly<Record<string, string>> | undefined,
  sink: ProblemSink,
): void {
  const stack: Array<[Condition, readonly Seg[]]> = [[root, path]];
  while (stack.length > 0) {
    const [c, p] = stack.pop()!;
    // pushed in reverse so that problems are found in document order
    if ("all" in c) for (let i = c.all.length - 1; i >= 0; i--) stack.push([c.all[i]!, [...p, "all", i]]);
    else if ("any" in c) for (let i = c.any.length - 1; i >= 0; i--) stack.push([c.any[i]!, [...p, "any", i]]);
    else if ("not" in c) stack.push([c.not, [...p, "not"]]);
    else checkLeaf(c, p, id, declared, sink);
  }
}
