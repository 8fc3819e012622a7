/**
 * Go integer and float semantics the scheduler's arithmetic depends on: int64 division truncates
 * toward zero, math.Round rounds half away from zero, int64(float) truncates.
 */

/** Go's `a / b` on int64 (truncation toward zero), exact for |a| < 2^53. */
export function idiv(a: number, b: number): number {
  let q = Math.trunc(a / b);
  // Float division may round to the next integer for large operands: correct it.
  if (b > 0) {
    if (a >= 0) {
      while (q * b > a) q--;
      while ((q + 1) * b <= a) q++;
    } else {
      while (q * b < a) q++;
      while ((q - 1) * b >= a) q--;
    }
  }
  return q;
}

/** Go's `math.Round`: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Go's `int64(f)`: truncation toward zero. */
export function goInt(x: number): number {
  return Math.trunc(x);
}
