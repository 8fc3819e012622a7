/**
 * Scenario fixtures with expected timelines (fixtures/scenarios/*.expect.yaml): each names its
 * scenario and the changes that must happen at given times, the rule ids that must fire, changes
 * that must never happen, orderings within an instant, and the final pods.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { Change, TraceEntry } from "../model/state.js";
import { runScenario } from "../step.js";
import { formatDuration, parseDuration } from "./duration.js";
import { loadScenarioFile } from "./load.js";

const DIR = new URL("../../fixtures/scenarios/", import.meta.url).pathname;

interface Expect {
  scenario: string;
  changes?: { t: string; object: string; field: string; to?: unknown }[];
  rules?: string[];
  never?: { object?: string; field: string; to?: unknown; before?: string }[];
  ordered?: { t: string; fields: string[] }[];
  at?: { until: string; pod: string; phase: string; terminating?: boolean; ready?: string }[];
  final?: { pod: string; phase: string; restartCount?: Record<string, number> }[];
}

const same = (a: unknown, b: unknown) => String(a) === String(b);

function matches(c: Change, want: { object?: string; field: string; to?: unknown }): boolean {
  return (
    (want.object === undefined || c.object === want.object) &&
    c.field === want.field &&
    (want.to === undefined || same(c.to, want.to))
  );
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".expect.yaml"))
  .sort();

describe("scenario timelines match their expectations", () => {
  for (const f of files) {
    const exp = yaml.load(readFileSync(join(DIR, f), "utf8")) as Expect;
    describe(exp.scenario, () => {
      const scenario = loadScenarioFile(join(DIR, exp.scenario));
      const { state, trace } = runScenario(scenario);
      const at = (t: string): TraceEntry[] => trace.filter((e) => formatDuration(e.t) === t);
      for (const c of exp.changes ?? []) {
        it(`at ${c.t} ${c.object} ${c.field}${c.to === undefined ? "" : ` becomes ${String(c.to)}`}`, () => {
          const found = at(c.t).some((e) => e.changes.some((x) => matches(x, c)));
          expect(
            found,
            JSON.stringify(
              trace
                .filter((e) => e.changes.some((x) => x.object === c.object && x.field === c.field))
                .map((e) => [formatDuration(e.t), e.changes.filter((x) => x.field === c.field)]),
            ),
          ).toBe(true);
        });
      }
      if (exp.rules) {
        it(`fires the rules ${exp.rules.join(", ")}`, () => {
          const fired = new Set(trace.flatMap((e) => e.rules));
          for (const r of exp.rules ?? []) expect(fired.has(r), r).toBe(true);
        });
      }
      for (const n of exp.never ?? []) {
        it(`never changes ${n.object ?? "any object"} ${n.field} to ${String(n.to)}${n.before ? ` before ${n.before}` : ""}`, () => {
          const limit = n.before ? (parseDuration(n.before) ?? 0) : Number.POSITIVE_INFINITY;
          const bad = trace.filter((e) => e.t < limit && e.changes.some((x) => matches(x, n)));
          expect(bad).toEqual([]);
        });
      }
      for (const o of exp.ordered ?? []) {
        it(`at ${o.t} changes ${o.fields.join(" then ")}`, () => {
          const changes = at(o.t).flatMap((e) => e.changes.map((c) => c.field));
          const idx = o.fields.map((fld) => changes.indexOf(fld));
          for (const i of idx) expect(i).toBeGreaterThanOrEqual(0);
          expect([...idx].sort((a, b) => a - b)).toEqual(idx);
        });
      }
      for (const a of exp.at ?? []) {
        it(`at ${a.until} ${a.pod} is ${a.phase}${a.terminating ? " and Terminating" : ""}`, () => {
          const mid = runScenario(scenario, { until: parseDuration(a.until) ?? 0, trace: false }).state;
          const p = mid.pods.get(a.pod);
          expect(p?.status?.phase).toBe(a.phase);
          if (a.terminating !== undefined) expect(p?.metadata.deletionTimestamp !== undefined).toBe(a.terminating);
          if (a.ready !== undefined)
            expect(p?.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe(a.ready);
        });
      }
      if (exp.final) {
        it(`ends with ${exp.final.map((p) => `${p.pod} ${p.phase}`).join(", ") || "no pods"}`, () => {
          expect([...state.pods.keys()]).toEqual(exp.final?.map((p) => p.pod));
          for (const p of exp.final ?? []) {
            const pod = state.pods.get(p.pod);
            expect(pod?.status?.phase).toBe(p.phase);
            for (const [c, n] of Object.entries(p.restartCount ?? {}))
              expect(pod?.status?.containerStatuses?.find((s) => s.name === c)?.restartCount).toBe(n);
          }
        });
      }
    });
  }
});
