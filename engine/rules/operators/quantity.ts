/**
 * Resource-quantity comparisons (apimachinery pkg/api/resource/quantity.go `Quantity.Cmp`), exact,
 * via engine/model/quantity.ts. Both sides must be valid quantities (string such as "500m", "1Gi",
 * or a number); anything else — including a missing fact — compares false, like a request that the
 * API server would have rejected.
 */
import { type ExactQuantity, parseQuantity } from "../../model/quantity.js";
import type { OperatorDefinition } from "./types.js";

/** A parsed quantity with a float approximation that decides most comparisons without BigInt. */
interface Parsed {
  readonly exact: ExactQuantity;
  readonly approx: number;
}

const parsedCache = new Map<string | number, Parsed | null>();

function parsed(v: unknown): Parsed | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  let p = parsedCache.get(v);
  if (p === undefined) {
    const exact = parseQuantity(v);
    p = exact ? { exact, approx: Number(exact.num) / Number(exact.den) } : null;
    if (parsedCache.size > 10_000) parsedCache.clear();
    parsedCache.set(v, p);
  }
  return p ?? undefined;
}

/** Exact comparison; the floats decide when they are clearly apart (relative gap above 1e-9). */
function compare(x: Parsed, y: Parsed): number {
  const gap = x.approx - y.approx;
  if (Math.abs(gap) > 1e-9 * Math.max(Math.abs(x.approx), Math.abs(y.approx), 1)) return gap < 0 ? -1 : 1;
  const l = x.exact.num * y.exact.den;
  const r = y.exact.num * x.exact.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

const isQuantity = (v: unknown): boolean => parsed(v) !== undefined;

const validQuantity = (v: unknown): string | undefined =>
  isQuantity(v) ? undefined : `'${String(v)}' is not a Kubernetes quantity (e.g. 500m, 2, 1.5Gi, 128974848, 1e3)`;

function quantity(name: string, description: string, test: (c: number) => boolean): OperatorDefinition {
  return {
    name,
    description,
    builtin: false,
    evaluate: (a, b) => {
      const x = parsed(a);
      const y = parsed(b);
      return x !== undefined && y !== undefined && test(compare(x, y));
    },
    compile: (b) => {
      const y = parsed(b);
      if (y === undefined) return () => false;
      return (a) => {
        const x = parsed(a);
        return x !== undefined && test(compare(x, y));
      };
    },
    checkValue: validQuantity,
  };
}

/** The quantity comparisons, exact (1Gi == 1024Mi). */
export const QUANTITY_OPERATORS: readonly OperatorDefinition[] = [
  quantity("quantityEqual", "fact and value are equal quantities (1Gi == 1024Mi)", (c) => c === 0),
  quantity("quantityNotEqual", "fact and value are valid, different quantities", (c) => c !== 0),
  quantity("quantityLessThan", "quantity fact < quantity value", (c) => c < 0),
  quantity("quantityLessThanInclusive", "quantity fact <= quantity value", (c) => c <= 0),
  quantity("quantityGreaterThan", "quantity fact > quantity value", (c) => c > 0),
  quantity("quantityGreaterThanInclusive", "quantity fact >= quantity value", (c) => c >= 0),
];
