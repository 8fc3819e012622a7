/**
 * `npm run bench -- rules`: the compiled rule engine against json-rules-engine, in the same run, on
 * the same fact sets, checking that both give identical results.
 *
 * Workload: every rule set bundled under spec/ (each compiled on its own, as the engine uses them),
 * with fact sets synthesised from each rule set's own literals; plus the synthetic set of issue 2
 * (20 rules, 3-5 conditions each, over pod-shaped facts). The headline figures are the bundled
 * ones when rule sets are bundled, else the synthetic ones. Last line: JSON.
 */
import { DiagnosticError } from "../engine/model/diagnostic.js";
import { bundledRuleSetFiles } from "../engine/rules/bundled.js";
import { compileRuleSet } from "../engine/rules/compile.js";
import { loadRuleSetFile } from "../engine/rules/load.js";
import { referenceRuleSet } from "../engine/rules/reference.js";
import type { Facts, FiredEvent, RuleSet } from "../engine/rules/types.js";
import { synthesizeFacts } from "./rules/facts.js";
import { syntheticRuleSet } from "./rules/synthetic.js";

const FACT_SETS = 64;
const COMPILED_MS = 1500;
const REFERENCE_MS = 3000;

interface Case {
  readonly ruleSet: RuleSet;
  readonly facts: readonly Facts[];
}

interface Result {
  readonly compiledPerS: number;
  readonly referencePerS: number;
  readonly evaluations: number;
  readonly fired: number;
}

type Outcome = string;
const outcomeOf = (f: () => FiredEvent[]): Outcome => {
  try {
    return JSON.stringify(f().map((e) => [e.ruleId, e.message]));
  } catch (e) {
    return `error ${(e as Error).name}`;
  }
};

async function measure(name: string, cases: readonly Case[]): Promise<Result> {
  const compiled = cases.map((c) => ({ run: compileRuleSet(c.ruleSet), facts: c.facts }));
  const reference = cases.map((c) => ({ run: referenceRuleSet(c.ruleSet), facts: c.facts }));
  // Identical results first, on every fact set.
  let fired = 0;
  for (let i = 0; i < cases.length; i++) {
    for (const f of cases[i]!.facts) {
      const a = outcomeOf(() => compiled[i]!.run.run(f));
      let b: Outcome;
      try {
        b = JSON.stringify((await reference[i]!.run.run(f)).map((e) => [e.ruleId, e.message]));
      } catch (e) {
        b = `error ${(e as Error).name}`;
      }
      if (a !== b) {
        throw new Error(
          `${name}: engines disagree on ${cases[i]!.ruleSet.metadata.name} with facts ${JSON.stringify(f)}:\n  compiled  ${a}\n  reference ${b}`,
        );
      }
      if (a.startsWith("[[")) fired++;
    }
  }
  const perPass = cases.reduce((n, c) => n + c.facts.length, 0);
  let sink = 0;
  let passes = 0;
  let start = performance.now();
  while (performance.now() - start < COMPILED_MS) {
    for (const c of compiled) for (const f of c.facts) sink += c.run.run(f).length;
    passes++;
  }
  const compiledPerS = (passes * perPass) / ((performance.now() - start) / 1000);
  passes = 0;
  start = performance.now();
  while (performance.now() - start < REFERENCE_MS) {
    for (const c of reference) for (const f of c.facts) sink += (await c.run.run(f)).length;
    passes++;
  }
  const referencePerS = (passes * perPass) / ((performance.now() - start) / 1000);
  if (sink < 0) console.log(sink); // keep the work observable
  const ratio = compiledPerS / referencePerS;
  console.log(
    `${name}: ${cases.length} rule set(s), ${perPass} fact sets (${fired} with events): compiled ${Math.round(compiledPerS)}/s, json-rules-engine ${Math.round(referencePerS)}/s, ratio ${ratio.toFixed(0)}, identical results`,
  );
  return { compiledPerS, referencePerS, evaluations: perPass, fired };
}

function bundledCases(): Case[] {
  const cases: Case[] = [];
  for (const file of bundledRuleSetFiles()) {
    try {
      const rs = loadRuleSetFile(file);
      cases.push({ ruleSet: rs, facts: synthesizeFacts([rs], FACT_SETS, 7) });
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      console.error(`skipping ${file}: ${e.diagnostics[0]?.message ?? "does not load"}`);
    }
  }
  return cases;
}

const synthetic = syntheticRuleSet();
const syn = await measure("synthetic", [{ ruleSet: synthetic, facts: synthesizeFacts([synthetic], 256, 11) }]);
const bundled = bundledCases();
const bun = bundled.length > 0 ? await measure("bundled", bundled) : undefined;
const head = bun ?? syn;
const round = (x: number) => Math.round(x);
console.log(
  JSON.stringify({
    bench: "rules",
    compiled_per_s: round(head.compiledPerS),
    reference_per_s: round(head.referencePerS),
    ratio: Number((head.compiledPerS / head.referencePerS).toFixed(1)),
    workload: bun ? "bundled" : "synthetic",
    bundled_rule_sets: bundled.length,
    bundled_rules: bundled.reduce((n, c) => n + c.ruleSet.spec.rules.length, 0),
    synthetic_compiled_per_s: round(syn.compiledPerS),
    synthetic_reference_per_s: round(syn.referencePerS),
    synthetic_ratio: Number((syn.compiledPerS / syn.referencePerS).toFixed(1)),
    identical: true,
  }),
);
