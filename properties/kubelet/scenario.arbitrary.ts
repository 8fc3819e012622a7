/** Scenarios of 1–3 pods on two nodes, with a Kubernetes version (ContainerRestartRules off/on). */
import fc from "fast-check";
import type { Node } from "../../engine/model/k8s.js";
import type { Scenario } from "../../engine/scenario/types.js";
import { podArbitrary } from "./pod.arbitrary.js";

export interface ScenarioConstraints {
  readonly maxPods?: number;
}

const node = (name: string): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  status: { allocatable: { cpu: "8", memory: "16Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
});

export function scenarioArbitrary(c: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      version: fc.constantFrom("1.34", "1.36"),
      pullFailures: fc.array(fc.record({ pod: fc.nat({ max: 2 }), times: fc.integer({ min: 1, max: 3 }) }), {
        maxLength: 1,
      }),
      pods: fc
        .integer({ min: 1, max: c.maxPods ?? 3 })
        .chain((n) =>
          fc.tuple(
            ...Array.from({ length: n }, (_, i) => podArbitrary({ name: `p${i}`, node: i % 2 === 0 ? "n1" : "n2" })),
          ),
        ),
    })
    .map(({ version, pods, pullFailures }) => ({
      name: "generated",
      kubernetesVersion: version,
      nodes: [node("n1"), node("n2")],
      objects: pods,
      // Image pulls that fail from the start (the only way a first pull fails).
      events: pullFailures
        .filter((f) => f.pod < pods.length)
        .map((f) => ({ type: "ImagePullFailed", at: 0, pod: `p${f.pod}`, container: "app0", times: f.times })),
    }));
}

/** The environment's choices: which enabled event to apply next and how much time passes first. */
export interface Choice {
  readonly pick: number;
  readonly dt: number;
  /** Repeat the previous event if it is enabled again (drives crash loops of one container). */
  readonly repeat: boolean;
}

export function choicesArbitrary(maxLength = 40): fc.Arbitrary<Choice[]> {
  return fc.array(
    fc.record({
      pick: fc.nat({ max: 1_000 }),
      dt: fc.constantFrom(0, 1_000, 5_000, 10_000, 30_000, 60_000, 400_000, 700_000),
      repeat: fc.constantFrom(false, false, true),
    }),
    { maxLength },
  );
}
