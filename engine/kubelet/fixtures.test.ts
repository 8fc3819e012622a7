/**
 * One generic tester for the kubelet tables transcribed from upstream tests (fixtures/kubelet/*.yaml):
 * getPhase (kubelet_pods_test.go), ShouldContainerBeRestarted (helpers_test.go) and
 * computePodActions (kuberuntime_manager_test.go). Each case names the upstream test and case.
 */
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { Container, ContainerStatus, Pod, PodSpec } from "../model/k8s.js";
import { computePodActions, type RuntimeView } from "./actions.js";
import { getPhase } from "./phase.js";
import { shouldContainerBeRestarted } from "./restart.js";
import type { ProbeResults, RuntimeContainer } from "./runtime.js";

type ContainerRef = string | (Partial<Container> & { name: string });

interface SpecShorthand {
  restartPolicy?: "Always" | "OnFailure" | "Never";
  initContainers?: ContainerRef[];
  sidecars?: ContainerRef[];
  containers?: ContainerRef[];
}

function toContainer(ref: ContainerRef, sidecar = false): Container {
  const c: Container = typeof ref === "string" ? { name: ref } : (ref as Container);
  return sidecar ? { ...c, restartPolicy: "Always" } : c;
}

/** Init containers keep their order: regular ones first, then sidecars, as the upstream specs list them. */
function toSpec(s: SpecShorthand): PodSpec {
  const initContainers = [
    ...(s.initContainers ?? []).map((c) => toContainer(c)),
    ...(s.sidecars ?? []).map((c) => toContainer(c, true)),
  ];
  return {
    ...(s.restartPolicy ? { restartPolicy: s.restartPolicy } : {}),
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: (s.containers ?? []).map((c) => toContainer(c)),
  };
}

/** The upstream test helpers (waitingState, runningState, ...) as data. */
function statusOf(name: string, kind: string): ContainerStatus {
  const base = { name, ready: false, restartCount: 0 };
  switch (kind) {
    case "running":
      return { ...base, state: { running: {} } };
    case "started":
      return { ...base, state: { running: {} }, started: true };
    case "stopped":
    case "succeeded":
      return { ...base, state: { terminated: { exitCode: 0 } } };
    case "failed":
      return { ...base, state: { terminated: { exitCode: -1 } } };
    case "waiting":
      return { ...base, state: { waiting: {} } };
    case "waitingLast0":
      return { ...base, state: { waiting: {} }, lastState: { terminated: { exitCode: 0 } } };
    case "waitingLastNonZero":
      return { ...base, state: { waiting: {} }, lastState: { terminated: { exitCode: -1 } } };
    default:
      throw new Error(`unknown status shorthand ${kind}`);
  }
}

function load<T>(file: string): T {
  return yaml.load(readFileSync(new URL(`../../fixtures/kubelet/${file}`, import.meta.url), "utf8")) as T;
}

interface PhaseSuite {
  test: string;
  versions?: string[];
  podHasInitialized?: boolean;
  spec?: SpecShorthand;
  cases: {
    name: string;
    spec?: SpecShorthand;
    statuses: Record<string, string>;
    podIsTerminal?: boolean;
    podHasInitialized?: boolean;
    phase: string;
  }[];
}

const phaseFile = load<{ versions: string[]; suites: PhaseSuite[] }>("pod-phase.yaml");

