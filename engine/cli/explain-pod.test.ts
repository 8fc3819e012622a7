import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { memoryIO } from "./io.js";
import { main } from "./main.js";

const contract = JSON.parse(
  readFileSync(new URL("../../../shared/contracts/explain-pod.schema.json", import.meta.url), "utf8"),
);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(contract);

async function explain(file: string, ...extra: string[]) {
  const io = memoryIO();
  const code = await main(["explain", "pod", `fixtures/kubelet/pods/${file}`, ...extra], io);
  return { code, out: io.out, err: io.err };
}

describe("kubespec explain pod", () => {
  it("explains a crash-looping pod: Running, not Ready, restart the app, keep the sidecar", async () => {
    const r = await explain("crashloop.yaml", "-o", "json", "--kubernetes-version", "1.34");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.phase).toBe("Running");
    expect(doc.phaseRule).toBe("pod-phase/running");
    expect(doc.conditions.find((c: { type: string }) => c.type === "Ready").status).toBe("False");
    expect(doc.actions.start).toEqual(["app"]);
    expect(doc.actions.keep).toEqual(["proxy"]);
    const app = doc.actions.containers.find((c: { container: string }) => c.container === "app");
    expect(app.rule).toBe("pod-actions/start");
    expect(app.upstream).toMatch(/kuberuntime_manager.go/);
    expect(doc.rules).toContain("container-restart/restart");
  });

  it("explains an init failure under Never as Failed with the pod killed", async () => {
    const doc = JSON.parse((await explain("init-failed-never.yaml", "-o", "json", "--kubernetes-version", "1.34")).out);
    expect(validate(doc)).toBe(true);
    expect(doc.phase).toBe("Failed");
    expect(doc.phaseRule).toBe("pod-phase/init-failed-never");
    expect(doc.actions.start).toEqual([]);
  });

  it("reports Running for Always with every container exited 0, and Succeeded with --terminal", async () => {
    const live = JSON.parse(
      (await explain("all-exited-always.yaml", "-o", "json", "--kubernetes-version", "1.34")).out,
    );
    expect(live.phase).toBe("Running");
    expect(live.phaseRule).toBe("pod-phase/always-restarting");
    expect(live.actions.start).toEqual(["a", "b"]);
    const terminal = JSON.parse((await explain("all-exited-always.yaml", "-o", "json", "--terminal")).out);
    expect(terminal.phaseRule).toBe("pod-phase/terminal-succeeded");
    expect(terminal.phase).toBe("Succeeded");
    expect(terminal.actions.start).toEqual([]);
  });

  it("decides with ContainerRestartRules from 1.35 (beta, on by default)", async () => {
    const doc = JSON.parse((await explain("all-exited-always.yaml", "-o", "json", "--kubernetes-version", "1.36")).out);
    expect(doc.phase).toBe("Running");
    expect(doc.phaseRule).toBe("pod-phase/restart-rules-restarting");
  });

  it("prints text with the rule ids and their upstream functions", async () => {
    const r = await explain("crashloop.yaml");
    expect(r.out).toContain("Phase: Running   [pod-phase/running]");
    expect(r.out).toContain(
      "[pod-actions/start — kubernetes/kubernetes pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions]",
    );
    expect(r.out).toContain("Rules: pod-phase/running");
  });

  it("refuses a file without a Pod with exit 2", async () => {
    const io = memoryIO();
    const code = await main(["explain", "pod", "fixtures/scenarios/crash-loop.yaml"], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/no Pod in the file/);
  });
});
