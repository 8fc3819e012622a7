/**
 * The reference semantics: the same rule sets run through json-rules-engine 7 itself
 * (`new Engine(rules, {allowUndefinedFacts: true})`, kubespec's named operators registered), with
 * the results in the compiled engine's shape and order. Slow (promises, cloning); for the
 * differential property, the benchmark and `--engine reference` debugging.
 */
import { Engine } from "json-rules-engine";
import { DEFAULT_VERSION } from "../model/versions.js";
import { activeRules, compareRulesForOutput, compileRuleSets, firedEventOf } from "./compile.js";
import { registerOn } from "./operators/registry.js";
import type { CompileOptions, Facts, FiredEvent, Rule, RuleSet } from "./types.js";

/** A rule-set evaluator backed by json-rules-engine. */
export interface ReferenceRuleSet {
  readonly rules: readonly Rule[];
  run(facts: Facts): Promise<FiredEvent[]>;
}

/** Build a json-rules-engine Engine for the rules of `ruleSets` that apply to the version. */
export function referenceRuleSets(ruleSets: readonly RuleSet[], options: CompileOptions = {}): ReferenceRuleSet {
  const rules = activeRules(ruleSets, options.kubernetesVersion ?? DEFAULT_VERSION);
  const byId = new Map(rules.map((r) => [r.id, { rule: r, fired: firedEventOf(r) }]));
  const engine = new Engine(
    // json-rules-engine keeps state on its Condition objects: give it its own copies.
    rules.map((r) => ({
      name: r.id,
      priority: r.priority ?? 1,
      conditions: structuredClone(r.conditions) as never,
      event: structuredClone(r.event) as never,
    })),
    { allowUndefinedFacts: true },
  );
  registerOn(engine as unknown as Parameters<typeof registerOn>[0]);
  return {
    rules,
    async run(facts: Facts): Promise<FiredEvent[]> {
      const { results } = await engine.run({ ...facts });
      return results
        .map((res) => byId.get(String(res.name))!)
        .sort((a, b) =>
          compareRulesForOutput(
            { priority: a.rule.priority ?? 1, id: a.rule.id },
            { priority: b.rule.priority ?? 1, id: b.rule.id },
          ),
        )
        .map((x) => x.fired);
    },
  };
}

/** Reference evaluator for one rule set. */
export function referenceRuleSet(ruleSet: RuleSet, options: CompileOptions = {}): ReferenceRuleSet {
  return referenceRuleSets([ruleSet], options);
}

/** Which engine evaluates rules: the compiled closures (default) or json-rules-engine (`--engine reference`). */
export type RuleEngineKind = "compiled" | "reference";

/** Either engine behind one asynchronous interface, for commands that offer `--engine`. */
export function ruleEvaluator(
  ruleSets: readonly RuleSet[],
  options: CompileOptions & { engine?: RuleEngineKind } = {},
): ReferenceRuleSet {
  if (options.engine === "reference") return referenceRuleSets(ruleSets, options);
  const compiled = compileRuleSets(ruleSets, options);
  return { rules: compiled.rules, run: async (facts) => compiled.run(facts) };
}
