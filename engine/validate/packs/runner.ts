/**
 * The pack runner: compiles each selected pack's rule sets once for a Kubernetes version, computes
 * only the facts enabled rules read, runs the compiled rules per document, and turns each finding of
 * a fired rule (an offending field's JSON Pointer) into one Diagnostic at its exact position.
 */
import type { SourceDocument } from "../../io/yaml.js";
import {
  clipText,
  compareDiagnostics,
  type Diagnostic,
  type ObjectRef,
  objectRefOf,
  type Position,
} from "../../model/diagnostic.js";
import type { CompiledRuleSet, FiredEvent, Rule } from "../../rules/types.js";
import { factContext } from "./facts/context.js";
import { EXTRACTORS, POD_SCOPED } from "./facts/registry.js";
import type { Extractor, Finding } from "./facts/types.js";

/** Packs compiled for one Kubernetes version; reuse it for every document. */
export interface LoadedPacks {
  readonly names: readonly string[];
  readonly kubernetesVersion: string;
  readonly compiled: readonly CompiledRuleSet[];
  /** The facts the enabled rules read, with their extractors. */
  readonly facts: ReadonlyArray<readonly [string, Extractor]>;
  /** Value sets from the packs' data files, resolved for kubernetesVersion. */
  readonly sets: ReadonlyMap<string, ReadonlySet<string>>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** A message template split once into literal text (even indexes) and placeholder names (odd indexes). */
const templates = new Map<string, readonly string[]>();

function partsOf(template: string): readonly string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    templates.set(template, parts);
  }
  return parts;
}

/** Fill `{{name}}` from the finding first, then the event params; unknown names stay as written. */
function render(template: string, finding: Finding, params: Readonly<Record<string, unknown>>): string {
  const parts = partsOf(template);
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const v = Object.hasOwn(finding, name) ? finding[name] : Object.hasOwn(params, name) ? params[name] : undefined;
    out += v === undefined || v === null ? `{{${name}}}` : clipText(String(v), MAX_VALUE_CHARS);
    out += parts[i + 1] ?? "";
  }
  return out;
}

/** Longest value copied into a message: a 200 kB name is quoted by its start, not in full. */
const MAX_VALUE_CHARS = 100;

function isFinding(v: unknown): v is Finding {
  return v !== null && typeof v === "object" && typeof (v as { pointer?: unknown }).pointer === "string";
}

/** The findings a fired event reports: the list fact named by params.findings, else the object itself. */
function findingsOf(event: FiredEvent, facts: Readonly<Record<string, unknown>>): readonly Finding[] {
  const name = event.params.findings;
  if (typeof name === "string") {
    const v = facts[name];
    if (Array.isArray(v)) return v.filter(isFinding);
  }
  const at = event.params.pointer;
  return [{ pointer: typeof at === "string" ? at : "" }];
}

function toDiagnostic(
  doc: SourceDocument,
  rule: Rule,
  event: FiredEvent,
  finding: Finding,
  objectRef: ObjectRef,
  positions: Map<string, Position>,
): Diagnostic {
  // A container's findings share its pointer (one workload has a dozen best-practice findings on it).
  let pos = positions.get(finding.pointer);
  if (!pos) {
    pos = doc.keyPositionOf(finding.pointer);
    positions.set(finding.pointer, pos);
  }
  const d: Diagnostic = {
    ruleId: event.ruleId,
    messageId: event.type,
    severity: rule.severity ?? "error",
    message: render(rule.messages[event.type] ?? event.message, finding, event.params),
    objectRef,
    instancePath: doc.basePointer + finding.pointer,
    file: doc.file,
    line: pos.line,
    column: pos.column,
  };
  if (rule.upstream !== undefined) d.upstream = rule.upstream;
  if (rule.remediation !== undefined) d.fix = rule.remediation;
  return d;
}

