/**
 * Schema validation of one document: ajv validators compiled once per (version, kind, strictness),
 * and ajv errors turned into Diagnostics with exact positions (unknown fields point at their key).
 */

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { SourceDocument } from "../io/yaml.js";
import type { Diagnostic, ObjectRef, Position } from "../model/diagnostic.js";
import { linearRegExp } from "../model/linear-regex.js";
import { escapePointerSegment } from "../model/pointer.js";
import { addKubernetesFormats, FORMAT_DESCRIPTIONS } from "./formats.js";
import { buildDefinitionsSchema, type CompactSchema } from "./k8s-schema.js";
import { closest } from "./suggest.js";

/** Rule ids of schema findings (stable: tests, --skip and the suppression annotation use them). */
export const SCHEMA_RULES = {
  unknownField: "schema/unknown-field",
  type: "schema/type",
  enum: "schema/enum",
  required: "schema/required",
  format: "schema/format",
  range: "schema/range",
  constraint: "schema/constraint",
} as const;

/** Where the API server enforces what each schema rule checks. */
export const SCHEMA_UPSTREAM: Readonly<Record<string, string>> = {
  [SCHEMA_RULES.unknownField]:
    "kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go Decode (strict field validation: unknown field)",
  [SCHEMA_RULES.type]:
    "kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go Decode",
  [SCHEMA_RULES.enum]: "kubernetes/kubernetes pkg/apis/core/validation/validation.go (supported values)",
  [SCHEMA_RULES.required]: "kubernetes/kubernetes pkg/apis/core/validation/validation.go (Required)",
  [SCHEMA_RULES.format]:
    "kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go ParseQuantity; metav1.Time UnmarshalJSON",
  [SCHEMA_RULES.range]:
    "kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go Decode",
  [SCHEMA_RULES.constraint]:
    "kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go ValidateCustomResource",
};

/**
 * Two ajv instances: a lean one (first error only) answers "is it valid?" for every document;
 * only a document that fails is validated again by the reporting one (all errors, with the
 * failing schema attached for suggestions). Most documents are valid, so most never pay for
 * collecting errors, and the lean code compiles faster.
 */
const PATTERN_ENGINE = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return linearRegExp(pattern, flags);
    } catch {
      return new RegExp(pattern, flags);
    }
  },
  { code: "linearRegExp" },
);

function makeAjv(report: boolean): Ajv {
  const a = new Ajv({
    allErrors: report,
    verbose: report,
    strict: false,
    validateSchema: false,
    addUsedSchema: false,
    inlineRefs: false,
    // Field names are data: a CRD property named `constructor` must not find Object.prototype's.
    ownProperties: true,
    // CRD patterns come from users: match them in linear time (crd.ts admits only patterns the
    // linear engine runs). The built-in API schemas are trusted and keep ordinary expressions.
    code: { optimize: false, regExp: PATTERN_ENGINE },
  });
  addKubernetesFormats(a);
  // JSON has no NaN or Infinity (YAML's .nan, .inf and 1e400 produce them): the API server never sees such a number.
  a.addKeyword({
    keyword: "x-finite",
    type: "number",
    schemaType: "boolean",
    validate: (_: boolean, n: number) => Number.isFinite(n),
    errors: false,
  });
  return a;
}

/** A check and, compiled on first failure, its reporting twin. */
export interface SchemaValidator {
  readonly check: ValidateFunction;
  report(): ValidateFunction;
}

const lean = makeAjv(false);
const full = makeAjv(true);
const compiled = new Map<string, SchemaValidator>();
const registered = new Set<string>();

function pair(compile: (a: Ajv) => ValidateFunction): SchemaValidator {
  const check = compile(lean);
  let reporting: ValidateFunction | undefined;
  return {
    check,
    report: () => {
      reporting ??= compile(full);
      return reporting;
    },
  };
}

/** The validator for a built-in definition (compiled on first use, then cached). */
export function builtinValidator(schema: CompactSchema, definition: string, strict: boolean): SchemaValidator {
  const id = `kubernetes-${schema.kubernetesVersion}-${strict ? "strict" : "open"}`;
  const key = `${id}#${definition}`;
  let v = compiled.get(key);
  if (!v) {
    if (!registered.has(id)) {
      const defs = buildDefinitionsSchema(schema, id, strict);
      lean.addSchema(defs);
      full.addSchema(defs);
      registered.add(id);
    }
    v = pair((a) => a.compile({ $ref: `${id}#/definitions/${definition}` }));
    compiled.set(key, v);
  }
  return v;
}

/** Compile an arbitrary JSON Schema (CRDs); the caller caches. */
export function compileSchema(schema: Record<string, unknown>): SchemaValidator {
  return pair((a) => a.compile(schema));
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number" && !Number.isFinite(v)) return "non-finite number";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function show(v: unknown): string {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function wanted(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(",")).filter((t) => t !== "null");
  return list.join(" or ");
}

interface Mapped {
  ruleId: string;
  messageId: string;
  message: string;
  fix: string;
  pointer: string;
  atKey: boolean;
}

