/**
 * Runs the workload scenarios (fixtures/scenarios/workloads-*.yaml) through the real step loop and
 * checks the expected timelines of fixtures/controllers/scenario-expectations.yaml.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../scenario/duration.js";
import { loadScenarioFile } from "../scenario/load.js";
import { runScenario } from "../step.js";
import { privateOf } from "./common/timers.js";

interface Expectation {
  scenario: string;
  until: string;
  sequence?: string[];
  never?: string[];
  final?: Record<string, string>;
  finalCount?: Record<string, number>;
  rules?: string[];
  absentRules?: string[];
  maxPods?: Record<string, number>;
  stall?: { controller: string; object: string; rule: string };
  status?: Record<string, Record<string, unknown>>;
  times?: Record<string, string[]>;
  ruleAt?: Record<string, string>;
}

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const table = yaml.load(readFileSync(root("fixtures/controllers/scenario-expectations.yaml"), "utf8")) as Expectation[];

const matches = (pattern: string, name: string) =>
  pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
const podName = (object: string) => object.slice(object.lastIndexOf("/") + 1);

describe("workload scenarios", () => {
  it.each(table.map((e) => [`${e.scenario} until ${e.until}`, e] as const))("%s", (_name, e) => {
    const sc = loadScenarioFile(root(`fixtures/scenarios/${e.scenario}`));
    const r = runScenario(sc, { until: parseDuration(e.until) as number });
    const events: string[] = [];
    const times: number[] = [];
    const firstFired: Record<string, number> = {};
    const live = new Set<string>();
    const peak: Record<string, number> = {};
    const rules = new Set<string>();
    for (const entry of r.trace) {
      for (const id of entry.rules) {
        rules.add(id);
        firstFired[id] ??= entry.t;
      }
      for (const c of entry.changes) {
        if (!c.object.startsWith("Pod/")) continue;
        const n = podName(c.object);
        if (c.field === "created") {
          events.push(`created ${n}`);
          live.add(n);
        } else if (c.field === "metadata.deletionTimestamp") {
          events.push(`terminating ${n}`);
          live.delete(n);
        } else if (c.field === "deleted") {
          events.push(`deleted ${n}`);
          live.delete(n);
        } else continue;
        times.push(entry.t);
        for (const prefix of Object.keys(e.maxPods ?? {}))
          peak[prefix] = Math.max(peak[prefix] ?? 0, [...live].filter((x) => x.startsWith(prefix)).length);
      }
    }
    let i = 0;
    for (const want of e.sequence ?? []) {
      const [verb, pat] = want.split(" ") as [string, string];
      while (
        i < events.length &&
        !(events[i]?.startsWith(`${verb} `) && matches(pat, (events[i] as string).slice(verb.length + 1)))
      )
        i++;
      expect(i < events.length, `"${want}" in order in ${JSON.stringify(events)}`).toBe(true);
      i++;
    }
    for (const n of e.never ?? []) expect(events).not.toContain(`created ${n}`);
    for (const [want, at] of Object.entries(e.times ?? {})) {
      const [verb, pat] = want.split(" ") as [string, string];
      const got = events.flatMap((ev, j) =>
        ev.startsWith(`${verb} `) && matches(pat, ev.slice(verb.length + 1)) ? [times[j]] : [],
      );
      expect(got, want).toEqual(at.map((d) => parseDuration(d)));
    }
    for (const [id, at] of Object.entries(e.ruleAt ?? {})) expect(firstFired[id], id).toBe(parseDuration(at));
    const pods = [...r.state.pods.values()];
    if (e.final) {
      const seen = new Set<string>();
      for (const p of pods) {
        const name = p.metadata.name ?? "";
        const pat = Object.keys(e.final).find((k) => matches(k, name));
        expect(pat, `unexpected pod ${name} at the end`).toBeDefined();
        expect(p.spec.containers[0]?.image, name).toBe(e.final[pat as string]);
        seen.add(pat as string);
      }
      expect([...seen].sort()).toEqual(Object.keys(e.final).sort());
    }
    for (const [prefix, n] of Object.entries(e.finalCount ?? {}))
      expect(pods.filter((p) => p.metadata.name?.startsWith(prefix)).length, prefix).toBe(n);
    for (const id of e.rules ?? []) expect([...rules]).toContain(id);
    for (const id of e.absentRules ?? []) expect([...rules]).not.toContain(id);
    for (const [prefix, n] of Object.entries(e.maxPods ?? {})) expect(peak[prefix], `peak ${prefix}`).toBe(n);
    if (e.stall) expect(privateOf(r.state, e.stall.controller).stalls[e.stall.object]?.rule).toBe(e.stall.rule);
    for (const [key, fields] of Object.entries(e.status ?? {}))
      expect(r.state.objects.get(key)?.status).toMatchObject(fields);
  });
});
