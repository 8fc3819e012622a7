/**
 * Fact sets for benchmarking a rule set, synthesised from the rule set itself: every fact takes one
 * of the literal values its conditions compare with (or a neighbour, or nothing), placed at the
 * condition's path. So rules fire sometimes and not others, as on real inputs. Seeded, deterministic.
 */
import { getOperator } from "../../engine/rules/operators/registry.js";
import { parsePath } from "../../engine/rules/path.js";
import { isFactReference } from "../../engine/rules/semantics.js";
import type { Condition, Facts, RuleSet } from "../../engine/rules/types.js";

/** mulberry32: a tiny seeded PRNG (benchmarks must be reproducible). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Candidate {
  keys: string[];
  values: unknown[];
}

function candidatesFor(operator: string, value: unknown): unknown[] {
  if (isFactReference(value)) return ["a", 1, ["a"], { a: "b" }];
  switch (operator) {
    case "in":
    case "notIn":
      return [...(value as unknown[]), "other"];
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive":
      return [(value as number) - 1, value, (value as number) + 1];
    case "isEmpty":
    case "notEmpty":
    case "exists":
      return [undefined, [], ["x"], "x", { a: "b" }];
    case "contains":
    case "doesNotContain":
      return [[value], [], ["other", value]];
    case "labelSelectorMatches":
      return [{}, (value as { matchLabels?: unknown }).matchLabels ?? {}];
    default:
      return getOperator(operator)?.builtin ? [value, "other", null] : [value, undefined];
  }
}

function collect(c: Condition, out: Map<string, Candidate[]>): void {
  if ("all" in c) for (const x of c.all) collect(x, out);
  else if ("any" in c) for (const x of c.any) collect(x, out);
  else if ("not" in c) collect(c.not, out);
  else {
    const list = out.get(c.fact) ?? [];
    list.push({ keys: c.path ? (parsePath(c.path) ?? []) : [], values: candidatesFor(c.operator, c.value) });
    out.set(c.fact, list);
  }
}

function setAt(root: unknown, keys: readonly string[], v: unknown): unknown {
  if (keys.length === 0) return v;
  const [k, ...rest] = keys as [string, ...string[]];
  const base: Record<string, unknown> =
    root !== null && typeof root === "object"
      ? (root as Record<string, unknown>)
      : /^\d+$/.test(k)
        ? ([] as unknown as Record<string, unknown>)
        : {};
  base[k] = setAt(Object.hasOwn(base, k) ? base[k] : undefined, rest, v);
  return base;
}

/** `n` fact sets for the rule sets, from `seed`. */
export function synthesizeFacts(ruleSets: readonly RuleSet[], n: number, seed: number): Facts[] {
  const byFact = new Map<string, Candidate[]>();
  for (const rs of ruleSets) for (const r of rs.spec.rules) collect(r.conditions, byFact);
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: Facts[] = [];
  for (let i = 0; i < n; i++) {
    const facts: Record<string, unknown> = {};
    for (const [name, cands] of byFact) {
      if (rand() < 0.1) continue; // absent
      let v: unknown;
      for (const c of cands) if (rand() < 0.7 || v === undefined) v = setAt(v, c.keys, pick(c.values));
      facts[name] = v;
    }
    out.push(facts);
  }
  return out;
}
