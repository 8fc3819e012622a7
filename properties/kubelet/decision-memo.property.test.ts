/**
 * The kubelet memoises rule-set decisions by packed integer keys of their facts (PackedMemo in
 * engine/kubelet/ruleset.ts): pod-phase, pod-actions, pod-sandbox, container-restart,
 * container-restart-rules and kubelet-images. A key that merged two different fact sets would
 * return one's decision for the other; runs with the memos on (warm, shared across runs) and off
 * must give byte-identical traces and pods.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { podActionsKey, sandboxKey } from "../../engine/kubelet/actions.js";
import { phaseKey } from "../../engine/kubelet/phase.js";
import { restartKey, shouldRestartKey } from "../../engine/kubelet/restart.js";
import { PackedMemo } from "../../engine/kubelet/ruleset.js";
import { imagesKey } from "../../engine/kubelet/start.js";
import { runChoices } from "../engine/model-run.js";
import { choicesArbitrary, scenarioArbitrary } from "./scenario.arbitrary.js";

afterEach(() => {
  PackedMemo.enabled = true;
});

const policy = fc.constantFrom("Always", "OnFailure", "Never", "", "Sometimes");
const small = fc.integer({ min: -2, max: 20 });
const exit = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(-1, 256, 1.5, 137));
const b = fc.boolean();

/**
 * A packed key is sound when it is injective where defined: two fact sets with the same key
 * (other than -1, "evaluate directly") are the same facts. Checked on pairs that differ in at most
 * one fact (the pairs most likely to collide), counting how often keys were defined and equal.
 */
function injective<T extends object>(name: string, facts: fc.Arbitrary<T>, key: (f: T) => number): void {
  it(`packs ${name} facts injectively (equal keys only for equal facts)`, () => {
    let defined = 0;
    let equalKeys = 0;
    const pairs = fc.tuple(facts, facts, fc.nat()).map(([x, other, i]) => {
      const names = Object.keys(x);
      const f = names[i % names.length] as string;
      return [x, { ...x, [f]: (other as Record<string, unknown>)[f] } as T] as const;
    });
    fc.assert(
      fc.property(pairs, ([x, y]) => {
        const kx = key(x);
        const ky = key(y);
        expect(Number.isSafeInteger(kx)).toBe(true);
        if (kx >= 0) defined++;
        if (kx >= 0 && kx === ky) {
          equalKeys++;
          expect(y).toEqual(x);
        }
      }),
      { numRuns: 3000, seed: 5 },
    );
    expect(defined).toBeGreaterThan(300);
    expect(equalKeys).toBeGreaterThan(0);
  });
}

describe("packed decision keys", () => {
  injective(
    "pod-phase",
    fc.record({
      containerRestartRules: b,
      restartPolicy: policy,
      podIsTerminal: b,
      staticPod: b,
      podHasInitialized: b,
      oldPhase: fc.constantFrom("", "Pending", "Running", "Succeeded", "Failed", "Unknown"),
      pendingRegularInit: fc.integer({ min: 0, max: 1 }),
      failedInit: fc.integer({ min: 0, max: 1 }),
      failedInitNotRestartable: fc.integer({ min: 0, max: 1 }),
      pendingSidecar: fc.integer({ min: 0, max: 1 }),
      running: fc.integer({ min: 0, max: 4 }),
      waiting: fc.integer({ min: 0, max: 1 }),
      unknown: fc.integer({ min: 0, max: 1 }),
      stopped: fc.integer({ min: 0, max: 1 }),
      stoppedNotRestartable: fc.integer({ min: 0, max: 1 }),
      succeeded: fc.integer({ min: 0, max: 1 }),
    }),
    phaseKey,
  );
  injective(
    "pod-actions",
    fc.record({
      running: b,
      shouldRestart: b,
      stateUnknown: b,
      specChanged: b,
      livenessFailed: b,
      startupFailed: b,
      restartPolicy: policy,
    }),
    podActionsKey,
  );
  injective(
    "pod-sandbox",
    fc.record({
      sandboxChanged: b,
      sandboxAttempt: small,
      hasContainerStatuses: b,
      restartPolicy: policy,
      containersToStartOnNewSandbox: fc.integer({ min: -1, max: 2 }),
      anyRegularCreated: b,
      hasInitContainers: b,
      keepCount: fc.integer({ min: -1, max: 1 }),
      startCount: fc.integer({ min: -1, max: 1 }),
    }),
    sandboxKey,
  );
  injective(
    "container-restart",
    fc.record({
      deleting: b,
      hasStatus: b,
      state: fc.constantFrom("none", "created", "running", "exited", "unknown", "other"),
      containerRestartRules: b,
      containerShouldRestart: b,
      restartPolicy: policy,
      exitCode: fc.oneof(fc.constantFrom(0, 1, 137), exit),
    }),
    restartKey,
  );
  injective(
    "container-restart-rules",
    fc.record({
      containerRestartPolicy: policy,
      ruleRestarts: b,
      podRestartPolicy: policy,
      exitCode: fc.oneof(fc.constantFrom(0, 1), exit),
    }),
    shouldRestartKey,
  );
  injective(
    "kubelet-images",
    fc.record({
      policy: fc.constantFrom("Always", "IfNotPresent", "Never", "Sometimes"),
      present: b,
      failing: b,
      inBackOff: b,
      mustPull: b,
    }),
    imagesKey,
  );
});

describe("memoised kubelet decisions", () => {
  it("give the same traces and pods as evaluating every decision directly", () => {
    let rules = 0;
    fc.assert(
      fc.property(scenarioArbitrary({ maxPods: 3 }), choicesArbitrary(30), (scenario, choices) => {
        PackedMemo.enabled = true;
        const memo = runChoices(scenario, choices, { trace: true });
        PackedMemo.enabled = false;
        const direct = runChoices(scenario, choices, { trace: true });
        PackedMemo.enabled = true;
        expect(JSON.stringify(memo.trace)).toBe(JSON.stringify(direct.trace));
        expect(JSON.stringify([...memo.states.at(-1)!.pods.entries()])).toBe(
          JSON.stringify([...direct.states.at(-1)!.pods.entries()]),
        );
        for (const e of direct.trace) rules += e.rules.length;
      }),
      { numRuns: 80, seed: 23 },
    );
    // The runs took decisions (many rule ids traced), so the memos were exercised.
    expect(rules).toBeGreaterThan(1000);
  });
});
