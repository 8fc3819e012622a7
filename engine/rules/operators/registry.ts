/**
 * The operator registry: name → implementation. The compiled engine evaluates these; for the
 * reference engine the kubespec operators are registered on json-rules-engine (`registerOn`), whose
 * own built-ins stand for the standard ones, so the differential property compares the compiled
 * re-implementations against json-rules-engine's code.
 */
import { EQUALITY_OPERATORS } from "./equality.js";
import { LABEL_SELECTOR_OPERATORS } from "./label-selector.js";
import { MEMBERSHIP_OPERATORS } from "./membership.js";
import { NUMERIC_OPERATORS } from "./numeric.js";
import { PRESENCE_OPERATORS } from "./presence.js";
import { QUANTITY_OPERATORS } from "./quantity.js";
import { REGEX_OPERATORS } from "./regex.js";
import { TOLERATION_OPERATORS } from "./toleration.js";
import type { OperatorDefinition } from "./types.js";

export type { OperatorDefinition } from "./types.js";

const ALL: readonly OperatorDefinition[] = [
  ...EQUALITY_OPERATORS,
  ...MEMBERSHIP_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...QUANTITY_OPERATORS,
  ...LABEL_SELECTOR_OPERATORS,
  ...TOLERATION_OPERATORS,
  ...REGEX_OPERATORS,
  ...PRESENCE_OPERATORS,
];

/** Every operator rule files may use, by name. */
export const OPERATORS: ReadonlyMap<string, OperatorDefinition> = new Map(ALL.map((o) => [o.name, o]));

/** The operator named `name`, or undefined. */
export function getOperator(name: string): OperatorDefinition | undefined {
  return OPERATORS.get(name);
}

/** The minimal surface of json-rules-engine's Engine that registration needs. */
export interface OperatorHost {
  addOperator(name: string, cb: (factValue: unknown, jsonValue: unknown) => boolean): void;
}

/** Register kubespec's named operators on a json-rules-engine Engine (its built-ins stay its own). */
export function registerOn(engine: OperatorHost, operators: ReadonlyMap<string, OperatorDefinition> = OPERATORS): void {
  for (const op of operators.values()) {
    if (!op.builtin) engine.addOperator(op.name, (a, b) => op.evaluate(a, b));
  }
}
