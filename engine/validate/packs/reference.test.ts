/**
 * The packs mean the same under json-rules-engine (the reference semantics) as under the compiled
 * engine: for the facts of every rule-tester manifest and of the v1.36 PSS fixtures, both fire the
 * same rules with the same events.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStream } from "../../io/yaml.js";
import { referenceRuleSets } from "../../rules/index.js";
import type { RuleSet } from "../../rules/types.js";
import { factContext } from "./facts/context.js";
import { type LoadedPacks, loadPacks } from "./index.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/packs");
const PSS = join(
  import.meta.dirname,
  "../../../../shared/conformance/pod-security-admission/test/testdata/restricted/v1.36",
);

function manifests(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const f of readdirSync(FIXTURES).filter((x) => x.endsWith(".cases.yaml"))) {
    const table = parse(readFileSync(join(FIXTURES, f), "utf8")) as {
      cases: Array<{ name: string; manifest: string }>;
    };
    for (const c of table.cases) out.push({ name: `${f}: ${c.name}`, text: c.manifest });
  }
  for (const outcome of ["pass", "fail"]) {
    const dir = join(PSS, outcome);
    for (const f of readdirSync(dir)) out.push({ name: `${outcome}/${f}`, text: readFileSync(join(dir, f), "utf8") });
  }
  return out;
}

function asRuleSet(packs: LoadedPacks): RuleSet {
  return {
    apiVersion: "kubespec.io/v1alpha1",
    kind: "RuleSet",
    metadata: { name: packs.names.join("+") },
    spec: { rules: packs.compiled.flatMap((c) => c.rules) },
  };
}

describe("packs under the reference engine", () => {
  it("fire exactly the rules the compiled engine fires, on every fixture manifest", async () => {
    const packs = loadPacks(["pod-security-restricted", "correctness", "best-practice"], "1.36");
    const reference = referenceRuleSets([asRuleSet(packs)], { kubernetesVersion: "1.36" });
    let compared = 0;
    let fired = 0;
    for (const m of manifests()) {
      for (const doc of parseStream(m.text, m.name).documents) {
        const ctx = factContext(doc.value, packs.kubernetesVersion, packs.sets);
        if (!ctx) continue;
        const facts: Record<string, unknown> = {};
        for (const [name, extract] of packs.facts) facts[name] = extract(ctx);
        const compiled = packs.compiled
          .flatMap((c) => c.run(facts))
          .map((e) => `${e.ruleId} ${e.type}`)
          .sort();
        const ref = (await reference.run(facts)).map((e) => `${e.ruleId} ${e.type}`).sort();
        expect(ref, m.name).toEqual(compiled);
        compared++;
        fired += compiled.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(fired).toBeGreaterThan(compared);
  });
});
