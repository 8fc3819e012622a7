/**
 * json-rules-engine 7 `lessThan` / `lessThanInclusive` / `greaterThan` / `greaterThanInclusive`
 * (dist/engine-default-operators.js). The fact must pass `numberValidator`:
 * `Number.parseFloat(fact).toString() !== 'NaN'` — so "12abc", " 7" and [5] pass, undefined, null,
 * true and "abc" fail — and then JavaScript's relational operator compares with its usual coercions
 * ("10" < "9" when both are strings). Objects whose string conversion throws make the run fail, as
 * upstream. Literal values must be numbers (use the quantity operators for "500m", "1Gi").
 */
import { isObjectLike, type OperatorDefinition } from "./types.js";

function numberValidator(a: unknown): boolean {
  return Number.parseFloat(a as string).toString() !== "NaN";
}

// Relational operators on unknown: TypeScript wants numbers; the coercion is the point here.
type Rel = (a: number, b: number) => boolean;
const cmp = (f: Rel) => (a: unknown, b: unknown) => numberValidator(a) && f(a as number, b as number);
const mayThrow = (a: unknown, b: unknown) => isObjectLike(a) || isObjectLike(b);
const numberOnly = (v: unknown): string | undefined =>
  typeof v === "number" && Number.isFinite(v)
    ? undefined
    : "numeric comparisons need a number value; for resource quantities use quantityLessThan/quantityGreaterThan/...";

function numeric(name: string, description: string, f: Rel): OperatorDefinition {
  return { name, description, builtin: true, evaluate: cmp(f), mayThrow, checkValue: numberOnly };
}

/** lessThan, lessThanInclusive, greaterThan, greaterThanInclusive. */
export const NUMERIC_OPERATORS: readonly OperatorDefinition[] = [
  numeric("lessThan", "fact < value (fact must parse as a number)", (a, b) => a < b),
  numeric("lessThanInclusive", "fact <= value (fact must parse as a number)", (a, b) => a <= b),
  numeric("greaterThan", "fact > value (fact must parse as a number)", (a, b) => a > b),
  numeric("greaterThanInclusive", "fact >= value (fact must parse as a number)", (a, b) => a >= b),
];
