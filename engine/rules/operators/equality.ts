/**
 * json-rules-engine 7 `equal` / `notEqual` (dist/engine-default-operators.js): strict equality, no
 * coercion, no fact-type validator. Objects and arrays are compared by identity there, so a literal
 * object/array value could never be equal: kubespec refuses such literals at load.
 */
import { isScalar, type OperatorDefinition } from "./types.js";

const scalarOnly = (v: unknown): string | undefined =>
  isScalar(v) ? undefined : "equal/notEqual compare with === ; an object or array value never matches: use a scalar";

/** `equal`: fact === value. */
export const equal: OperatorDefinition = {
  name: "equal",
  description: "fact === value",
  builtin: true,
  evaluate: (a, b) => a === b,
  checkValue: scalarOnly,
};

/** `notEqual`: fact !== value. */
export const notEqual: OperatorDefinition = {
  name: "notEqual",
  description: "fact !== value",
  builtin: true,
  evaluate: (a, b) => a !== b,
  checkValue: scalarOnly,
};

/** The equality family, in registry order. */
export const EQUALITY_OPERATORS: readonly OperatorDefinition[] = [equal, notEqual];
