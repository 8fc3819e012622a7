/** Condition trees over the shared universe: all/any/not nesting, every operator, paths and fact references. */
import fc from "fast-check";
import { OPERATORS } from "../../engine/rules/operators/registry.js";
import type { Condition, FactCondition } from "../../engine/rules/types.js";
import { taintArb } from "./facts.arbitrary.js";
import { FACT_NAMES, LABEL_KEYS, LABEL_VALUES, NUMBERS, PATHS, QUANTITIES, REGEXES, STRINGS } from "./universe.js";

/** Constraints of the condition arbitrary. */
export interface ConditionConstraints {
  /** Maximum nesting depth of all/any/not above the leaves (the root counts). Default 4. */
  readonly maxDepth?: number;
  /** Maximum children of all/any. Default 3. */
  readonly maxChildren?: number;
  /** Operators to draw from. Default: every registered operator. */
  readonly operators?: readonly string[];
  /** Weight of `{fact: …}` values, where the operator allows them (out of 10). Default 2. */
  readonly factReferenceWeight?: number;
}

const scalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS), fc.boolean(), fc.constant(null));

const selector = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 2 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: fc.constantFrom(...LABEL_KEYS),
          operator: fc.constantFrom("In", "NotIn"),
          values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { minLength: 1, maxLength: 2 }),
        }),
        fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom("Exists", "DoesNotExist") }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

/** Literal values each operator accepts at load (the loader's checkValue). */
function literalFor(op: string): fc.Arbitrary<unknown> {
  switch (op) {
    case "equal":
    case "notEqual":
    case "contains":
    case "doesNotContain":
      return scalar;
    case "in":
    case "notIn":
      return fc.array(scalar, { maxLength: 4 });
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive":
      return fc.constantFrom(...NUMBERS);
    case "labelSelectorMatches":
      return selector;
    case "toleratesTaint":
      return taintArb;
    case "toleratesAllTaints":
      return fc.array(taintArb, { maxLength: 2 });
    case "matchesRegex":
      return fc.constantFrom(...REGEXES);
    case "exists":
    case "isEmpty":
    case "notEmpty":
      return fc.boolean();
    default:
      if (op.startsWith("quantity")) return fc.constantFrom(...QUANTITIES.filter((q) => q !== "abc" && q !== ""));
      throw new Error(`no literal generator for operator ${op}`);
  }
}

const factRef = fc.record(
  { fact: fc.constantFrom(...FACT_NAMES), path: fc.constantFrom(...PATHS) },
  { requiredKeys: ["fact"] },
);

// `in`/`notIn` against a non-list fails the whole run (as in json-rules-engine): reference lists and
// strings mostly, so that errors stay a minority of outcomes instead of masking everything else.
const listRef = fc.oneof(
  { weight: 4, arbitrary: fc.record({ fact: fc.constantFrom("tags", "name") }) },
  {
    weight: 3,
    arbitrary: fc.record({
      fact: fc.constant("pod"),
      path: fc.constantFrom("$.spec.containers", "$.metadata.name", "$.spec.tolerations"),
    }),
  },
  { weight: 1, arbitrary: factRef },
);

function leaf(c: ConditionConstraints): fc.Arbitrary<FactCondition> {
  const ops = c.operators ?? [...OPERATORS.keys()];
  const refWeight = c.factReferenceWeight ?? 2;
  return fc
    .record(
      { fact: fc.constantFrom(...FACT_NAMES), path: fc.constantFrom(...PATHS), operator: fc.constantFrom(...ops) },
      { requiredKeys: ["fact", "operator"] },
    )
    .chain((base) => {
      const def = OPERATORS.get(base.operator)!;
      const isList = base.operator === "in" || base.operator === "notIn";
      // A referenced list that is absent fails the run: keep those rare (1 in 40 in/notIn leaves).
      const value = def.literalOnly
        ? literalFor(base.operator)
        : isList
          ? fc.oneof(
              { weight: 39, arbitrary: literalFor(base.operator) },
              { weight: refWeight > 0 ? 1 : 0, arbitrary: listRef },
            )
          : fc.oneof(
              { weight: 10 - refWeight, arbitrary: literalFor(base.operator) },
              { weight: refWeight, arbitrary: factRef },
            );
      return value.map((v) => ({ ...base, value: v }) as FactCondition);
    });
}

/** A condition tree of at most `maxDepth` boolean levels (0 = a leaf). */
export function conditionArbitrary(c: ConditionConstraints = {}, depth = c.maxDepth ?? 4): fc.Arbitrary<Condition> {
  if (depth <= 0) return leaf(c);
  const child = conditionArbitrary(c, depth - 1);
  const kids = fc.array(child, { minLength: 1, maxLength: c.maxChildren ?? 3 });
  return fc.oneof(
    { weight: 4, arbitrary: leaf(c) },
    { weight: 6, arbitrary: kids.map((all): Condition => ({ all })) },
    { weight: 6, arbitrary: kids.map((any): Condition => ({ any })) },
    { weight: 2, arbitrary: child.map((not): Condition => ({ not })) },
    // An empty `all` is true in json-rules-engine; rule sets use it for default rules.
    { weight: 1, arbitrary: fc.constant<Condition>({ all: [] }) },
  );
}

/** Maximum boolean nesting of a tree (a leaf is 0). */
export function depthOf(c: Condition): number {
  if ("all" in c) return 1 + Math.max(0, ...c.all.map(depthOf));
  if ("any" in c) return 1 + Math.max(0, ...c.any.map(depthOf));
  if ("not" in c) return 1 + depthOf(c.not);
  return 0;
}

/** Every leaf of a tree. */
export function leavesOf(c: Condition): FactCondition[] {
  if ("all" in c) return c.all.flatMap(leavesOf);
  if ("any" in c) return c.any.flatMap(leavesOf);
  if ("not" in c) return leavesOf(c.not);
  return [c];
}
