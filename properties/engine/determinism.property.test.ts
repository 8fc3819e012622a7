/**
 * The engine is a pure function: the same scenario and choices give byte-identical traces, and
 * stepping deep-frozen states (inputs never mutated) works and gives the same result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choicesArbitrary, scenarioArbitrary } from "../kubelet/scenario.arbitrary.js";
import { deepFreeze, runChoices } from "./model-run.js";

describe("engine purity", () => {
  it("gives byte-identical traces for the same scenario and choices", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxPods: 2 }), choicesArbitrary(25), (scenario, choices) => {
        const a = runChoices(scenario, choices, { trace: true });
        const b = runChoices(scenario, choices, { trace: true });
        expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
        expect(JSON.stringify([...b.states.at(-1)!.pods.entries()])).toBe(
          JSON.stringify([...a.states.at(-1)!.pods.entries()]),
        );
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("never mutates its inputs: deep-frozen scenarios and states step to the same result", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxPods: 2 }), choicesArbitrary(20), (scenario, choices) => {
        const plain = runChoices(scenario, choices, { trace: true });
        deepFreeze(scenario);
        const frozen = runChoices(scenario, choices, { trace: true, freeze: (s) => deepFreeze(s) });
        expect(JSON.stringify(frozen.trace)).toBe(JSON.stringify(plain.trace));
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
