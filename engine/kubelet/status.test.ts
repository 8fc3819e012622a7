import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod } from "../model/k8s.js";
import { kubeletConditions } from "./status.js";

const running = (name: string, ready: boolean, started = true): ContainerStatus => ({
  name,
  ready,
  restartCount: 0,
  started,
  state: { running: {} },
});

function conditions(pod: Pod, init: ContainerStatus[], regular: ContainerStatus[], phase = "Running") {
  const rules: string[] = [];
  const out = kubeletConditions(pod, init, regular, phase, true, true, "1.36", rules);
  return { byType: Object.fromEntries(out.map((c) => [c.type, c])), rules };
}

const base: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { initContainers: [{ name: "proxy", restartPolicy: "Always" }], containers: [{ name: "app" }] },
};

describe("pod conditions (pkg/kubelet/status/generate.go)", () => {
  it("counts sidecars for ContainersReady: an unready sidecar keeps the pod not Ready", () => {
    const { byType } = conditions(base, [running("proxy", false)], [running("app", true)]);
    expect(byType.ContainersReady).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [proxy]",
    });
    expect(byType.Ready?.status).toBe("False");
  });

  it("needs every readiness gate True for Ready, even with all containers ready", () => {
    const pod: Pod = {
      ...base,
      spec: { ...base.spec, readinessGates: [{ conditionType: "example.com/lb" }] },
      status: { conditions: [{ type: "example.com/lb", status: "False" }] },
    };
    const { byType, rules } = conditions(pod, [running("proxy", true)], [running("app", true)]);
    expect(byType.ContainersReady?.status).toBe("True");
    expect(byType.Ready).toMatchObject({ status: "False", reason: "ReadinessGatesNotReady" });
    expect(rules).toContain("pod-conditions/readiness-gates-not-ready");
    const gateOpen: Pod = { ...pod, status: { conditions: [{ type: "example.com/lb", status: "True" }] } };
    expect(conditions(gateOpen, [running("proxy", true)], [running("app", true)]).byType.Ready?.status).toBe("True");
  });

  it("reports PodCompleted for a Succeeded pod", () => {
    const done: ContainerStatus = {
      name: "app",
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0 } },
    };
    const { byType } = conditions(base, [], [done], "Succeeded");
    expect(byType.ContainersReady).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(byType.Initialized).toMatchObject({ status: "True", reason: "PodCompleted" });
  });
});
