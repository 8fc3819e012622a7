/**
 * Model-based properties of the kubelet (with node lifecycle, taint eviction and pod GC): random
 * scenarios driven by enabledEvents must keep every transition invariant, and the generators must
 * reach the interesting states (measured, with minimum coverage asserted).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kubeletState } from "../../engine/kubelet/controller.js";
import type { Node } from "../../engine/model/k8s.js";
import type { ClusterState } from "../../engine/model/state.js";
import type { Scenario } from "../../engine/scenario/types.js";
import { enabledEvents, runScenario, step } from "../../engine/step.js";
import { runChoices } from "../engine/model-run.js";
import { BackoffOracle } from "./invariants/backoff-schedule.js";
import type { TransitionInvariant } from "./invariants/common.js";
import { neverRestartsUnderNever } from "./invariants/never-restarts-under-never.js";
import { neverUnknown } from "./invariants/never-unknown.js";
import { noAppBeforeInit } from "./invariants/no-app-before-init.js";
import { noStartAfterTerminal } from "./invariants/no-start-after-terminal.js";
import { oneRegularInitRunning } from "./invariants/one-regular-init-running.js";
import { terminalPhaseAbsorbing } from "./invariants/terminal-phase-absorbing.js";
import { podArbitrary } from "./pod.arbitrary.js";
import { choicesArbitrary, scenarioArbitrary } from "./scenario.arbitrary.js";

const NODE: Node = {
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "n1" },
  status: { allocatable: { cpu: "8", memory: "16Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
};

const INVARIANTS: Record<string, TransitionInvariant> = {
  terminalPhaseAbsorbing,
  neverUnknown,
  oneRegularInitRunning,
  noAppBeforeInit,
  neverRestartsUnderNever,
  noStartAfterTerminal,
};

/** What a run reached, for coverage. */
function reached(states: readonly ClusterState[]): Set<string> {
  const out = new Set<string>();
  for (const s of states) {
    for (const p of s.pods.values()) {
      const phase = p.status?.phase;
      if (phase === "Failed") out.add("pod Failed");
      if (phase === "Succeeded") out.add("pod Succeeded");
      if (p.metadata.deletionTimestamp) out.add("pod Terminating");
      if (p.status?.conditions?.some((c) => c.type === "DisruptionTarget")) out.add("taint eviction");
      for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
        if (cs.state?.waiting?.reason === "CrashLoopBackOff") out.add("CrashLoopBackOff");
        if (cs.state?.waiting?.reason === "ErrImagePull") out.add("image pull failure");
      }
      const sidecar = (p.status?.initContainerStatuses ?? []).find(
        (cs) =>
          cs.started && (p.spec.initContainers ?? []).some((c) => c.name === cs.name && c.restartPolicy === "Always"),
      );
      if (sidecar) out.add("sidecar started");
      for (const cs of p.status?.initContainerStatuses ?? [])
        if ((cs.state?.terminated?.exitCode ?? 0) !== 0 || (cs.lastState?.terminated?.exitCode ?? 0) !== 0)
          out.add("init failure");
    }
    for (const n of s.nodes.values())
      if (n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "Unknown")) out.add("node Unknown");
    for (const rt of kubeletState(s).runtimes.values())
      for (const list of Object.values(rt.containers)) if (list.some((c) => c.killedBy)) out.add("probe kill");
  }
  return out;
}

describe("kubelet transition invariants hold on model-based runs", () => {
  it("keeps every invariant on every transition, and the generator reaches the interesting states", () => {
    const coverage = new Map<string, number>();
    let runs = 0;
    let restartsChecked = 0;
    fc.assert(
      fc.property(scenarioArbitrary(), choicesArbitrary(40), (scenario, choices) => {
        const { states, events } = runChoices(scenario, choices);
        const oracle = new BackoffOracle();
        for (let i = 1; i < states.length; i++) {
          const prev = states[i - 1] as ClusterState;
          const next = states[i] as ClusterState;
          for (const [name, inv] of Object.entries(INVARIANTS)) {
            const v = inv(prev, next);
            if (v) throw new Error(`${name}: ${v} (after ${JSON.stringify(events[i - 1])})`);
          }
          const b = oracle.check(prev, next);
          if (b) throw new Error(`backoffSchedule: ${b} (after ${JSON.stringify(events[i - 1])})`);
        }
        runs++;
        restartsChecked += oracle.checked;
        for (const r of reached(states)) coverage.set(r, (coverage.get(r) ?? 0) + 1);
      }),
      { numRuns: 250, seed: 20261122 },
    );
    const share = (k: string) => (coverage.get(k) ?? 0) / runs;
    for (const k of [
      "CrashLoopBackOff",
      "init failure",
      "sidecar started",
      "node Unknown",
      "taint eviction",
      "pod Failed",
      "pod Succeeded",
      "pod Terminating",
      "probe kill",
      "image pull failure",
    ])
      expect(share(k), `coverage of ${k}: ${JSON.stringify(Object.fromEntries(coverage))}`).toBeGreaterThanOrEqual(
        0.03,
      );
    expect(restartsChecked).toBeGreaterThan(0);
  });

  it("keeps the CrashLoopBackOff schedule through long crash loops (10s doubling to 300s, reset after a 10-minute run)", () => {
    let checked = 0;
    let maxBackoffSeen = 0;
    fc.assert(
      fc.property(
        podArbitrary({ name: "p0", node: "n1", maxInit: 1, maxContainers: 1 }),
        fc.constantFrom("1.34", "1.36"),
        fc.array(
          fc.record({
            dt: fc.constantFrom(0, 1_000, 5_000, 20_000, 90_000, 660_000),
            exitCode: fc.constantFrom(1, 1, 0, 137),
          }),
          {
            minLength: 5,
            maxLength: 30,
          },
        ),
        (pod, version, crashes) => {
          const scenario: Scenario = {
            name: "crash",
            kubernetesVersion: version,
            nodes: [NODE],
            objects: [{ ...pod, spec: { ...pod.spec, restartPolicy: "Always" } }],
            events: [],
          };
          let state = runScenario(scenario, { until: 0, trace: false }).state;
          const oracle = new BackoffOracle();
          for (const c of crashes) {
            for (let guard = 0; guard < 40; guard++) {
              const running = kubeletState(state).runtimes.get("default/p0")?.containers.app0?.[0]?.state === "running";
              const prev = state;
              if (running) {
                state = step(
                  state,
                  {
                    type: "ContainerExited",
                    at: state.time + c.dt,
                    pod: "default/p0",
                    container: "app0",
                    exitCode: c.exitCode,
                  },
                  { trace: false },
                ).state;
              } else {
                const adv = enabledEvents(state).find((e) => e.type === "AdvanceTime");
                if (!adv) break;
                state = step(state, adv, { trace: false }).state;
              }
              const v = oracle.check(prev, state);
              if (v) throw new Error(v);
              if (running) break;
            }
          }
          checked += oracle.checked;
          for (const e of Object.values(kubeletState(state).runtimes.get("default/p0")?.backoff ?? {}))
            maxBackoffSeen = Math.max(maxBackoffSeen, e.backoff);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
    expect(checked).toBeGreaterThan(500);
    expect(maxBackoffSeen).toBe(300_000);
  });
});