/**
 * One facts object per fact list, refilled for every document: the same keys are stored in the
 * same order each time, so after the first document every store updates an existing property
 * instead of growing a fresh 80-property object (measured: ~11% of the packs' time). Safe because
 * checkDocument is synchronous and nothing it returns refers to the facts object.
 */
const scratch = new WeakMap<object, Record<string, unknown>>();

function scratchFor(facts: LoadedPacks["facts"]): Record<string, unknown> {
  let o = scratch.get(facts);
  if (!o) {
    o = {};
    scratch.set(facts, o);
  }
  return o;
}

/** In podlessFacts' list: the fact is computed for every document. */
const NOT_SCOPED: unique symbol = Symbol("not pod-scoped");

const podless = new WeakMap<LoadedPacks, readonly unknown[]>();

/**
 * Per fact of `packs.facts`, its value on any document without a pod spec when it is pod-scoped
 * (registry.ts POD_SCOPED), else NOT_SCOPED. Computed once per loaded packs; the values are frozen
 * because every pod-less document shares them.
 */
function podlessFacts(packs: LoadedPacks): readonly unknown[] {
  let values = podless.get(packs);
  if (!values) {
    const ctx = factContext({ kind: "ConfigMap" }, packs.kubernetesVersion, packs.sets);
    values = packs.facts.map(([name, extract]) =>
      ctx && POD_SCOPED.has(name) ? Object.freeze(extract(ctx)) : NOT_SCOPED,
    );
    podless.set(packs, values);
  }
  return values;
}

/** Run the loaded packs on one parsed document; findings sorted by position then rule id. */
export function checkDocument(packs: LoadedPacks, doc: SourceDocument): Diagnostic[] {
  const ctx = factContext(doc.value, packs.kubernetesVersion, packs.sets);
  if (!ctx) return [];
  const facts = scratchFor(packs.facts);
  const shared = ctx.pod === undefined ? podlessFacts(packs) : undefined;
  // An indexed loop: `for (const [name, extract] of ...)` destructures through the iterator
  // protocol until the JIT optimises it, and this loop runs ~80 times per document.
  const list = packs.facts;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!;
    const value = shared === undefined ? NOT_SCOPED : shared[i];
    facts[entry[0]] = value === NOT_SCOPED ? entry[1](ctx) : value;
  }
  const out: Diagnostic[] = [];
  let objectRef: ObjectRef | undefined;
  let positions: Map<string, Position> | undefined;
  for (const compiled of packs.compiled) {
    for (const event of compiled.run(facts)) {
      objectRef ??= objectRefOf(ctx.object);
      positions ??= new Map();
      for (const f of findingsOf(event, facts)) out.push(toDiagnostic(doc, event.rule, event, f, objectRef, positions));
    }
  }
  return out.length > 1 ? out.sort(compareDiagnostics) : out;
}

/** Fact names a rule reads (conditions, fact-valued comparisons, and the findings list it reports). */
export function factsOfRule(rule: Rule): string[] {
  const names = new Set<string>();
  const walk = (c: unknown): void => {
    if (c === null || typeof c !== "object") return;
    const o = c as Record<string, unknown>;
    for (const k of ["all", "any"]) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach(walk);
    if (o.not) walk(o.not);
    if (typeof o.fact === "string") names.add(o.fact);
    const v = o.value as { fact?: unknown } | undefined;
    if (v && typeof v === "object" && typeof v.fact === "string") names.add(v.fact);
  };
  walk(rule.conditions);
  const f = rule.event.params?.findings;
  if (typeof f === "string") names.add(f);
  return [...names];
}

/** The extractors for a set of fact names, in a stable order; names no extractor provides are left out. */
export function extractorsFor(names: Iterable<string>): Array<readonly [string, Extractor]> {
  const out: Array<readonly [string, Extractor]> = [];
  for (const n of [...new Set(names)].sort()) {
    const extract = Object.hasOwn(EXTRACTORS, n) ? EXTRACTORS[n] : undefined;
    if (extract) out.push([n, extract]);
  }
  return out;
}
