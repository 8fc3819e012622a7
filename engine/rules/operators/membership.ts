/**
 * json-rules-engine 7 `in` / `notIn` / `contains` / `doesNotContain` (dist/engine-default-operators.js),
 * with the same expressions so every coercion matches:
 * - `in`: `value.indexOf(fact) > -1`, no fact validator. An array value uses strict equality; a string
 *   value (only reachable through a `{fact}` reference) does a substring search of String(fact); any
 *   other value throws (TypeError), which rejects json-rules-engine's whole run — and kubespec's.
 * - `contains`: fact validator `Array.isArray(fact)` (a string fact never "contains"), then
 *   `fact.indexOf(value) > -1` with strict equality.
 * Literal `in`/`notIn` values must be arrays of scalars; `contains` values must be scalars.
 */
import { isScalar, type OperatorDefinition } from "./types.js";

interface Indexable {
  indexOf(x: unknown): number;
}

/**
 * For a literal list, `Set.has` is `indexOf > -1` except for NaN (SameValueZero finds it, === does
 * not), so lists holding NaN keep indexOf.
 */
function literalList(b: unknown): ((a: unknown) => boolean) | undefined {
  if (!Array.isArray(b) || b.some((x) => Number.isNaN(x))) return undefined;
  if (b.length <= 4) return (a) => b.indexOf(a) > -1;
  const set = new Set<unknown>(b);
  return (a) => set.has(a);
}

const arrayOfScalars = (v: unknown): string | undefined =>
  Array.isArray(v) && v.every(isScalar)
    ? undefined
    : "in/notIn need a list of scalars as value, e.g. value: [Always, OnFailure]";
const scalar = (v: unknown): string | undefined =>
  isScalar(v) ? undefined : "contains/doesNotContain look for one scalar in a list fact; use a scalar value";

/** `in`: value.indexOf(fact) > -1. */
export const inOperator: OperatorDefinition = {
  name: "in",
  description: "value (a list) includes fact",
  builtin: true,
  evaluate: (a, b) => (b as Indexable).indexOf(a) > -1,
  mayThrow: (_a, b) => !Array.isArray(b),
  compile: (b) => literalList(b) ?? ((a) => (b as Indexable).indexOf(a) > -1),
  checkValue: arrayOfScalars,
};

/** `notIn`: value.indexOf(fact) === -1. */
export const notIn: OperatorDefinition = {
  name: "notIn",
  description: "value (a list) does not include fact",
  builtin: true,
  evaluate: (a, b) => (b as Indexable).indexOf(a) === -1,
  mayThrow: (_a, b) => !Array.isArray(b),
  compile: (b) => {
    const has = literalList(b);
    return has ? (a) => !has(a) : (a) => (b as Indexable).indexOf(a) === -1;
  },
  checkValue: arrayOfScalars,
};

/** `contains`: fact is an array and fact.indexOf(value) > -1. */
export const contains: OperatorDefinition = {
  name: "contains",
  description: "fact is a list that includes value",
  builtin: true,
  evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  checkValue: scalar,
};

/** `doesNotContain`: fact is an array and fact.indexOf(value) === -1. */
export const doesNotContain: OperatorDefinition = {
  name: "doesNotContain",
  description: "fact is a list that does not include value (false when fact is not a list)",
  builtin: true,
  evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  checkValue: scalar,
};

/** The membership family, in registry order. */
export const MEMBERSHIP_OPERATORS: readonly OperatorDefinition[] = [inOperator, notIn, contains, doesNotContain];
