/**
 * Presence operators, for optional fields of Kubernetes objects. The value is a boolean literal
 * saying which outcome is wanted (`{fact: x, operator: exists, value: true}`).
 * - exists: the fact (after path) is neither undefined nor null (a YAML `~` is the same as absent
 *   for the API server's JSON decoding of optional fields);
 * - isEmpty: undefined, null, "", [] or {} (Go's `len(x) == 0` for strings, slices and maps, plus
 *   absence); numbers and booleans are never empty;
 * - notEmpty: the negation of isEmpty.
 * A non-boolean value (only possible through code, not rule files) compares false.
 */
import { isObjectLike, type OperatorDefinition } from "./types.js";

/** Empty as `isEmpty` means it: absent, null, "", [] or {}. */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObjectLike(v)) return Object.keys(v).length === 0;
  return false;
}

const boolOnly = (v: unknown): string | undefined =>
  typeof v === "boolean" ? undefined : "value must be true or false (the outcome wanted)";

function presence(name: string, description: string, pred: (a: unknown) => boolean): OperatorDefinition {
  return {
    name,
    description,
    builtin: false,
    literalOnly: true,
    evaluate: (a, b) => typeof b === "boolean" && pred(a) === b,
    checkValue: boolOnly,
  };
}

/** exists, isEmpty, notEmpty. */
export const PRESENCE_OPERATORS: readonly OperatorDefinition[] = [
  presence(
    "exists",
    "the fact is present (not undefined/null) when value is true, absent when false",
    (a) => a !== undefined && a !== null,
  ),
  presence("isEmpty", "the fact is empty (absent, null, '', [], {}) when value is true", isEmptyValue),
  presence("notEmpty", "the fact is not empty when value is true", (a) => !isEmptyValue(a)),
];
