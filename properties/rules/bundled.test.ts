/**
 * Every rule set bundled under spec/ gives the same events in both engines, for every supported
 * Kubernetes version, on fact sets synthesised from the rule set's own literals (bench/rules/facts.ts).
 */
import { describe, expect, test } from "vitest";
import { synthesizeFacts } from "../../bench/rules/facts.js";
import { SUPPORTED_VERSIONS } from "../../engine/model/versions.js";
import { bundledRuleSetFiles } from "../../engine/rules/bundled.js";
import { compileRuleSet } from "../../engine/rules/compile.js";
import { loadRuleSetFile } from "../../engine/rules/load.js";
import { referenceRuleSet } from "../../engine/rules/reference.js";

const files = bundledRuleSetFiles();

describe("bundled rule sets agree with json-rules-engine", () => {
  test("there are bundled rule sets to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files.map((f) => [f.slice(f.indexOf("/spec/") + 1), f] as const))("%s", async (_name, file) => {
    const rs = loadRuleSetFile(file);
    const factSets = synthesizeFacts([rs], 48, 3);
    let fired = 0;
    for (const version of SUPPORTED_VERSIONS) {
      const compiled = compileRuleSet(rs, { kubernetesVersion: version });
      const reference = referenceRuleSet(rs, { kubernetesVersion: version });
      for (const facts of factSets) {
        const got = compiled.run(facts).map((e) => [e.ruleId, e.message]);
        const want = (await reference.run(facts)).map((e) => [e.ruleId, e.message]);
        expect(got, JSON.stringify(facts)).toEqual(want);
        if (got.length > 0) fired++;
      }
    }
    expect(fired, "the synthesised facts never made a rule fire").toBeGreaterThan(0);
  });
});
