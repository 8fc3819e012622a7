/**
 * The kubelet's decision tables (spec/kubernetes/*.yaml, the rule-set format), loaded and compiled
 * once per (name, Kubernetes version) by the shared rule engine (engine/rules/). The engine reads
 * decisions only through `first(facts)` / `run(facts)`, so the tables stay data.
 */
import { specPath } from "../io/paths.js";
import { compileRuleSet, type FiredEvent, loadRuleSetFile, type Rule } from "../rules/index.js";

export type Facts = Readonly<Record<string, unknown>>;
export type Fired = FiredEvent;
export type TableRule = Rule;

export interface DecisionTable {
  readonly name: string;
  /** The rule set's default upstream reference. */
  readonly upstream: string;
  readonly rules: readonly Rule[];
  first(facts: Facts): Fired | undefined;
  run(facts: Facts): Fired[];
}

const cache = new Map<string, Map<string, DecisionTable>>();

/** The rule set spec/kubernetes/NAME.yaml compiled for `version` (cached). */
export function decisionTable(name: string, version: string): DecisionTable {
  let byName = cache.get(version);
  if (!byName) {
    byName = new Map();
    cache.set(version, byName);
  }
  const hit = byName.get(name);
  if (hit) return hit;
  const rs = loadRuleSetFile(specPath("kubernetes", `${name}.yaml`));
  const compiled = compileRuleSet(rs, { kubernetesVersion: version });
  const table: DecisionTable = {
    name,
    upstream: rs.spec.upstream ?? "",
    rules: compiled.rules,
    first: (facts) => compiled.first(facts),
    run: (facts) => compiled.run(facts),
  };
  byName.set(name, table);
  return table;
}

/** The first decision, which must exist (the tables end with a catch-all rule). */
export function decide(name: string, version: string, facts: Facts): Fired {
  const f = decisionTable(name, version).first(facts);
  if (!f) throw new Error(`rule set ${name} has no rule for facts ${JSON.stringify(facts)}`);
  return f;
}

/** The upstream reference of a rule (its own, else its rule set's). */
export function upstreamOf(ruleId: string, version: string): string | undefined {
  const name = ruleId.split("/")[0] ?? "";
  try {
    const t = decisionTable(name, version);
    return t.rules.find((r) => r.id === ruleId)?.upstream ?? t.upstream;
  } catch {
    return undefined;
  }
}
