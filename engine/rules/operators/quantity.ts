/**
 * Resource-quantity comparisons (apimachinery pkg/api/resource/quantity.go `Quantity.Cmp`), exact,
 * via engine/model/quantity.ts. Both sides must be valid quantities (string such as "500m", "1Gi",
 * or a number); anything else — including a missing fact — compares false, like a request that the
 * API server would have rejected.
 */
import { compareQuantities, isQuantity } from "../../model/quantity.js";
import type { OperatorDefinition } from "./types.js";

const validQuantity = (v: unknown): string | undefined =>
  isQuantity(v) ? undefined : `'${String(v)}' is not a Kubernetes quantity (e.g. 500m, 2, 1.5Gi, 128974848, 1e3)`;

function quantity(name: string, description: string, test: (c: number) => boolean): OperatorDefinition {
  return {
    name,
    description,
    builtin: false,
    evaluate: (a, b) => {
      if (!isQuantity(a) || !isQuantity(b)) return false;
      return test(compareQuantities(a, b));
    },
    checkValue: validQuantity,
  };
}

export const QUANTITY_OPERATORS: readonly OperatorDefinition[] = [
  quantity("quantityEqual", "fact and value are equal quantities (1Gi == 1024Mi)", (c) => c === 0),
  quantity("quantityNotEqual", "fact and value are valid, different quantities", (c) => c !== 0),
  quantity("quantityLessThan", "quantity fact < quantity value", (c) => c < 0),
  quantity("quantityLessThanInclusive", "quantity fact <= quantity value", (c) => c <= 0),
  quantity("quantityGreaterThan", "quantity fact > quantity value", (c) => c > 0),
  quantity("quantityGreaterThanInclusive", "quantity fact >= quantity value", (c) => c >= 0),
];
