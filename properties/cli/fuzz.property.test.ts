/**
 * Properties of the CLI on random hostile text: `validate -` never throws and never exits outside
 * {0, 1, 2}, its `-o json` output always parses, and every diagnostic has a position and a fix.
 * Generators are measured: the runs must reach parse errors, schema findings and clean inputs.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../engine/model/diagnostic.js";
import { cli, crashText, prototypeKeys, ROOT } from "./harness.js";
import { mistypedObject, rawText, yamlishText } from "./yamlish.arbitrary.js";

const PROTO_BEFORE = prototypeKeys();
const NODES = `${ROOT}fixtures/scheduler/explain/nodes.yaml`;

type Outcome = "clean" | "parse-error" | "finding" | "usage";

interface Checked {
  outcome: Outcome;
  ruleIds: string[];
}

/** Run validate - -o json on `text` and check the invariants; returns what the run reached. */
async function checkValidate(text: string, extra: string[] = []): Promise<Checked> {
  const r = await cli(["validate", "-", "-o", "json", ...extra], text);
  if (crashText(r)) throw new Error(`${crashText(r)} on ${JSON.stringify(text)}:\n${r.err}`);
  if (![0, 1, 2].includes(r.code)) throw new Error(`exit ${r.code} on ${JSON.stringify(text)}`);
  if (r.code === 2) return { outcome: "usage", ruleIds: [] };
  const report = JSON.parse(r.out) as { diagnostics: Diagnostic[] };
  for (const d of report.diagnostics) {
    if (!(d.line >= 1 && d.column >= 1)) throw new Error(`bad position ${d.line}:${d.column} for ${d.ruleId}`);
    if (!d.fix) throw new Error(`no fix for ${d.ruleId}: ${d.message}`);
    if (d.file !== "-") throw new Error(`file ${d.file} for standard input`);
  }
  const ruleIds = report.diagnostics.map((d) => d.ruleId);
  const outcome: Outcome = ruleIds.includes("yaml-parse") ? "parse-error" : r.code === 1 ? "finding" : "clean";
  return { outcome, ruleIds };
}

function tally(outcomes: Outcome[]): Record<Outcome, number> {
  const t: Record<Outcome, number> = { clean: 0, "parse-error": 0, finding: 0, usage: 0 };
  for (const o of outcomes) t[o]++;
  return t;
}

describe("validate - on random text", () => {
  it("never crashes on YAML-ish token soup, and reaches parse errors, findings and clean inputs", async () => {
    const outcomes: Outcome[] = [];
    await fc.assert(
      fc.asyncProperty(yamlishText(), async (text) => {
        outcomes.push((await checkValidate(text, ["--pack", "correctness"])).outcome);
      }),
      { numRuns: 200, seed: 20261122 },
    );
    const t = tally(outcomes);
    expect(t["parse-error"]).toBeGreaterThan(20);
    expect(t.finding).toBeGreaterThan(20);
    expect(t.clean).toBeGreaterThan(5);
  });

  it("never crashes on arbitrary code points (control characters and lone surrogates included)", async () => {
    const outcomes: Outcome[] = [];
    await fc.assert(
      fc.asyncProperty(rawText(), async (text) => {
        outcomes.push((await checkValidate(text, ["--pack", "correctness"])).outcome);
      }),
      { numRuns: 150, seed: 7 },
    );
    const t = tally(outcomes);
    expect(t["parse-error"]).toBeGreaterThan(5);
    expect(t.finding).toBeGreaterThan(20);
  });

  it("never crashes when Kubernetes fields hold values of the wrong type, and reports schema findings", async () => {
    const kinds = new Set<string>();
    let schemaFindings = 0;
    await fc.assert(
      fc.asyncProperty(mistypedObject(), async ({ kind, yaml }) => {
        const c = await checkValidate(yaml);
        kinds.add(kind);
        if (c.ruleIds.some((id) => id.startsWith("schema/"))) schemaFindings++;
      }),
      { numRuns: 120, seed: 42 },
    );
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    expect(schemaFindings).toBeGreaterThan(80);
  });
});

describe("explain on random mistyped Pods", () => {
  it("explain scheduling --pod refuses a mistyped Pod with exit 2 at a position instead of crashing", async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        mistypedObject().filter((o) => o.kind === "Pod"),
        async ({ yaml }) => {
          const r = await cli(["explain", "scheduling", "--pod", "-", "--nodes", NODES], yaml);
          if (crashText(r) || ![0, 1, 2].includes(r.code)) throw new Error(`${r.code}: ${r.err}`);
          if (r.code === 2) {
            if (!/^-:\d+:\d+: error /m.test(r.err)) throw new Error(`refused without a position:\n${r.err}`);
            refused++;
          }
        },
      ),
      { numRuns: 60, seed: 3 },
    );
    expect(refused).toBeGreaterThan(20);
  });

  it("explain pod refuses a mistyped Pod with exit 2 instead of crashing (BUG kubelet/explain-pod: e.g. ports: 5, initContainers: 0, image: true, ports: [null] give internal errors such as 'out.ports?.some is not a function', '(pod.spec.initContainers ?? []) is not iterable', 'image.indexOf is not a function'; explain pod does not schema-check its input as explain scheduling now does)", async () => {
    await fc.assert(
      fc.asyncProperty(
        mistypedObject().filter((o) => o.kind === "Pod"),
        async ({ yaml }) => {
          const r = await cli(["explain", "pod", "-"], yaml);
          if (crashText(r) || ![0, 1, 2].includes(r.code)) throw new Error(`${r.code}: ${r.err}`);
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });
});

afterAll(() => {
  expect(prototypeKeys()).toEqual(PROTO_BEFORE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
