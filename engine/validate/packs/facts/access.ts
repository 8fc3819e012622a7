/** Own-property readers for untrusted plain data (never the prototype chain). */

/** A plain object (not an array), or undefined. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** An own property of a plain object. */
export function prop(v: unknown, key: string): unknown {
  const o = obj(v);
  return o && Object.hasOwn(o, key) ? o[key] : undefined;
}

/** An own property that is a plain object. */
export function child(v: unknown, key: string): Record<string, unknown> | undefined {
  return obj(prop(v, key));
}

/** An own property that is an array ([] otherwise). */
export function list(v: unknown, key: string): readonly unknown[] {
  const a = prop(v, key);
  return Array.isArray(a) ? a : [];
}

/** An own property that is a string, or undefined. */
export function str(v: unknown, key: string): string | undefined {
  const s = prop(v, key);
  return typeof s === "string" ? s : undefined;
}

/** An own property that is a finite number, or undefined. */
export function num(v: unknown, key: string): number | undefined {
  const n = prop(v, key);
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
