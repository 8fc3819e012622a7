/**
 * CustomResourceDefinitions: their `openAPIV3Schema` (structural schema) translated into an ajv
 * schema, so custom resources are validated like built-in kinds.
 *
 * Mirrors the API server's handling of structural schemas
 * (kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema:
 * pruning.go Prune, objectmeta, and validation/validation.go ValidateCustomResource):
 * - unknown fields are pruned, reported as errors in strict mode, unless
 *   `x-kubernetes-preserve-unknown-fields: true`;
 * - `x-kubernetes-int-or-string: true` accepts integers and strings;
 * - `x-kubernetes-embedded-resource: true` objects carry apiVersion, kind and metadata;
 * - `nullable: true` accepts null; OpenAPI v3.0 boolean exclusiveMinimum/Maximum are converted.
 * Simplification: `x-kubernetes-validations` (CEL) rules are not evaluated; formats other than
 * those in formats.ts are ignored; patterns JavaScript cannot run safely are skipped (safePattern).
 */
import jsyaml from "js-yaml";
import { linearRegExpProblem } from "../model/linear-regex.js";
import { compileUntrustedPattern } from "../rules/operators/regex.js";
import { fastLoadAll } from "./fast-yaml.js";
import { isKnownFormat } from "./formats.js";
import { compileSchema, type SchemaValidator } from "./schema.js";

type Json = Record<string, unknown>;

const PASSTHROUGH = [
  "enum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "multipleOf",
  "minProperties",
  "maxProperties",
  "required",
] as const;

/**
 * The CRD's Go (RE2) pattern as a JavaScript pattern, or undefined when kubespec does not check it:
 * RE2 never backtracks; kubespec matches CRD patterns with V8's linear-time engine where it can
 * (the ajv instances in schema.ts; nested quantifiers are safe there) and otherwise under the rule
 * files' regex policy (engine/rules/operators/regex.ts), so patterns outside both (backreferences,
 * lookaround), RE2 flags such as `(?i)`, and patterns JavaScript cannot parse are skipped
 * rather than risk hanging on user input or misreading the pattern.
 */
