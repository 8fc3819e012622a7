/**
 * Loading rule-set files: YAML with positions → JSON Schema → semantic checks (operators against the
 * registry, paths in the supported JSONPath subset, declared facts, messages, version ranges, unique
 * rule ids). Every problem becomes a Diagnostic with file:line:column and the offending rule id;
 * all problems of a file are reported together in one DiagnosticError.
 *
 * Fact declarations: when `spec.facts` is present, every fact a condition reads (as `fact` or as a
 * `{fact: ...}` value) must be declared there; without `spec.facts` fact names are not checked.
 */
import { readFileSync } from "node:fs";
import { collectInputs, type InputFile } from "../io/inputs.js";
import { parseStream, type SourceDocument } from "../io/yaml.js";
import { compareDiagnostics, type Diagnostic, DiagnosticError } from "../model/diagnostic.js";
import { toPointer } from "../model/pointer.js";
import { compareVersions, type VersionRange } from "../model/versions.js";
import { PATH_HELP } from "./path.js";
import { validateRuleSetSchema } from "./schema.js";
import { checkConditionTree } from "./semantics.js";
import type { Rule, RuleSet } from "./types.js";

type Seg = string | number;

/** Collects diagnostics for one document. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly doc: SourceDocument,
    private readonly fallbackId: string,
  ) {}

  /** Report at the value (or, with `atKey`, the key) addressed by `path`. */
  error(
    path: readonly Seg[],
    ruleId: string | undefined,
    messageId: string,
    message: string,
    fix?: string,
    atKey = false,
  ): void {
    const pointer = toPointer(path);
    const pos = atKey ? this.doc.keyPositionOf(pointer) : this.doc.positionOf(pointer);
    const d: Diagnostic = {
      ruleId: ruleId ?? this.fallbackId,
      messageId,
      severity: "error",
      message,
      instancePath: pointer,
      file: this.doc.file,
      line: pos.line,
      column: pos.column,
    };
    this.diagnostics.push(fix ? { ...d, fix } : d);
  }
}

function ruleIdAt(doc: unknown, instancePath: string): string | undefined {
  const m = /^\/spec\/rules\/(\d+)/.exec(instancePath);
  if (!m) return undefined;
  const rules = (doc as { spec?: { rules?: unknown } }).spec?.rules;
  const rule = Array.isArray(rules) ? rules[Number(m[1])] : undefined;
  const id = (rule as { id?: unknown } | undefined)?.id;
  return typeof id === "string" ? id : undefined;
}

function schemaProblems(doc: SourceDocument, r: Reporter): void {
  const seen = new Set<string>();
  for (const e of validateRuleSetSchema(doc.value)) {
    const id = ruleIdAt(doc.value, e.instancePath);
    const segs =
      e.instancePath === ""
        ? []
        : e.instancePath
            .slice(1)
            .split("/")
            .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const where = e.instancePath || "the document";
    let key: string;
    if (e.keyword === "additionalProperties") {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      key = `${e.instancePath}|extra|${prop}`;
      if (!seen.has(key))
        r.error(
          [...segs, prop],
          id,
          "unknown-field",
          `unknown field '${prop}' in ${where}`,
          "remove it or check its spelling against spec/schemas/ruleset.schema.json",
          true,
        );
    } else if (e.keyword === "required") {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      key = `${e.instancePath}|req|${prop}`;
      if (!seen.has(key))
        r.error(
          segs,
          id,
          "missing-field",
          `missing field '${prop}' in ${where}`,
          `add '${prop}' (see spec/schemas/ruleset.schema.json)`,
        );
    } else {
      key = `${e.instancePath}|${e.keyword}|${e.message}`;
      const allowed =
        e.keyword === "const" ? ` ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}` : "";
      if (!seen.has(key))
        r.error(
          segs,
          id,
          `schema-${e.keyword}`,
          `${where} ${e.message ?? "is invalid"}${allowed}`,
          schemaFix(e.instancePath, e.keyword),
        );
    }
    seen.add(key);
  }
}

