/**
 * Kubernetes resource quantities (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go).
 *
 * Parsed exactly with BigInt rationals, then exposed as `Value()` and `MilliValue()` do upstream:
 * rounded up to the next integer. Results fit a float64 exactly for every realistic quantity
 * (below 2^53 base units, or milli-units).
 */

const BINARY: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// quantity.go: <signedNumber><suffix>; suffix = binarySI | decimalSI | decimalExponent
const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([KMGTPE]i)|([numkMGTPE]?)|([eE][+-]?\d+))$/;

/** An exact quantity: numerator / denominator in base units (cores, bytes, ...). */
export interface ExactQuantity {
  readonly num: bigint;
  readonly den: bigint;
}

const cache = new Map<string, ExactQuantity | null>();

/** Parse a quantity string or number; `undefined` when malformed (as the API server would reject it). */
export function parseQuantity(q: string | number): ExactQuantity | undefined {
  const s = typeof q === "number" ? (Number.isFinite(q) ? String(q) : "") : q.trim();
  const hit = cache.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const r = parseUncached(s);
  if (cache.size > 10_000) cache.clear();
  cache.set(s, r ?? null);
  return r;
}

function parseUncached(s: string): ExactQuantity | undefined {
  // Numbers such as 1e-7 stringify with an exponent, which the regex accepts.
  const m = QUANTITY_RE.exec(s);
  if (!m) return undefined;
  const [, sign, digits, binary, decimal, exponent] = m;
  const [intPart, fracPart = ""] = digits!.split(".");
  let num = BigInt((intPart || "0") + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (binary) num *= BINARY[binary]!;
  else {
    const e = exponent ? Number(exponent.slice(1)) : DECIMAL[decimal ?? ""]!;
    if (Math.abs(e) > 64) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  if (sign === "-") num = -num;
  return { num, den };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

/** `Quantity.Value()`: base units rounded up (e.g. "1.5" → 2, "100m" → 1). NaN when malformed. */
export function quantityValue(q: string | number): number {
  const p = parseQuantity(q);
  return p ? Number(ceilDiv(p.num, p.den)) : Number.NaN;
}

/** `Quantity.MilliValue()`: milli-units rounded up (e.g. "100m" → 100, "1" → 1000). NaN when malformed. */
export function quantityMilliValue(q: string | number): number {
  const p = parseQuantity(q);
  return p ? Number(ceilDiv(p.num * 1000n, p.den)) : Number.NaN;
}

/** Exact comparison of two quantities: negative, 0 or positive; NaN when either is malformed. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (!x || !y) return Number.NaN;
  const l = x.num * y.den;
  const r = y.num * x.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Whether a string or number is a valid quantity. */
export function isQuantity(q: unknown): q is string | number {
  return (typeof q === "string" || typeof q === "number") && parseQuantity(q) !== undefined;
}
