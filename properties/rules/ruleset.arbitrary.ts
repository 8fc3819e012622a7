/** Whole rule sets: 1..n rules with unique ids, priorities with ties, version ranges, messages. */
import fc from "fast-check";
import type { Condition, Rule, RuleSet, TopLevelCondition } from "../../engine/rules/types.js";
import { type ConditionConstraints, conditionArbitrary } from "./condition.arbitrary.js";

/** Constraints of the rule-set arbitrary. */
export interface RuleSetConstraints extends ConditionConstraints {
  /** Maximum number of rules. Default 6. */
  readonly maxRules?: number;
  /** Priorities to draw from (repeats make ties likely). Default [1, 1, 2, 5, 10]. */
  readonly priorities?: readonly number[];
}

const VERSIONS = ["1.32", "1.33", "1.34", "1.35", "1.36"] as const;

function topLevel(c: Condition): TopLevelCondition {
  return "all" in c || "any" in c || "not" in c ? c : { all: [c] };
}

export function ruleSetArbitrary(c: RuleSetConstraints = {}): fc.Arbitrary<RuleSet> {
  const priorities = c.priorities ?? [1, 1, 2, 5, 10];
  const rule = fc.record(
    {
      priority: fc.option(fc.constantFrom(...priorities), { nil: undefined }),
      conditions: conditionArbitrary(c).map(topLevel),
      type: fc.constantFrom("phase", "finding", "action"),
      param: fc.constantFrom("Failed", "Running", 3, true),
      versions: fc.option(
        fc
          .record({ min: fc.constantFrom(...VERSIONS), max: fc.constantFrom(...VERSIONS) }, { requiredKeys: [] })
          .filter((r) => r.min === undefined || r.max === undefined || r.min <= r.max),
        { nil: undefined, freq: 4 },
      ),
    },
    { requiredKeys: ["conditions", "type", "param"] },
  );
  return fc
    .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), rule), {
      minLength: 1,
      maxLength: c.maxRules ?? 6,
      selector: ([name]) => name,
    })
    .map((rules) => ({
      apiVersion: "kubespec.io/v1alpha1",
      kind: "RuleSet",
      metadata: { name: "gen" },
      spec: {
        upstream: "kubespec properties/rules generated",
        rules: rules.map(([name, r]): Rule => {
          const out: Rule = {
            id: `gen/${name}`,
            conditions: r.conditions,
            event: { type: r.type, params: { value: r.param } },
            messages: { [r.type]: `${name} fired with {{value}}` },
            ...(r.priority !== undefined ? { priority: r.priority } : {}),
            ...(r.versions !== undefined ? { kubernetesVersions: r.versions } : {}),
          };
          return out;
        }),
      },
    }));
}
