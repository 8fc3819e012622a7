/**
 * The sim.kubespec.io/run scenario device: its syntax, the kubelet's exit timers (each run exits
 * after the duration, restarts included, exactly as a ContainerExited event would), and the loader
 * refusing a malformed annotation at its line:column with exit 2.
 */
import { describe, expect, it } from "vitest";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";
import { DiagnosticError } from "../model/diagnostic.js";
import type { TraceEntry } from "../model/state.js";
import { loadScenarioText } from "../scenario/load.js";
import { runScenario } from "../step.js";
import { parseRunAnnotation } from "./scripted-run.js";

describe("parseRunAnnotation", () => {
  it("reads several NAME=DURATION:CODE entries with spaces around the commas", () => {
    const r = parseRunAnnotation("app=30s:0 , side=1m30s:137,init=250ms:1", ["app", "side", "init"]);
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(r.runs)).toEqual({
      app: { durationMs: 30_000, exitCode: 0 },
      side: { durationMs: 90_000, exitCode: 137 },
      init: { durationMs: 250, exitCode: 1 },
    });
  });

  it.each([
    ["app=30:0", /not NAME=DURATION:CODE|not a positive duration/],
    ["app=30s", /not NAME=DURATION:CODE/],
    ["app=0s:0", /not a positive duration/],
    ["app=30s:256", /not in 0-255/],
    ["app=30s:-1", /not NAME=DURATION:CODE/],
    ["app=30s:0,app=10s:1", /named twice/],
    ["other=30s:0", /no container "other"/],
    ["", /not NAME=DURATION:CODE/],
  ])("refuses %j", (value, msg) => {
    const r = parseRunAnnotation(value, ["app"]);
    expect(r.errors.join("; ")).toMatch(msg);
  });
});

const scenario = (annotation: string | undefined, policy: string, events = "") => `
apiVersion: kubespec.io/v1alpha1
kind: Scenario
metadata: {name: scripted}
spec:
  kubernetesVersion: "1.34"
  nodes:
  - apiVersion: v1
    kind: Node
    metadata: {name: n1}
    status: {allocatable: {cpu: "8", memory: 32Gi, pods: "110"}, conditions: [{type: Ready, status: "True"}]}
  objects:
  - apiVersion: v1
    kind: Pod
    metadata: {name: web${annotation ? `, annotations: {sim.kubespec.io/run: "${annotation}"}` : ""}}
    spec: {nodeName: n1, restartPolicy: ${policy}, containers: [{name: app, image: "nginx:1"}]}
${events ? `  events:\n${events}` : ""}`;

const exits = (trace: readonly TraceEntry[]) =>
  trace.flatMap((e) =>
    e.changes.filter((c) => c.field === "runtime.app" && c.to !== "running").map((c) => [e.t, c.to] as const),
  );

describe("scripted runs in the kubelet", () => {
  it("re-runs an OnFailure container the same way after each crash-loop back-off", () => {
    const r = runScenario(loadScenarioText(scenario("app=30s:1", "OnFailure"), "s.yaml"), { until: 200_000 });
    // start 0s, exit 30s; the first restart is not backed off (no entry yet): start 30s, exit 60s;
    // back-off 10s: start 70s, exit 100s; back-off 20s: start 120s, exit 150s; back-off 40s: start 190s
    expect(exits(r.trace)).toEqual([
      [30_000, "exited(1)"],
      [60_000, "exited(1)"],
      [100_000, "exited(1)"],
      [150_000, "exited(1)"],
    ]);
    expect(r.trace.filter((e) => e.rules.includes("simulation/scripted-exit")).map((e) => e.t)).toEqual([
      30_000, 60_000, 100_000, 150_000,
    ]);
    expect(r.trace.some((e) => e.rules.includes("crashloop-backoff/default"))).toBe(true);
    expect(r.state.pods.get("default/web")?.status?.containerStatuses?.[0]?.restartCount).toBe(4);
  });

  it("leaves the pod exactly as a ContainerExited event at the same time would", () => {
    const scripted = runScenario(loadScenarioText(scenario("app=30s:0", "Never"), "s.yaml"), { until: 60_000 });
    const event = runScenario(
      loadScenarioText(
        scenario(undefined, "Never", "  - {at: 30s, type: ContainerExited, pod: web, container: app, exitCode: 0}\n"),
        "s.yaml",
      ),
      { until: 60_000 },
    );
    const status = scripted.state.pods.get("default/web")?.status;
    expect(status?.phase).toBe("Succeeded");
    expect(status).toEqual(event.state.pods.get("default/web")?.status);
  });

  it("does not exit a container that was never named, and a container without the annotation keeps running", () => {
    const r = runScenario(loadScenarioText(scenario(undefined, "Always"), "s.yaml"), { until: 600_000 });
    expect(exits(r.trace)).toEqual([]);
    expect(r.state.pods.get("default/web")?.status?.phase).toBe("Running");
  });
});

describe("the scenario loader", () => {
  it("refuses a malformed annotation on a bare Pod at the annotation's line:column", () => {
    let diags: DiagnosticError["diagnostics"] = [];
    try {
      loadScenarioText(scenario("app=30s:0,ap=1s:0", "Never"), "s.yaml");
    } catch (e) {
      if (e instanceof DiagnosticError) diags = e.diagnostics;
    }
    expect(diags.map((d) => [d.line, d.column, d.ruleId])).toEqual([[15, 62, "simulation/scripted-exit"]]);
    expect(diags[0]?.message).toMatch(/the pod has no container "ap"/);
  });

  it("makes simulate exit 2 naming file:line:column for a Job template's malformed annotation", async () => {
    const io = memoryIO();
    const code = await main(["simulate", "fixtures/scenarios/bad/bad-run-annotation.yaml"], io);
    expect(code).toBe(2);
    expect(io.err).toContain("fixtures/scenarios/bad/bad-run-annotation.yaml:14:46");
    expect(io.err).toMatch(/"20" in "work=20:0" is not a positive duration/);
    expect(io.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