function schemaFix(path: string, keyword: string): string {
  if (/\/id$/.test(path) && keyword === "pattern") return "rule ids are '<ruleset-name>/<kebab-case-name>'";
  if (/kubernetesVersions\/(min|max)$/.test(path)) return 'versions are quoted "1.N", e.g. "1.33"';
  if (/\/path$/.test(path)) return PATH_HELP;
  if (/\/any$/.test(path) && keyword === "minItems") {
    return "json-rules-engine treats an empty 'any' as true; write 'all: []' for a rule that always applies";
  }
  if (/\/conditions$/.test(path)) return "conditions is a mapping: {all: [...]}, {any: [...]} or {not: {...}}";
  return "see the rule-set format in spec/schemas/ruleset.schema.json and engine/rules/README.md";
}

function checkRange(range: VersionRange | undefined, path: readonly Seg[], id: string | undefined, r: Reporter): void {
  if (range?.min !== undefined && range.max !== undefined && compareVersions(range.min, range.max) > 0) {
    r.error(
      [...path, "kubernetesVersions"],
      id,
      "bad-version-range",
      `kubernetesVersions min ${range.min} is above max ${range.max}`,
      "swap them, or drop one bound",
    );
  }
}

function checkRule(rs: RuleSet, rule: Rule, i: number, ids: Map<string, number>, r: Reporter): void {
  const base: Seg[] = ["spec", "rules", i];
  const id = rule.id;
  const prefix = `${rs.metadata.name}/`;
  if (!id.startsWith(prefix)) {
    r.error(
      [...base, "id"],
      id,
      "bad-rule-id",
      `rule id '${id}' must start with the rule-set name '${prefix}'`,
      `rename it '${prefix}${id.split("/").pop()}'`,
    );
  }
  const prev = ids.get(id);
  if (prev !== undefined) {
    r.error(
      [...base, "id"],
      id,
      "duplicate-rule-id",
      `rule id '${id}' is already used by rule #${prev + 1} of this file`,
      "rule ids must be unique across all rule sets",
    );
  } else ids.set(id, i);
  if (rule.upstream === undefined && rs.spec.upstream === undefined) {
    r.error(
      base,
      id,
      "missing-upstream",
      `rule '${id}' does not cite upstream`,
      "add 'upstream: <repo> <file> <function>' to the rule or to spec",
    );
  }
  checkRange(rule.kubernetesVersions, base, id, r);
  checkConditionTree(rule.conditions, [...base, "conditions"], id, rs.spec.facts, r);
  const type = rule.event.type;
  if (!Object.hasOwn(rule.messages, type)) {
    r.error(
      [...base, "messages"],
      id,
      "missing-message",
      `no message for event type '${type}'`,
      `add messages: {${type}: "..."}`,
    );
  }
  // Placeholders naming no event param are left for the caller to fill (e.g. the container name).
  for (const k of Object.keys(rule.messages)) {
    if (k !== type) {
      r.error(
        [...base, "messages", k],
        id,
        "unknown-message-key",
        `message key '${k}' does not match the event type '${type}'`,
        `messages are keyed by event.type; rename it '${type}'`,
        true,
      );
    }
  }
}

/** Check one parsed document; returns the RuleSet or reports problems. */
function checkDocument(doc: SourceDocument, r: Reporter): RuleSet | undefined {
  const kind = (doc.value as { kind?: unknown } | null)?.kind;
  if (kind !== "RuleSet") {
    const what = kind === undefined ? "has no kind" : `has kind ${JSON.stringify(kind)}`;
    r.error(
      ["kind"],
      undefined,
      "not-a-ruleset",
      `not a rule set: the document ${what}`,
      "rule files start with 'apiVersion: kubespec.io/v1alpha1' and 'kind: RuleSet'",
    );
    return undefined;
  }
  schemaProblems(doc, r);
  if (r.diagnostics.length > 0) return undefined;
  const rs = doc.value as RuleSet;
  checkRange(rs.spec.kubernetesVersions, ["spec"], undefined, r);
  const ids = new Map<string, number>();
  rs.spec.rules.forEach((rule, i) => {
    checkRule(rs, rule, i, ids, r);
  });
  return r.diagnostics.length > 0 ? undefined : { ...rs, source: doc.file };
}

