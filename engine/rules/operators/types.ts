/** The shape of one operator: the same implementation serves the compiled engine and json-rules-engine. */

export interface OperatorDefinition {
  /** Name used in conditions (`operator: quantityGreaterThan`). */
  readonly name: string;
  /** One line for docs and `explain`. */
  readonly description: string;
  /**
   * True for json-rules-engine's built-in operators: the compiled engine re-implements them with the
   * exact same JavaScript expressions, and the reference engine uses json-rules-engine's own code.
   */
  readonly builtin: boolean;
  /** Whether the condition value must be a literal (no `{fact: ...}` reference), e.g. regexes checked at load. */
  readonly literalOnly?: boolean;
  /** `factValue` is the left-hand side (fact, after `path`), `value` the right-hand side. */
  evaluate(factValue: unknown, value: unknown): boolean;
  /**
   * For operators that can throw on some inputs (only json-rules-engine built-ins, on objects whose
   * coercion fails or a non-array `in` list): true when `evaluate` might throw for these inputs.
   * The compiled engine evaluates such conditions eagerly so that errors surface exactly when the
   * reference engine (which evaluates every condition of every rule) rejects.
   */
  mayThrow?(factValue: unknown, value: unknown): boolean;
  /** Load-time check of a literal condition value: an error message, or undefined when acceptable. */
  checkValue?(value: unknown): string | undefined;
  /**
   * Specialise for a literal value known at compile time (pre-parsed selector, quantity, regex...).
   * Must return exactly `(a) => evaluate(a, value)`; the differential property checks this, since
   * json-rules-engine is given `evaluate`.
   */
  compile?(value: unknown): (factValue: unknown) => boolean;
}

/** Scalars as YAML produces them. */
export function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** A non-null object (arrays included). */
export function isObjectLike(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}

/** Own-property read of plain data (never the prototype chain). */
export function own(obj: unknown, key: string): unknown {
  return isObjectLike(obj) && Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