export function safePattern(pattern: unknown): string | undefined {
  if (typeof pattern !== "string" || pattern.length > 512) return undefined;
  if (pattern.includes("(?") || /\\[1-9k]/.test(pattern)) return undefined;
  // The linear engine runs any pattern it accepts safely (even `^(a+)+$`); others need the policy.
  if (linearRegExpProblem(pattern) !== undefined && compileUntrustedPattern(pattern) === null) return undefined;
  try {
    new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  return pattern;
}

function isObj(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Translate one structural-schema node into JSON Schema (draft-07 as ajv reads it). */
export function toAjvSchema(node: unknown, strict: boolean, root = false): Json {
  if (!isObj(node)) return {};
  const out: Json = {};
  const nullable = node.nullable === true;
  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
  const embedded = node["x-kubernetes-embedded-resource"] === true;
  if (node["x-kubernetes-int-or-string"] === true) {
    out.type = nullable ? ["integer", "string", "null"] : ["integer", "string"];
  } else if (typeof node.type === "string") {
    out.type = nullable ? [node.type, "null"] : node.type;
  }
  for (const k of PASSTHROUGH) if (node[k] !== undefined) out[k] = node[k];
  if (Array.isArray(out.enum) && nullable) out.enum = [...out.enum, null];
  const pattern = safePattern(node.pattern);
  if (pattern !== undefined) out.pattern = pattern;
  if (typeof node.format === "string" && isKnownFormat(node.format)) out.format = node.format;
  for (const k of ["minimum", "maximum"] as const) {
    if (typeof node[k] !== "number") continue;
    const exclusive = node[k === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum"] === true;
    out[exclusive ? (k === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum") : k] = node[k];
  }
  for (const k of ["allOf", "anyOf", "oneOf"] as const) {
    if (Array.isArray(node[k])) out[k] = (node[k] as unknown[]).map((s) => toAjvSchema(s, strict));
  }
  if (isObj(node.not)) out.not = toAjvSchema(node.not, strict);
  if (node.items !== undefined) out.items = toAjvSchema(node.items, strict);
  // fromEntries defines own properties, so a property named `__proto__` stays a property.
  const props: Json = isObj(node.properties)
    ? Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, toAjvSchema(v, strict)]))
    : {};
  if (root || embedded) {
    props.apiVersion ??= { type: "string" };
    props.kind ??= { type: "string" };
    props.metadata ??= { type: "object" };
  }
  if (Object.keys(props).length > 0) out.properties = props;
  if (isObj(node.additionalProperties)) {
    out.additionalProperties = toAjvSchema(node.additionalProperties, strict);
  } else if (node.additionalProperties === false || node.additionalProperties === true) {
    out.additionalProperties = node.additionalProperties;
  } else if (strict && !preserve && (node.type === "object" || isObj(node.properties)) && out.properties) {
    // Pruning: fields the structural schema does not specify are dropped by the API server.
    out.additionalProperties = false;
  }
  return out;
}

/** A custom resource's identity and how to validate it. */
export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  /** The CRD that defines it (for messages). */
  crdName: string;
  schema: unknown;
  /** Where the CRD's openAPIV3Schema is malformed (file:line:column), when it is: nothing can be validated. */
  broken?: string;
  /** The CRD document's source text and this version's index in it, when the source was given: a content key of `schema`. */
  source?: { text: string; index: number };
  /**
   * `schema` was let go (its source text is known): the registry keeps no CRD object alive for
   * the rest of the run; the source text gives the schema back when a validator must be compiled.
   */
  dropped?: boolean;
}

/**
 * The versions a CRD object serves, with their schemas; [] when it is not a usable CRD. Reads
 * apiextensions.k8s.io/v1 (`spec.versions[].schema.openAPIV3Schema`) and the removed v1beta1 form
 * (`spec.validation.openAPIV3Schema` shared by `spec.version` / `spec.versions[]`), which still
 * appears in old charts and in `--crd` files.
 */
export function crdVersions(crd: unknown): CrdVersion[] {
  if (!isObj(crd) || !isObj(crd.spec)) return [];
  const spec = crd.spec;
  const names = isObj(spec.names) ? spec.names : {};
  const group = typeof spec.group === "string" ? spec.group : undefined;
  const kind = typeof names.kind === "string" ? names.kind : undefined;
  if (!group || !kind) return [];
  const crdName = isObj(crd.metadata) && typeof crd.metadata.name === "string" ? crd.metadata.name : kind;
  const shared = isObj(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions: unknown[] = Array.isArray(spec.versions)
    ? spec.versions
    : typeof spec.version === "string"
      ? [{ name: spec.version }]
      : [];
  const out: CrdVersion[] = [];
  for (const v of versions) {
    if (!isObj(v) || typeof v.name !== "string") continue;
    const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : shared;
    out.push({ group, version: v.name, kind, crdName, schema });
  }
  return out;
}

/**
 * Compiled CRD validators shared by every Validator of the process, keyed by the schema's content:
 * the same CRD in the next run (or the next --crd file) is not compiled again. Bounded.
 */
const sharedValidators = new Map<string, SchemaValidator | null>();
const SHARED_MAX = 256;

/**
 * The same for CRDs whose source text is known: equal texts parse to equal schemas, so the text
 * is the content key, compared with the few texts cached for the same kind and version (a string
 * comparison, without serialising or hashing a schema of hundreds of kilobytes in every run).
 */
const sharedBySource = new Map<string, Array<{ text: string; validator: SchemaValidator | null }>>();
let sharedBySourceCount = 0;

function compile(schema: unknown, strict: boolean): SchemaValidator | null {
  return compileSchema(toAjvSchema(schema, strict, true));
}

function bucketOf(entry: CrdVersion, index: number, strict: boolean): string {
  return `${strict ? 1 : 0}${entry.group}/${entry.version}|${entry.kind}|${index}`;
}

/** The cached validator compiled from an equal source text, if any. */
function cachedBySource(entry: CrdVersion, strict: boolean): { validator: SchemaValidator | null } | undefined {
  const source = entry.source;
  if (!source) return undefined;
  return sharedBySource.get(bucketOf(entry, source.index, strict))?.find((c) => c.text === source.text);
}

/** A dropped entry's schema, read again from its source text (equal text, equal value). */
function schemaFromSource(entry: CrdVersion): unknown {
  const text = entry.source!.text;
  const values = fastLoadAll(text) ?? jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  return crdVersions(values[0])[entry.source!.index]?.schema;
}

function compiledFor(entry: CrdVersion, strict: boolean): SchemaValidator | null {
  const source = entry.source;
  if (source) {
    const hit = cachedBySource(entry, strict);
    if (hit) return hit.validator;
  }
  const schema = entry.dropped ? schemaFromSource(entry) : entry.schema;
  if (schema === undefined) return null;
  if (source) {
    const bucket = bucketOf(entry, source.index, strict);
    let cached = sharedBySource.get(bucket);
    const validator = compile(schema, strict);
    if (sharedBySourceCount >= SHARED_MAX) {
      sharedBySource.clear();
      sharedBySourceCount = 0;
      cached = undefined;
    }
    // A copy, so that the cache holds the CRD's text and not the whole file it was sliced from.
    const text = Buffer.from(source.text, "utf8").toString("utf8");
    if (cached) cached.push({ text, validator });
    else sharedBySource.set(bucket, [{ text, validator }]);
    sharedBySourceCount++;
    return validator;
  }
  const key = `${strict ? 1 : 0}${JSON.stringify(schema)}`;
  let v = sharedValidators.get(key);
  if (v === undefined) {
    v = compile(schema, strict);
    if (sharedValidators.size >= SHARED_MAX) sharedValidators.delete(sharedValidators.keys().next().value!);
    sharedValidators.set(key, v);
  }
  return v;
}

/** Known custom resource kinds and their (lazily compiled) validators. */
export class CrdRegistry {
  private readonly entries = new Map<string, CrdVersion>();
  private readonly validators = new Map<string, SchemaValidator | null>();

  /**
   * Register every version of a CRD object. The first definition of a kind wins (--crd files are
   * registered before the input), so one input holding two revisions of a CRD is deterministic.
   * `source`, the CRD document's text when known, keys the compiled-validator cache and stands in
   * for the schema, which is let go.
   */
  add(crd: unknown, source?: string): number {
    const vs = crdVersions(crd);
    vs.forEach((v, i) => {
      const key = `${v.group}/${v.version}|${v.kind}`;
      if (this.entries.has(key)) return;
      // Equal source texts parse to equal CRDs, so the text and the version's index key its schema.
      if (source !== undefined) {
        // The text is kept instead of the schema (megabytes of objects for the garbage collector to
        // copy for the rest of the run): a cached validator answers, else the text is read again.
        v.source = { text: source, index: i };
        v.schema = undefined;
        v.dropped = true;
      }
      this.entries.set(key, v);
    });
    return vs.length;
  }

  /**
   * Record that this CRD object's schemas are malformed (at `where`), for the kinds it defined
   * here (the entry's source text equals `source`, or without sources, its schema is this one).
   */
  markBroken(crd: unknown, where: string, source?: string): void {
    for (const v of crdVersions(crd)) {
      const entry = this.entries.get(`${v.group}/${v.version}|${v.kind}`);
      if (!entry) continue;
      const same = entry.source && source !== undefined ? entry.source.text === source : entry.schema === v.schema;
      if (same) entry.broken = where;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The definition of apiVersion/kind, if a CRD declared it. */
  find(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.entries.get(`${apiVersion}|${kind}`);
  }

  /** The validator of a registered kind; null when its CRD version has no schema. */
  validator(apiVersion: string, kind: string, strict: boolean): SchemaValidator | null | undefined {
    const key = `${apiVersion}|${kind}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const vkey = `${key}|${strict ? 1 : 0}`;
    let v = this.validators.get(vkey);
    if (v === undefined) {
      v = compiledFor(entry, strict);
      this.validators.set(vkey, v);
    }
    return v;
  }
}
