import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../model/k8s.js";
import type { Scenario } from "../scenario/types.js";
import { runScenario, step } from "../step.js";

const node = (name: string, taints: Node["spec"] = {}): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  spec: taints,
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
});
const pod = (name: string, nodeName: string, extra: Partial<Pod["spec"]> = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { nodeName, containers: [{ name: "app", image: "nginx:1.25" }], ...extra },
});
const scenario = (nodes: Node[], pods: Pod[], version = "1.36"): Scenario => ({
  name: "t",
  kubernetesVersion: version,
  nodes,
  objects: pods,
  events: [],
});

describe("node loss: node lifecycle, taint eviction and pod GC", () => {
  it("marks the node Unknown only after node-monitor-grace-period (50s), not before", () => {
    const s0 = runScenario(scenario([node("n1")], [pod("a", "n1")]), { until: 0 }).state;
    const down = step(s0, { type: "NodeDown", at: 1_000, node: "n1" }).state;
    const before = step(down, { type: "AdvanceTime", at: 50_999 }).state;
    expect(before.nodes.get("n1")?.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    const after = step(before, { type: "AdvanceTime", at: 51_000 }).state;
    expect(after.nodes.get("n1")?.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("Unknown");
    expect(after.nodes.get("n1")?.spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
      "node.kubernetes.io/unreachable:NoExecute",
    ]);
  });

  it("deletes a pod at once when it tolerates no NoExecute taint of its node, and the kubelet refuses it", () => {
    const tainted = node("n1", { taints: [{ key: "dedicated", value: "x", effect: "NoExecute" }] });
    const { state, trace } = runScenario(scenario([tainted], [pod("a", "n1")]), { until: 0 });
    const rules = trace.flatMap((e) => e.rules);
    expect(rules).toContain("kubelet-admission/untolerated-noexecute");
    // Rejected by the kubelet (Failed), deleted by the taint eviction controller, removed at once (terminal).
    expect(state.pods.has("default/a")).toBe(false);
    expect(rules).toContain("taint-eviction/untolerated-delete-now");
  });

  it("keeps a deleted pod on an unreachable node Terminating with its last status until pod GC removes it when the node is gone", () => {
    const s0 = runScenario(scenario([node("n1"), node("n2")], [pod("a", "n1")]), { until: 0 }).state;
    let s = step(s0, { type: "NodeDown", at: 1_000, node: "n1" }).state;
    s = step(s, { type: "AdvanceTime", at: 400_000 }).state;
    const a = s.pods.get("default/a");
    expect(a?.metadata.deletionTimestamp).toBeDefined();
    expect(a?.status?.phase).toBe("Running");
    expect(a?.status?.conditions?.find((c) => c.type === "DisruptionTarget")?.reason).toBe("DeletionByTaintManager");
    // The node object is deleted (as the cloud node controller or an admin would): orphaned after 40s.
    const gone = { ...s, nodes: s.nodes.delete("n1") };
    const r = step(gone, { type: "AdvanceTime", at: 439_000 });
    expect(r.state.pods.has("default/a")).toBe(true);
    const r2 = step(r.state, { type: "AdvanceTime", at: 441_000 });
    expect(r2.state.pods.has("default/a")).toBe(false);
    const changes = r2.trace.flatMap((e) =>
      e.changes.filter((c) => c.object === "Pod/default/a").map((c) => `${c.field}:${String(c.to)}`),
    );
    // DisruptionTarget is already True (taint eviction set it), so only the phase and the deletion show.
    expect(changes).toEqual(["status.phase:Failed", "deleted:undefined"]);
    expect(r2.trace.flatMap((e) => e.rules)).toContain("podgc/orphaned");
  });

  it("lets pod GC remove a terminating pod on a not-ready node tainted out-of-service", () => {
    const s0 = runScenario(scenario([node("n1")], [pod("a", "n1")]), { until: 0 }).state;
    let s = step(s0, { type: "NodeDown", at: 0, node: "n1" }).state;
    s = step(s, { type: "AdvanceTime", at: 400_000 }).state;
    expect(s.pods.get("default/a")?.metadata.deletionTimestamp).toBeDefined();
    const n1 = s.nodes.get("n1") as Node;
    const oos: Node = {
      ...n1,
      spec: {
        ...n1.spec,
        taints: [
          ...(n1.spec?.taints ?? []),
          { key: "node.kubernetes.io/out-of-service", value: "nodeshutdown", effect: "NoExecute" },
        ],
      },
    };
    const r = step({ ...s, nodes: s.nodes.set("n1", oos) }, { type: "AdvanceTime", at: 401_000 });
    expect(r.state.pods.has("default/a")).toBe(false);
    expect(r.trace.flatMap((e) => e.rules)).toContain("podgc/out-of-service");
  });

  it("re-runs init containers from the first after a node reboot (sandbox re-created)", () => {
    const p = pod("a", "n1", {
      initContainers: [
        { name: "i0", image: "b:1" },
        { name: "i1", image: "b:1" },
      ],
    });
    let s = runScenario(scenario([node("n1")], [p]), { until: 0 }).state;
    s = step(s, { type: "ContainerExited", at: 1_000, pod: "a", container: "i0", exitCode: 0 }).state;
    s = step(s, { type: "ContainerExited", at: 2_000, pod: "a", container: "i1", exitCode: 0 }).state;
    expect(s.pods.get("default/a")?.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    s = step(s, { type: "NodeDown", at: 3_000, node: "n1" }).state;
    const r = step(s, { type: "NodeUp", at: 4_000, node: "n1", reboot: true });
    const st = r.state.pods.get("default/a")?.status;
    expect(st?.initContainerStatuses?.map((c) => Object.keys(c.state ?? {})[0])).toEqual(["running", "waiting"]);
    expect(st?.phase).toBe("Pending");
    expect(r.trace.flatMap((e) => e.rules)).toContain("pod-sandbox/create-run-init");
  });
});
