import { describe, expect, it } from "vitest";
import { DiagnosticError } from "../model/diagnostic.js";
import { loadScenarioText } from "./load.js";
import { MAX_SCENARIO_PODS } from "./objects.js";

const NODE =
  '  - {apiVersion: v1, kind: Node, metadata: {name: n1}, status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}, conditions: [{type: Ready, status: "True"}]}}\n';
const head = `apiVersion: kubespec.io/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  nodes:\n${NODE}`;

function refusal(text: string, read?: (p: string) => string) {
  try {
    loadScenarioText(text, "/s/scenario.yaml", read);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error("the scenario was accepted");
}

describe("scenario objects", () => {
  it("refuses a mistyped container in spec.objects at its line and column in the scenario file", () => {
    const ds = refusal(
      `${head}  objects:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers:\n      - {name: c, image: true}\n`,
    );
    expect(ds[0]).toMatchObject({ file: "/s/scenario.yaml", line: 13, ruleId: "schema/type" });
    expect(ds[0]!.fix).toBeTruthy();
  });

  it("refuses a mistyped node given without apiVersion and kind, checked as a v1 Node", () => {
    const ds = refusal(
      "apiVersion: kubespec.io/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  nodes:\n  - metadata: {name: n1}\n    status: {conditions: 5}\n",
    );
    expect(ds[0]).toMatchObject({ file: "/s/scenario.yaml", line: 7 });
  });

  it("points an object read through files: into that manifest, including List items", () => {
    const manifest =
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec: {containers: [{name: c, image: x, ports: 5}]}\n";
    const ds = refusal(`${head}  files: [pods.yaml]\n`, () => manifest);
    expect(ds[0]).toMatchObject({ file: "/s/pods.yaml", line: 7 });
  });

  it("refuses a Pod without spec at the Pod", () => {
    const ds = refusal(`${head}  objects:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p}}\n`);
    expect(ds[0]).toMatchObject({ line: 8, message: "the Pod has no spec.containers" });
  });

  it(`refuses more than ${MAX_SCENARIO_PODS} pods at the field asking for them, and accepts the limit itself`, () => {
    const dep = (n: number) =>
      `${head}  objects:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: d}\n    spec:\n      replicas: ${n}\n      selector: {matchLabels: {a: b}}\n      template:\n        metadata: {labels: {a: b}}\n        spec: {containers: [{name: c, image: x}]}\n`;
    const ds = refusal(dep(MAX_SCENARIO_PODS + 1));
    expect(ds[0]).toMatchObject({ line: 12, ruleId: "scenario" });
    expect(ds[0]!.fix).toMatch(/spec\.replicas/);
    expect(loadScenarioText(dep(MAX_SCENARIO_PODS), "/s/scenario.yaml").objects).toHaveLength(1);
  });

  it("counts pods across workloads against the limit", () => {
    const job = (name: string) =>
      `  - apiVersion: batch/v1\n    kind: Job\n    metadata: {name: ${name}}\n    spec: {completions: ${MAX_SCENARIO_PODS / 2 + 1}, template: {spec: {restartPolicy: Never, containers: [{name: c, image: x}]}}}\n`;
    const ds = refusal(`${head}  objects:\n${job("a")}${job("b")}`);
    expect(ds[0]!.message).toMatch(/in total/);
  });
});