describe("getPhase matches the upstream kubelet_pods_test.go tables", () => {
  for (const suite of phaseFile.suites) {
    for (const version of suite.versions ?? phaseFile.versions) {
      describe(`${suite.test} (Kubernetes ${version})`, () => {
        for (const c of suite.cases) {
          it(`${c.name} → ${c.phase}`, () => {
            const spec = toSpec((c.spec ?? suite.spec) as SpecShorthand);
            const statuses = Object.entries(c.statuses).map(([n, k]) => statusOf(n, k));
            const got = getPhase({
              spec,
              statuses,
              podIsTerminal: c.podIsTerminal ?? false,
              podHasInitialized: c.podHasInitialized ?? suite.podHasInitialized ?? false,
              version,
            });
            expect(got.value).toBe(c.phase);
            expect(got.ruleId).toMatch(/^pod-phase\//);
          });
        }
      });
    }
  }
});

const restartFile = load<{
  versions: string[];
  test: string;
  containers: string[];
  runtime: Record<string, Omit<RuntimeContainer, "name" | "startedAt" | "attempt" | "image">[]>;
  policies: ("Never" | "OnFailure" | "Always")[];
  expected: Record<string, boolean[]>;
  expectedDeleted: Record<string, boolean[]>;
}>("should-restart.yaml");

describe(`ShouldContainerBeRestarted matches upstream ${restartFile.test}`, () => {
  for (const version of restartFile.versions) {
    for (const deleted of [false, true]) {
      for (const name of restartFile.containers) {
        restartFile.policies.forEach((policy, i) => {
          const want = (deleted ? restartFile.expectedDeleted : restartFile.expected)[name]?.[i];
          it(`${name} under ${policy}${deleted ? " in a deleted pod" : ""} is ${want ? "" : "not "}restarted (${version})`, () => {
            const newest = restartFile.runtime[name]?.[0];
            const rc = newest
              ? ({ name, startedAt: 0, attempt: 0, image: "", ...newest } as RuntimeContainer)
              : undefined;
            const got = shouldContainerBeRestarted(
              { name },
              { restartPolicy: policy, containers: [] },
              deleted,
              rc,
              version,
            );
            expect(got.value).toBe(want);
          });
        });
      }
    }
  }
});

interface RuntimeShorthand {
  [name: string]: { state: RuntimeContainer["state"]; exitCode?: number }[];
}

interface ActionsCase {
  name: string;
  restartPolicy?: "Always" | "OnFailure" | "Never";
  sandboxReady?: boolean;
  runtime?: RuntimeShorthand;
  keep?: string[];
  probes?: Record<string, ProbeResults>;
  expect: {
    killPod?: boolean;
    createSandbox?: boolean;
    attempt?: number;
    initToStart?: number[];
    containersToStart?: number[];
    containersToKill?: string[];
  };
}

const actionsFile = load<{
  versions: string[];
  suites: {
    test: string;
    pod: SpecShorthand;
    runtime: RuntimeShorthand;
    probes?: Record<string, ProbeResults>;
    cases: ActionsCase[];
  }[];
}>("compute-pod-actions.yaml");

function view(base: RuntimeShorthand, c: ActionsCase, probes: Record<string, ProbeResults>): RuntimeView {
  const merged: RuntimeShorthand = { ...base, ...(c.runtime ?? {}) };
  const containers: Record<string, RuntimeContainer[]> = {};
  for (const [name, list] of Object.entries(merged)) {
    if (c.keep && !c.keep.includes(name) && !(c.runtime && name in c.runtime)) continue;
    containers[name] = list.map((s, i) => ({
      name,
      startedAt: 0,
      attempt: list.length - 1 - i,
      image: "bar-image",
      ...s,
    }));
  }
  return {
    containers,
    probes: { ...probes, ...(c.probes ?? {}) },
    sandboxAttempt: 0,
    sandboxReady: c.sandboxReady ?? true,
  };
}

describe("computePodActions matches the upstream kuberuntime_manager_test.go tables", () => {
  for (const version of actionsFile.versions) {
    for (const suite of actionsFile.suites) {
      describe(`${suite.test} (Kubernetes ${version})`, () => {
        for (const c of suite.cases) {
          it(c.name, () => {
            const spec = toSpec({ ...suite.pod, ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}) });
            const pod: Pod = {
              apiVersion: "v1",
              kind: "Pod",
              metadata: { name: "foo", namespace: "new", uid: "12345678" },
              spec,
            };
            const a = computePodActions(pod, view(suite.runtime, c, suite.probes ?? {}), version);
            const e = c.expect;
            expect(a.killPod).toBe(e.killPod ?? false);
            expect(a.createSandbox).toBe(e.createSandbox ?? false);
            if (e.attempt !== undefined) expect(a.sandboxAttempt).toBe(e.attempt);
            expect(a.initToStart).toEqual(e.initToStart ?? []);
            expect(a.containersToStart).toEqual(e.containersToStart ?? []);
            expect(a.containersToKill.map((k) => k.name).sort()).toEqual([...(e.containersToKill ?? [])].sort());
          });
        }
      });
    }
  }
});