/**
 * Parse and check a rule-set file's text. Throws a DiagnosticError (file:line:column, rule id) on
 * any problem: bad YAML, schema violations, unknown operators or paths, bad values, undeclared facts,
 * duplicate rule ids, messages not keyed by the event type, inverted version ranges.
 */
export function loadRuleSetText(text: string, file: string): RuleSet {
  const parsed = parseStream(text, file);
  if (parsed.diagnostics.length > 0) throw new DiagnosticError(parsed.diagnostics);
  const [doc, extra] = parsed.documents;
  if (!doc) {
    throw new DiagnosticError([
      {
        ruleId: "ruleset",
        messageId: "empty",
        severity: "error",
        message: "the rule-set file is empty",
        file,
        line: 1,
        column: 1,
        fix: "write one 'kind: RuleSet' document",
      },
    ]);
  }
  if (extra) {
    const pos = extra.positionOf("");
    throw new DiagnosticError([
      {
        ruleId: "ruleset",
        messageId: "multiple-documents",
        severity: "error",
        message: "a rule-set file holds exactly one RuleSet document",
        file,
        line: pos.line,
        column: pos.column,
        fix: "split the documents into one file each",
      },
    ]);
  }
  const name = (doc.value as { metadata?: { name?: unknown } })?.metadata?.name;
  const r = new Reporter(doc, typeof name === "string" ? `ruleset:${name}` : "ruleset");
  const rs = checkDocument(doc, r);
  if (!rs) throw new DiagnosticError([...r.diagnostics].sort(compareDiagnostics));
  return rs;
}

/** Read and check one rule-set file (see loadRuleSetText). */
export function loadRuleSetFile(path: string): RuleSet {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file or directory"
        : code === "EISDIR"
          ? "is a directory"
          : String((e as Error).message);
    throw new DiagnosticError([
      {
        ruleId: "ruleset",
        messageId: "unreadable",
        severity: "error",
        message: `cannot read rule file ${path}: ${why}`,
        file: path,
        line: 1,
        column: 1,
        fix: "check the path",
      },
    ]);
  }
  return loadRuleSetText(text, path);
}

/** Options of loadRuleSets. */
export interface LoadRuleSetsOptions {
  /**
   * The facts the caller can provide, and where they are listed (for the fix): each condition reading
   * another fact (as `fact` or as a `{fact: ...}` value) is reported at that fact name.
   */
  readonly knownFacts?: { readonly has: (name: string) => boolean; readonly listedIn: string };
}

/** Conditions (and fact-reference values) reading a fact the caller does not provide, at the fact name. */
function unknownFacts(rs: RuleSet, text: string, known: NonNullable<LoadRuleSetsOptions["knownFacts"]>): Diagnostic[] {
  const doc = parseStream(text, rs.source ?? "<rules>").documents[0];
  if (!doc) return [];
  const r = new Reporter(doc, `ruleset:${rs.metadata.name}`);
  rs.spec.rules.forEach((rule, i) => {
    const stack: Array<[unknown, Seg[]]> = [[rule.conditions, ["spec", "rules", i, "conditions"]]];
    while (stack.length > 0) {
      const [c, p] = stack.pop()!;
      if (typeof c !== "object" || c === null) continue;
      const node = c as Record<string, unknown>;
      for (const k of ["all", "any"] as const) {
        const list = Object.hasOwn(node, k) ? node[k] : undefined;
        if (Array.isArray(list)) for (let j = list.length - 1; j >= 0; j--) stack.push([list[j], [...p, k, j]]);
      }
      if (Object.hasOwn(node, "not")) stack.push([node.not, [...p, "not"]]);
      const value = Object.hasOwn(node, "value") ? node.value : undefined;
      const refs: Array<[unknown, Seg[]]> = [[Object.hasOwn(node, "fact") ? node.fact : undefined, [...p, "fact"]]];
      if (typeof value === "object" && value !== null && Object.hasOwn(value, "fact")) {
        refs.push([(value as { fact: unknown }).fact, [...p, "value", "fact"]]);
      }
      for (const [name, at] of refs) {
        if (typeof name === "string" && !known.has(name)) {
          r.error(
            at,
            rule.id,
            "unknown-fact",
            `rule ${rule.id} reads fact '${name}', which no extractor provides`,
            `use a fact listed in ${known.listedIn}`,
          );
        }
      }
    }
  });
  return r.diagnostics;
}

