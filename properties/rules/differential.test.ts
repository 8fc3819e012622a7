/**
 * The differential property of issue 2: for generated rule sets and pod-shaped facts, the compiled
 * engine and json-rules-engine (the reference) fire the same events in the same order (priority
 * desc, then rule id), or both fail the run. Generator coverage is measured and asserted.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { compileRuleSet } from "../../engine/rules/compile.js";
import { loadRuleSetText } from "../../engine/rules/load.js";
import { OPERATORS } from "../../engine/rules/operators/registry.js";
import { referenceRuleSet } from "../../engine/rules/reference.js";
import { isFactReference } from "../../engine/rules/semantics.js";
import type { Facts, FiredEvent, RuleSet } from "../../engine/rules/types.js";
import { depthOf, leavesOf } from "./condition.arbitrary.js";
import { Coverage } from "./coverage.js";
import { factsArbitrary } from "./facts.arbitrary.js";
import { ruleSetArbitrary } from "./ruleset.arbitrary.js";

const NUM_RUNS = Number(process.env.KUBESPEC_PROPERTY_RUNS ?? 2000);
const VERSIONS = ["1.32", "1.34", "1.36"] as const;

type Outcome = { ok: true; events: FiredEvent[] } | { ok: false; error: string };

function compiledOutcome(rs: RuleSet, version: string, facts: Facts): Outcome {
  try {
    return { ok: true, events: compileRuleSet(rs, { kubernetesVersion: version }).run(facts) };
  } catch (e) {
    return { ok: false, error: (e as Error).name };
  }
}

async function referenceOutcome(rs: RuleSet, version: string, facts: Facts): Promise<Outcome> {
  try {
    return { ok: true, events: await referenceRuleSet(rs, { kubernetesVersion: version }).run(facts) };
  } catch (e) {
    return { ok: false, error: (e as Error).name };
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const shape = (o: Outcome) => (o.ok ? o.events.map((e) => [e.ruleId, e.type, e.message]) : `error:${o.error}`);

function record(cov: Coverage, rs: RuleSet, outcomes: readonly Outcome[]): void {
  for (const r of rs.spec.rules) {
    cov.hit(`depth>=${Math.min(depthOf(r.conditions), 4)}`);
    for (const l of leavesOf(r.conditions)) {
      cov.hit(`op:${l.operator}`);
      if (isFactReference(l.value)) cov.hit("fact-reference");
      if (l.path !== undefined) cov.hit("path");
    }
  }
  const prios = rs.spec.rules.map((r) => r.priority ?? 1);
  if (new Set(prios).size < prios.length) cov.hit("priority-tie");
  for (const o of outcomes) {
    if (!o.ok) cov.hit("outcome:error");
    else if (o.events.length === 0) cov.hit("outcome:none-fired");
    else cov.hit(o.events.length > 1 ? "outcome:several-fired" : "outcome:one-fired");
  }
}

describe("compiled rule engine agrees with json-rules-engine", () => {
  test(`same fired events in the same order, or the same failure, on ${NUM_RUNS} generated rule sets`, async () => {
    const cov = new Coverage();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        ruleSetArbitrary(),
        fc.array(factsArbitrary(), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...VERSIONS),
        async (rs, factSets, version) => {
          deepFreeze(rs); // compiling and running never mutate the rule set
          const outcomes: Outcome[] = [];
          for (const facts of factSets.map(deepFreeze)) {
            const compiled = compiledOutcome(rs, version, facts);
            const reference = await referenceOutcome(rs, version, facts);
            expect(shape(compiled)).toEqual(shape(reference));
            // Determinism: the same facts give the same output.
            expect(shape(compiledOutcome(rs, version, facts))).toEqual(shape(compiled));
            outcomes.push(compiled);
          }
          record(cov, rs, outcomes);
        },
      ),
      { numRuns: NUM_RUNS, seed: process.env.KUBESPEC_SEED ? Number(process.env.KUBESPEC_SEED) : undefined },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`differential: ${NUM_RUNS} runs in ${seconds.toFixed(1)} s; ${cov.summary()}`);
    // Generator coverage: every operator, every outcome, deep trees, ties, references and paths.
    for (const op of OPERATORS.keys())
      expect(cov.get(`op:${op}`), `operator ${op} never generated`).toBeGreaterThan(20);
    for (const o of ["none-fired", "one-fired", "several-fired", "error"]) {
      expect(cov.get(`outcome:${o}`), `outcome ${o} never reached`).toBeGreaterThan(10);
    }
    expect(cov.get("outcome:error")).toBeLessThan(cov.get("outcome:none-fired") + cov.get("outcome:one-fired"));
    expect(cov.get("depth>=3") + cov.get("depth>=4")).toBeGreaterThan(NUM_RUNS / 10);
    expect(cov.get("priority-tie")).toBeGreaterThan(NUM_RUNS / 10);
    expect(cov.get("fact-reference")).toBeGreaterThan(NUM_RUNS / 10);
  });

  test("every generated rule set survives a YAML round trip through the loader", () => {
    fc.assert(
      fc.property(ruleSetArbitrary(), (rs) => {
        const text = stringify(rs);
        const loaded = loadRuleSetText(text, "generated.yaml");
        expect(loaded.spec.rules).toEqual(parseYaml(text).spec.rules);
      }),
      { numRuns: 150 },
    );
  });
});
