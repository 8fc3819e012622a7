/** The rule-set JSON Schema (spec/schemas/ruleset.schema.json), compiled once with ajv. */
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { specPath } from "../io/paths.js";

let validator: ValidateFunction | undefined;

/** The parsed rule-set schema (read from the package's spec/, so it works from src and dist). */
export function ruleSetSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(specPath("schemas", "ruleset.schema.json"), "utf8")) as Record<string, unknown>;
}

/** Validate a document against the rule-set schema; the errors are ajv's (without the `if` noise). */
export function validateRuleSetSchema(doc: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    validator = ajv.compile(ruleSetSchema());
  }
  const v = validator;
  if (v(doc)) return [];
  return (v.errors ?? []).filter((e) => e.keyword !== "if");
}
