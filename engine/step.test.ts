import { describe, expect, it } from "vitest";
import type { ClusterState, Controller, EngineEvent, StepResult } from "./model/state.js";
import { loadScenarioText } from "./scenario/load.js";
import { EngineError, MAX_SETTLE_ROUNDS, runScenario, settleRoundBound, step } from "./step.js";

/** A DaemonSet on `n` nodes whose image changes at 1m (rolling update, maxUnavailable 1). */
function daemonSetUpdate(n: number): string {
  const nodes = Array.from(
    { length: n },
    (_, i) =>
      `  - {apiVersion: v1, kind: Node, metadata: {name: n${i}}, status: {allocatable: {cpu: "8", memory: 32Gi, pods: "110"}, conditions: [{type: Ready, status: "True"}]}}\n`,
  ).join("");
  return `apiVersion: kubespec.io/v1alpha1
kind: Scenario
metadata: {name: ds-${n}}
spec:
  kubernetesVersion: "1.34"
  until: 5m
  nodes:
${nodes}  objects:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent, namespace: kube-system}
    spec:
      selector: {matchLabels: {app: agent}}
      updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          terminationGracePeriodSeconds: 0
          containers:
          - {name: agent, image: "agent:1"}
  events:
  - {at: 1m, type: UpdateTemplate, kind: DaemonSet, name: agent, namespace: kube-system, patch: {spec: {containers: [{name: agent, image: "agent:2"}]}}}
`;
}

describe("settling the controllers", () => {
  it("converges a DaemonSet rolling update across 150 nodes (more settle rounds than the fixed floor of 200)", () => {
    const scenario = loadScenarioText(daemonSetUpdate(150), "ds-150.yaml");
    const r = runScenario(scenario, { trace: false });
    const pods = [...r.state.pods.values()].filter((p) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(150);
    expect(new Set(pods.map((p) => p.spec.containers[0]!.image))).toEqual(new Set(["agent:2"]));
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(150);
  });

  it("scales the bound with the cluster, never below the floor", () => {
    expect(settleRoundBound(0, 0)).toBe(MAX_SETTLE_ROUNDS);
    expect(settleRoundBound(150, 150)).toBe(1200);
  });

  it("still reports a controller that never converges", () => {
    const scenario = loadScenarioText(daemonSetUpdate(1), "ds-1.yaml");
    let n = 0;
    const flipping: Controller = {
      name: "flipping",
      // A new state every round: never quiet.
      reconcile: (s: ClusterState): ClusterState => {
        n++;
        return { ...s };
      },
    };
    expect(() => runScenario(scenario, { trace: false, controllers: [flipping] })).toThrow(EngineError);
    expect(n).toBeGreaterThanOrEqual(MAX_SETTLE_ROUNDS);
  });
});

describe("stepping from any settled state", () => {
  it("gives the same states and traces whether or not the state is the one the last settle returned", () => {
    const scenario = loadScenarioText(daemonSetUpdate(3), "ds-3.yaml");
    const start = runScenario({ ...scenario, events: [] }, { until: 0, trace: false }).state;
    const update = scenario.events[0] as EngineEvent;
    const events: EngineEvent[] = [{ type: "AdvanceTime", at: 30_000 }, update, { type: "AdvanceTime", at: 120_000 }];
    // One chain stepped straight through (each step starts from the state the last settle returned)...
    const straight: StepResult[] = [];
    let s = start;
    for (const e of events) {
      const r = step(s, e, { trace: true });
      straight.push(r);
      s = r.state;
    }
    // ...and the same steps with another chain's step in between, so none starts from the last
    // settled state: same states, same traces.
    let t = start;
    for (const [i, e] of events.entries()) {
      step(start, { type: "AdvanceTime", at: 10_000 * (i + 1) }, { trace: true });
      const r = step(t, e, { trace: true });
      expect(JSON.stringify(r.trace)).toBe(JSON.stringify(straight[i]?.trace));
      expect(JSON.stringify([...r.state.pods.entries()])).toBe(
        JSON.stringify([...(straight[i]?.state.pods.entries() ?? [])]),
      );
      t = r.state;
    }
    expect(straight.some((r) => r.trace.some((e) => e.changes.length > 0))).toBe(true);
  });
});