function mapError(e: ErrorObject, strictHint: boolean): Mapped | undefined {
  const path = e.instancePath;
  const field = path.slice(path.lastIndexOf("/") + 1);
  switch (e.keyword) {
    case "additionalProperties": {
      const name = String((e.params as { additionalProperty: string }).additionalProperty);
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const near = closest(name, Object.keys(props));
      return {
        ruleId: SCHEMA_RULES.unknownField,
        messageId: "unknown-field",
        message: `unknown field \`${name}\`${near ? `; did you mean \`${near}\`?` : ""}`,
        fix: near
          ? `rename \`${name}\` to \`${near}\``
          : `remove \`${name}\`: the API server would reject it (strict field validation) or silently drop it${strictHint ? " (--no-strict ignores unknown fields)" : ""}`,
        pointer: `${path}/${escapePointerSegment(name)}`,
        atKey: true,
      };
    }
    case "type":
      return {
        ruleId: SCHEMA_RULES.type,
        messageId: "type",
        message: `${field ? `\`${field}\`` : "value"} must be ${wanted((e.params as { type: unknown }).type)}, got ${typeName(e.data)} ${show(e.data)}`,
        fix:
          typeof e.data === "boolean" && wanted((e.params as { type: unknown }).type).includes("string")
            ? 'quote it (e.g. "yes", "true"): kubectl reads YAML 1.1, where unquoted yes/no/on/off/y/n/true/false are booleans'
            : `change the value to ${wanted((e.params as { type: unknown }).type)}`,
        pointer: path,
        atKey: false,
      };
    case "enum": {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((v) => v !== null);
      const near = typeof e.data === "string" ? closest(e.data, allowed.map(String)) : undefined;
      return {
        ruleId: SCHEMA_RULES.enum,
        messageId: "enum",
        message: `unsupported value ${show(e.data)} for \`${field}\`: must be one of ${allowed.map(show).join(", ")}${near ? `; did you mean ${show(near)}?` : ""}`,
        fix: `use one of ${allowed.map(show).join(", ")}`,
        pointer: path,
        atKey: false,
      };
    }
    case "required": {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return {
        ruleId: SCHEMA_RULES.required,
        messageId: "required",
        message: `missing required field \`${missing}\`${path ? ` in \`${field}\`` : ""}`,
        fix: `add \`${missing}\``,
        pointer: path,
        atKey: false,
      };
    }
    case "format": {
      const f = (e.params as { format: string }).format;
      return {
        ruleId: SCHEMA_RULES.format,
        messageId: `format-${f}`,
        message: `invalid value ${show(e.data)} for \`${field}\`: must be ${FORMAT_DESCRIPTIONS[f] ?? `format ${f}`}`,
        fix: `write ${FORMAT_DESCRIPTIONS[f] ?? `a valid ${f}`}`,
        pointer: path,
        atKey: false,
      };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        ruleId: SCHEMA_RULES.range,
        messageId: e.keyword,
        message: `\`${field}\` ${e.message ?? "is out of range"} (got ${show(e.data)})`,
        fix: "use a value in the allowed range",
        pointer: path,
        atKey: false,
      };
    case "x-finite":
      return {
        ruleId: SCHEMA_RULES.type,
        messageId: "type",
        message: `\`${field || "value"}\` must be a finite number, got ${show(e.data)}`,
        fix: "write a finite number (JSON, and so the API server, has no NaN or Infinity)",
        pointer: path,
        atKey: false,
      };
    case "if":
    case "anyOf":
    case "oneOf":
    case "allOf":
    case "not":
    case "$ref":
      return undefined;
    default:
      return {
        ruleId: SCHEMA_RULES.constraint,
        messageId: e.keyword,
        message: `\`${field || "value"}\` ${e.message ?? `fails ${e.keyword}`}${e.data !== undefined && typeof e.data !== "object" ? ` (got ${show(e.data)})` : ""}`,
        fix: "make the value satisfy the schema of its CustomResourceDefinition",
        pointer: path,
        atKey: false,
      };
  }
}

/**
 * Run a compiled validator on a document and return its findings (empty when valid). Combinator
 * keywords (anyOf/oneOf) are not reported themselves: their branch errors say what is wrong.
 */
export function schemaDiagnostics(
  validator: SchemaValidator,
  doc: SourceDocument,
  objectRef: ObjectRef,
  strict: boolean,
): Diagnostic[] {
  if (validator.check(doc.value)) return [];
  const validate = validator.report();
  validate(doc.value);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const mapped = (validate.errors ?? []).map((e) => mapError(e, strict));
  // A value of the wrong type gets one finding: its range, format or enum errors would only repeat it.
  const wrongType = new Set(mapped.filter((m) => m?.ruleId === SCHEMA_RULES.type).map((m) => m!.pointer));
  for (const m of mapped) {
    if (!m) continue;
    if (m.ruleId !== SCHEMA_RULES.type && wrongType.has(m.pointer)) continue;
    const dedupe = `${m.ruleId}|${m.pointer}|${m.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const pos: Position = m.atKey ? doc.keyPositionOf(m.pointer) : doc.positionOf(m.pointer);
    out.push({
      ruleId: m.ruleId,
      messageId: m.messageId,
      severity: "error",
      message: m.message,
      objectRef,
      instancePath: m.pointer,
      file: doc.file,
      line: pos.line,
      column: pos.column,
      upstream: SCHEMA_UPSTREAM[m.ruleId],
      fix: m.fix,
    });
  }
  return out;
}
