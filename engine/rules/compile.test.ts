import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileRuleSet } from "./compile.js";
import { loadRuleSetFile, loadRuleSetText } from "./load.js";
import { referenceRuleSet, ruleEvaluator } from "./reference.js";
import type { Facts } from "./types.js";

const SAMPLE = loadRuleSetFile(join(import.meta.dirname, "../../fixtures/rules/valid/pod-phase-sample.yaml"));

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const pod = (cpu: string, tier: string) => ({
  metadata: { labels: { tier } },
  spec: { containers: [{ resources: { requests: { cpu } } }], tolerations: [{ key: "a", operator: "Exists" }] },
});
const facts: Facts = deepFreeze({
  restartPolicy: "Never",
  failedInit: 1,
  pod: pod("3", "web"),
  node: { spec: { taints: [{ key: "a", value: "x", effect: "NoSchedule" }] } },
});

describe("compiled rule sets", () => {
  test("fired events are sorted by priority, then rule id, with interpolated messages", () => {
    const out = compileRuleSet(SAMPLE, { kubernetesVersion: "1.36" }).run(facts);
    expect(out.map((e) => e.ruleId)).toEqual(["sample/init-failed-never", "sample/big-cpu", "sample/tolerates"]);
    expect(out[0]).toMatchObject({
      type: "phase",
      params: { phase: "Failed" },
      message: "an init container failed and restartPolicy is Never: the pod is Failed",
    });
    expect(out[1]?.message).toBe("more than 2 CPUs requested, or not a web pod");
  });

  test("rules outside their kubernetesVersions range are left out", () => {
    const c = compileRuleSet(SAMPLE, { kubernetesVersion: "1.32" });
    expect(c.rules.map((r) => r.id)).not.toContain("sample/big-cpu");
    expect(c.run(facts).map((e) => e.ruleId)).toEqual(["sample/init-failed-never", "sample/tolerates"]);
  });

  test("first returns the highest-priority event, and undefined when nothing fires", () => {
    const c = compileRuleSet(SAMPLE);
    expect(c.first(facts)?.ruleId).toBe("sample/init-failed-never");
    expect(c.first({ restartPolicy: "Always", pod: pod("1", "web") })).toBeUndefined();
  });

  test("missing facts read as undefined instead of failing the run, as with allowUndefinedFacts", async () => {
    const c = compileRuleSet(SAMPLE);
    const partial = { pod: pod("1", "db") };
    expect(c.run(partial).map((e) => e.ruleId)).toEqual(["sample/big-cpu"]);
    expect(await referenceRuleSet(SAMPLE).run(partial)).toEqual(c.run(partial));
  });

  test("the same facts give the same output, and the facts are not mutated", async () => {
    const c = compileRuleSet(SAMPLE);
    expect(c.run(facts)).toEqual(c.run(facts));
    expect(await referenceRuleSet(SAMPLE).run(facts)).toEqual(c.run(facts));
  });

  test("an operator error anywhere in the rule set fails the run in both engines", async () => {
    const rs = loadRuleSetText(
      `apiVersion: kubespec.io/v1alpha1
kind: RuleSet
metadata: {name: err}
spec:
  upstream: kubernetes/kubernetes pkg/example.go Example
  rules:
  - id: err/short-circuits
    conditions:
      any:
      - {fact: x, operator: equal, value: 1}
      - {fact: x, operator: in, value: {fact: notAList}}
    event: {type: t}
    messages: {t: m}
`,
      "err.yaml",
    );
    const f = { x: 1, notAList: 5 };
    // json-rules-engine evaluates both branches: 5.indexOf is not a function.
    await expect(referenceRuleSet(rs).run(f)).rejects.toThrow(TypeError);
    expect(() => compileRuleSet(rs).run(f)).toThrow(TypeError);
    expect(() => compileRuleSet(rs).first(f)).toThrow(TypeError);
    // With a list the rule fires in both.
    const ok = { x: 1, notAList: [2] };
    expect(
      compileRuleSet(rs)
        .run(ok)
        .map((e) => e.ruleId),
    ).toEqual(["err/short-circuits"]);
    expect((await referenceRuleSet(rs).run(ok)).map((e) => e.ruleId)).toEqual(["err/short-circuits"]);
  });
});

describe("messages", () => {
  test("placeholders naming no event param are kept for the caller to fill", () => {
    const rs = loadRuleSetText(
      `apiVersion: kubespec.io/v1alpha1
kind: RuleSet
metadata: {name: msg}
spec:
  upstream: kubernetes/kubernetes pkg/example.go Example
  rules:
  - id: msg/always
    conditions: {all: []}
    event: {type: t, params: {n: 3, phase: Failed}}
    messages: {t: "{{phase}} after {{n}} tries in container {{container}}"}
`,
      "msg.yaml",
    );
    const [e] = compileRuleSet(rs).run({});
    expect(e?.message).toBe("Failed after 3 tries in container {{container}}");
  });
});

describe("choosing the engine", () => {
  test("--engine reference and the compiled default give the same events", async () => {
    const compiled = await ruleEvaluator([SAMPLE]).run(facts);
    const reference = await ruleEvaluator([SAMPLE], { engine: "reference" }).run(facts);
    expect(reference).toEqual(compiled);
    expect(compiled.map((e) => e.ruleId)).toContain("sample/init-failed-never");
  });
});
