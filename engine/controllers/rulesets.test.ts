import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { specPath } from "../io/paths.js";
import { loadRuleSetFile } from "../rules/index.js";
import { defaultsFor } from "./defaults.js";

const RULE_SETS = [
  "statefulset",
  "deployment",
  "replicaset",
  "replicationcontroller",
  "daemonset",
  "job",
  "cronjob",
  "garbage-collector",
  "workload-events",
  "workload-defaults",
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (f.endsWith(".ts") && !f.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

describe("workload rule sets", () => {
  const ids = new Map<string, string>();
  for (const name of RULE_SETS) {
    const rs = loadRuleSetFile(specPath("kubernetes", `${name}.yaml`));
    for (const r of rs.spec.rules) ids.set(r.id, r.upstream ?? rs.spec.upstream ?? "");
  }

  it("load, and every rule cites an upstream function", () => {
    expect(ids.size).toBeGreaterThan(70);
    for (const [id, upstream] of ids) expect(upstream, id).toMatch(/^kubernetes\/(kubernetes|kubectl) \S+\.go \w/);
  });

  it("define every rule id the workload controllers and events trace", () => {
    const root = fileURLToPath(new URL("../", import.meta.url));
    const traced = new Set<string>();
    const files = [
      ...sources(join(root, "controllers")),
      ...sources(join(root, "events")).filter((f) => f.includes("workload-")),
    ];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(
        /"((?:statefulset|deployment|replicaset|daemonset|job|cronjob|garbage-collector|workload-events)\/[a-z0-9-]+)"/g,
      ))
        traced.add(m[1] as string);
      if (text.includes(`$${"{"}rulePrefix}/create-missing`))
        for (const p of ["replicaset", "replicationcontroller"]) {
          traced.add(`${p}/create-missing`);
          traced.add(`${p}/delete-extra`);
        }
    }
    expect(traced.size).toBeGreaterThan(50);
    for (const id of traced) expect(ids.has(id), `${id} is traced but not defined in spec/kubernetes`).toBe(true);
  });

  it("give StatefulSets a default maxUnavailable of 1 only from 1.35", () => {
    expect(defaultsFor("StatefulSet", "1.34").maxUnavailable).toBeUndefined();
    expect(defaultsFor("StatefulSet", "1.35").maxUnavailable).toBe(1);
    expect(defaultsFor("Deployment", "1.36")).toMatchObject({
      maxSurge: "25%",
      maxUnavailable: "25%",
      progressDeadlineSeconds: 600,
    });
    expect(defaultsFor("Job", "1.32")).toMatchObject({ backoffLimit: 6, completionMode: "NonIndexed" });
  });
});
