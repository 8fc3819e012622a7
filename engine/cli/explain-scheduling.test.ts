import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { explainScheduling } from "./explain-scheduling.js";
import { memoryIO } from "./io.js";

const F = "fixtures/scheduler/explain";
const schema = JSON.parse(readFileSync("../shared/contracts/explain-scheduling.schema.json", "utf8"));
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

async function run(...args: string[]) {
  const io = memoryIO();
  const code = await explainScheduling(args, io);
  return { code, out: io.out, err: io.err };
}

describe("kubespec explain scheduling", () => {
  test("reports every filter on every node, scores on feasible nodes, and a contract-valid JSON", async () => {
    const r = await run(
      "--pod",
      `${F}/pod.yaml`,
      "--nodes",
      `${F}/nodes.yaml`,
      "--existing",
      `${F}/existing.yaml`,
      "-o",
      "json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(validate(j), JSON.stringify(validate.errors)).toBe(true);
    expect(j.pod).toBe("default/web");
    const byName = Object.fromEntries(j.nodes.map((n: { name: string }) => [n.name, n]));
    expect(byName.n3.feasible).toBe(false);
    expect(byName.n3.filters.find((f: { plugin: string }) => f.plugin === "TaintToleration")).toEqual({
      plugin: "TaintToleration",
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint(s)"],
      detail: "untolerated taint {dedicated: gpu} (effect NoSchedule)",
    });
    // every enabled filter is listed for every node, even after a failure
    for (const n of j.nodes) expect(n.filters.map((f: { plugin: string }) => f.plugin)).toContain("InterPodAffinity");
    expect(byName.n3.scores).toEqual([]);
    // n1 (1 cpu, empty): LeastAllocated cpu (1000-500)*100/1000=50, memory (4Gi-1Gi)/4Gi=75 → 62
    const fit1 = byName.n1.scores.find((s: { plugin: string }) => s.plugin === "NodeResourcesFit");
    expect(fit1).toMatchObject({ raw: 62, normalized: 62, weight: 1, weighted: 62 });
    // n2 has db (2 cpu, 4Gi): cpu (4000-2500)*100/4000=37, memory (8-5)/8=37 → 37
    expect(byName.n2.scores.find((s: { plugin: string }) => s.plugin === "NodeResourcesFit")).toMatchObject({
      raw: 37,
    });
    expect(j.selected).toBe(j.argmax[0]);
    expect(j.message).toBeNull();
  });

  test("writes kube-scheduler's unschedulable message and exits 1", async () => {
    const r = await run("--pod", `${F}/pod-big.yaml`, "--nodes", `${F}/nodes.yaml`, "-o", "json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. " +
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  test("names the untolerated taint in the message for 1.34 (before kubernetes#134740)", async () => {
    const r = await run(
      "--pod",
      `${F}/pod-big.yaml`,
      "--nodes",
      `${F}/nodes.yaml`,
      "-o",
      "json",
      "--kubernetes-version",
      "1.34",
    );
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(validate(j)).toBe(true);
    expect(j.selected).toBeNull();
    expect(j.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. " +
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  test("prints a readable table in text mode", async () => {
    const r = await run("--pod", `${F}/pod.yaml`, "--nodes", `${F}/nodes.yaml`);
    expect(r.code).toBe(0);
    expect(r.out).toContain("NODE");
    expect(r.out).toMatch(
      /n3\s+no\s+TaintToleration UnschedulableAndUnresolvable: node\(s\) had untolerated taint\(s\) \[untolerated taint \{dedicated: gpu\}/,
    );
    expect(r.out).toMatch(/Selected: n[12]/);
  });

  test("applies a KubeSchedulerConfiguration profile (MostAllocated, ImageLocality disabled)", async () => {
    const r = await run(
      "--pod",
      `${F}/pod.yaml`,
      "--nodes",
      `${F}/nodes.yaml`,
      "--existing",
      `${F}/existing.yaml`,
      "--config",
      `${F}/config-most-allocated.yaml`,
      "-o",
      "json",
    );
    const j = JSON.parse(r.out);
    const n2 = j.nodes.find((n: { name: string }) => n.name === "n2");
    expect(n2.scores.map((s: { plugin: string }) => s.plugin)).not.toContain("ImageLocality");
    // MostAllocated on n2: cpu 2500*100/4000=62, memory 5Gi*100/8Gi=62 → 62
    expect(n2.scores.find((s: { plugin: string }) => s.plugin === "NodeResourcesFit")).toMatchObject({ raw: 62 });
  });

  test("rejects a bad configuration with file:line:column and exit 2", async () => {
    const r = await run("--pod", `${F}/pod.yaml`, "--nodes", `${F}/nodes.yaml`, "--config", `${F}/config-bad.yaml`);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${F}/config-bad.yaml:7:`);
    expect(r.err).toContain('plugin "NodeResourceFit" does not exist');
    expect(r.err).toContain("resource weight of cpu not in valid range [1, 100]");
  });

  test("reports a narrowing PreFilter and still shows every node's filters; volume plugins are marked not modelled", async () => {
    const r = await run("--pod", `${F}/pod-pinned.yaml`, "--nodes", `${F}/nodes.yaml`, "-o", "json");
    const j = JSON.parse(r.out);
    expect(validate(j), JSON.stringify(validate.errors)).toBe(true);
    expect(j.preFilter.find((p: { plugin: string }) => p.plugin === "NodeAffinity")).toEqual({
      plugin: "NodeAffinity",
      code: "Success",
      reasons: [],
      nodeNames: ["n2"],
    });
    const n1 = j.nodes.find((n: { name: string }) => n.name === "n1");
    expect(n1).toMatchObject({ feasible: false, excludedByPreFilter: true });
    expect(n1.filters.find((f: { plugin: string }) => f.plugin === "NodeAffinity")).toMatchObject({
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
    expect(n1.filters.find((f: { plugin: string }) => f.plugin === "VolumeBinding")).toMatchObject({
      notModelled: true,
    });
    expect(j.selected).toBe("n2");
    expect(j.notes.join("\n")).toContain("not modelled");
    const text = await run("--pod", `${F}/pod-pinned.yaml`, "--nodes", `${F}/nodes.yaml`);
    expect(text.out).toContain("PreFilter NodeAffinity narrowed the nodes to n2");
  });

  test("reports the tie and draws the choice from --seed: every argmax node is reachable", async () => {
    const chosen = new Set<string>();
    for (let seed = 1; seed <= 24; seed++) {
      const j = JSON.parse(
        (
          await run(
            "--pod",
            `${F}/pod-tie.yaml`,
            "--nodes",
            `${F}/nodes-tie.yaml`,
            "-o",
            "json",
            "--seed",
            String(seed),
          )
        ).out,
      );
      expect(j.argmax).toEqual(["a", "b"]);
      expect(j.nodes.map((n: { total: number }) => n.total)).toEqual([475, 475]);
      chosen.add(j.selected);
    }
    expect([...chosen].sort()).toEqual(["a", "b"]);
    const again = await run(
      "--pod",
      `${F}/pod-tie.yaml`,
      "--nodes",
      `${F}/nodes-tie.yaml`,
      "-o",
      "json",
      "--seed",
      "7",
    );
    const again2 = await run(
      "--pod",
      `${F}/pod-tie.yaml`,
      "--nodes",
      `${F}/nodes-tie.yaml`,
      "-o",
      "json",
      "--seed",
      "7",
    );
    expect(again.out).toBe(again2.out);
  });

  test("answers usage errors with exit 2", async () => {
    expect((await run("--nodes", `${F}/nodes.yaml`)).code).toBe(2);
    expect((await run("--pod", `${F}/missing.yaml`, "--nodes", `${F}/nodes.yaml`)).code).toBe(2);
  });
});
