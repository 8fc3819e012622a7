/**
 * Loading the kubelet's decision tables (spec/kubernetes/*.yaml, rule-set format) compiled for one
 * Kubernetes version, cached per (name, version). The engine reads decisions only through
 * `first(facts)` / `run(facts)`, so the tables stay data.
 *
 * Until the shared compiler (engine/rules/) is wired in, this file compiles the subset the kubelet
 * tables use: all/any/not, the standard comparison operators, and `{fact: other}` values.
 */
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { specPath } from "../io/paths.js";
import { inRange, type VersionRange } from "../model/versions.js";

export type Facts = Readonly<Record<string, unknown>>;

export interface TableRule {
  readonly id: string;
  readonly description?: string;
  readonly upstream?: string;
  readonly kubernetesVersions?: VersionRange;
  readonly priority?: number;
  readonly conditions: unknown;
  readonly event: { readonly type: string; readonly params?: Readonly<Record<string, unknown>> };
  readonly messages?: Readonly<Record<string, string>>;
  readonly simplification?: string;
}

export interface Fired {
  readonly ruleId: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message: string;
  readonly rule: TableRule;
}

export interface DecisionTable {
  readonly name: string;
  readonly upstream: string;
  readonly rules: readonly TableRule[];
  first(facts: Facts): Fired | undefined;
  run(facts: Facts): Fired[];
}

type Pred = (f: Facts) => boolean;

const OPS: Readonly<Record<string, (a: unknown, b: unknown) => boolean>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  lessThan: (a, b) => typeof a === "number" && typeof b === "number" && a < b,
  lessThanInclusive: (a, b) => typeof a === "number" && typeof b === "number" && a <= b,
  greaterThan: (a, b) => typeof a === "number" && typeof b === "number" && a > b,
  greaterThanInclusive: (a, b) => typeof a === "number" && typeof b === "number" && a >= b,
  in: (a, b) => Array.isArray(b) && b.includes(a),
  notIn: (a, b) => Array.isArray(b) && !b.includes(a),
};

function compile(c: unknown, where: string): Pred {
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.all)) {
    const ps = o.all.map((x) => compile(x, where));
    return (f) => ps.every((p) => p(f));
  }
  if (Array.isArray(o.any)) {
    const ps = o.any.map((x) => compile(x, where));
    return (f) => ps.some((p) => p(f));
  }
  if (o.not !== undefined) {
    const p = compile(o.not, where);
    return (f) => !p(f);
  }
  const op = OPS[String(o.operator)];
  if (typeof o.fact !== "string" || !op) throw new Error(`${where}: unsupported condition ${JSON.stringify(c)}`);
  const fact = o.fact;
  const v = o.value as { fact?: unknown } | null;
  if (v && typeof v === "object" && !Array.isArray(v) && typeof v.fact === "string") {
    const other = v.fact;
    return (f) => op(f[fact], f[other]);
  }
  return (f) => op(f[fact], v);
}

function interpolate(tpl: string, params: Readonly<Record<string, unknown>>): string {
  return tpl.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(params[k] ?? ""));
}

const cache = new Map<string, DecisionTable>();

/** The rule set spec/kubernetes/NAME.yaml compiled for `version` (cached). */
export function decisionTable(name: string, version: string): DecisionTable {
  const key = `${name}@${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const file = specPath("kubernetes", `${name}.yaml`);
  const doc = yaml.load(readFileSync(file, "utf8")) as {
    spec: { upstream?: string; kubernetesVersions?: VersionRange; rules: TableRule[] };
  };
  const rules = doc.spec.rules
    .filter((r) => inRange(version, r.kubernetesVersions ?? doc.spec.kubernetesVersions))
    .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const preds = rules.map((r) => compile(r.conditions, `${file}: ${r.id}`));
  const fire = (r: TableRule): Fired => {
    const params = r.event.params ?? {};
    const tpl = r.messages?.[r.event.type] ?? r.description ?? r.id;
    return { ruleId: r.id, type: r.event.type, params, message: interpolate(tpl, params), rule: r };
  };
  const table: DecisionTable = {
    name,
    upstream: doc.spec.upstream ?? "",
    rules,
    first(facts) {
      for (let i = 0; i < rules.length; i++) if ((preds[i] as Pred)(facts)) return fire(rules[i] as TableRule);
      return undefined;
    },
    run(facts) {
      const out: Fired[] = [];
      for (let i = 0; i < rules.length; i++) if ((preds[i] as Pred)(facts)) out.push(fire(rules[i] as TableRule));
      return out;
    },
  };
  cache.set(key, table);
  return table;
}

/** The first decision, which must exist (the tables end with a catch-all rule). */
export function decide(name: string, version: string, facts: Facts): Fired {
  const f = decisionTable(name, version).first(facts);
  if (!f) throw new Error(`rule set ${name} has no rule for facts ${JSON.stringify(facts)}`);
  return f;
}