/**
 * Load rule sets that are used together (files or directories of .yaml/.yml/.json, "-" for stdin).
 * Besides each file's own checks, rule ids must be unique across all of them, and so must rule-set
 * names. All problems of all files are reported in one DiagnosticError.
 */
export function loadRuleSets(paths: readonly string[], options: LoadRuleSetsOptions = {}): RuleSet[] {
  const files: InputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const one = collectInputs([p]);
    diagnostics.push(...one.unreadable);
    files.push(...one.files);
    if (one.files.length === 0 && one.unreadable.length === 0) {
      diagnostics.push({
        ruleId: "ruleset",
        messageId: "no-rule-files",
        severity: "error",
        message: `${p} is a directory holding no rule files (.yaml, .yml, .json)`,
        file: p,
        line: 1,
        column: 1,
        fix: "pass a directory that holds 'kind: RuleSet' files, or the rule files themselves",
      });
    }
  }
  const out: RuleSet[] = [];
  const texts = new Map<string, string>();
  for (const f of files) {
    try {
      const text = f.read();
      texts.set(f.name, text);
      const rs = loadRuleSetText(text, f.name);
      out.push(rs);
      if (options.knownFacts) diagnostics.push(...unknownFacts(rs, text, options.knownFacts));
    } catch (e) {
      if (e instanceof DiagnosticError) diagnostics.push(...e.diagnostics);
      else
        diagnostics.push({
          ruleId: "ruleset",
          messageId: "unreadable",
          severity: "error",
          message: `cannot read rule file ${f.name}: ${(e as Error).message}`,
          file: f.name,
          line: 1,
          column: 1,
          fix: "check that the file exists, is readable and is UTF-8 text",
        });
    }
  }
  diagnostics.push(...crossFileProblems(out, texts));
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  return out;
}

function crossFileProblems(sets: readonly RuleSet[], texts: ReadonlyMap<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const owner = new Map<string, string>();
  const names = new Map<string, string>();
  for (const rs of sets) {
    const file = rs.source ?? "<rules>";
    const doc = parseStream(texts.get(file) ?? "", file).documents[0];
    const at = (ptr: string) => doc?.positionOf(ptr) ?? { line: 1, column: 1 };
    const prevName = names.get(rs.metadata.name);
    if (prevName !== undefined) {
      const p = at("/metadata/name");
      out.push({
        ruleId: `ruleset:${rs.metadata.name}`,
        messageId: "duplicate-ruleset-name",
        severity: "error",
        message: `rule-set name '${rs.metadata.name}' is also used by ${prevName}`,
        file,
        line: p.line,
        column: p.column,
        instancePath: "/metadata/name",
        fix: "rule-set names must be unique",
      });
    } else names.set(rs.metadata.name, file);
    rs.spec.rules.forEach((rule, i) => {
      const prev = owner.get(rule.id);
      if (prev !== undefined && prev !== file) {
        const p = at(`/spec/rules/${i}/id`);
        out.push({
          ruleId: rule.id,
          messageId: "duplicate-rule-id",
          severity: "error",
          message: `rule id '${rule.id}' is also defined in ${prev}`,
          file,
          line: p.line,
          column: p.column,
          instancePath: `/spec/rules/${i}/id`,
          fix: "rule ids must be unique across all rule sets loaded together",
        });
      } else if (prev === undefined) owner.set(rule.id, file);
    });
  }
  return out;
}
