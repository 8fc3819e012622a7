import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "./load.js";

const DIR = new URL("../../fixtures/scenarios/", import.meta.url).pathname;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const contract = ajv.compile(
  JSON.parse(readFileSync(new URL("../../../shared/contracts/scenario.schema.json", import.meta.url), "utf8")),
);
const ours = ajv.compile(
  JSON.parse(readFileSync(new URL("../../spec/schemas/scenario.schema.json", import.meta.url), "utf8")),
);

const scenarios = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml") && !f.endsWith(".expect.yaml"))
  .filter((f) => (yaml.load(readFileSync(join(DIR, f), "utf8")) as { kind?: string } | null)?.kind === "Scenario")
  .sort();

describe("scenario files", () => {
  it("has example scenarios to check", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });
  for (const f of scenarios) {
    it(`${f} satisfies the shared Scenario contract and kubespec's schema, and loads`, () => {
      const doc = yaml.load(readFileSync(join(DIR, f), "utf8"));
      expect(contract(doc), JSON.stringify(contract.errors)).toBe(true);
      expect(ours(doc), JSON.stringify(ours.errors)).toBe(true);
      expect(loadScenarioFile(join(DIR, f)).name).toBeTruthy();
    });
  }
});
