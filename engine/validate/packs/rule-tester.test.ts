/**
 * The generic pack rule tester (ESLint RuleTester style): every fixtures/packs/*.cases.yaml table lists
 * manifests with the exact findings expected (rule id, JSON Pointer, line:column). Clean manifests
 * expect none. Every correctness and best-practice rule must be exercised by at least one case, every
 * finding must satisfy the Diagnostic contract, and inputs are deep-frozen to prove they are not mutated.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStream } from "../../io/yaml.js";
import type { Diagnostic } from "../../model/diagnostic.js";
import { checkDocument, type LoadedPacks, loadPacks } from "./index.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/packs");
const CONTRACT = join(import.meta.dirname, "../../../../shared/contracts/diagnostic.schema.json");

interface Expected {
  ruleId: string;
  instancePath: string;
  line: number;
  column: number;
  /** Optional: text the finding's message must contain (e.g. the upstream warning's wording). */
  messageIncludes?: string;
}

interface Case {
  name: string;
  manifest: string;
  version?: string;
  packs?: string[];
  only?: string[];
  expect: Expected[];
}

interface Table {
  pack: string;
  cases: Case[];
}

const tables: Array<{ file: string; table: Table }> = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".cases.yaml"))
  .sort()
  .map((f) => ({ file: f, table: parse(readFileSync(join(FIXTURES, f), "utf8")) as Table }));

const cache = new Map<string, LoadedPacks>();
function packsFor(names: string[], version: string): LoadedPacks {
  const key = `${names.join(",")}@${version}`;
  let p = cache.get(key);
  if (!p) {
    p = loadPacks(names, version);
    cache.set(key, p);
  }
  return p;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function run(c: Case, pack: string): Diagnostic[] {
  const packs = packsFor(c.packs ?? [pack], c.version ?? "1.36");
  const parsed = parseStream(c.manifest, c.name);
  expect(parsed.diagnostics).toEqual([]);
  const out: Diagnostic[] = [];
  for (const doc of parsed.documents) {
    deepFreeze(doc.value);
    out.push(...checkDocument(packs, doc));
  }
  return out.filter((d) => !c.only || c.only.includes(d.ruleId));
}

function key(d: Expected): string {
  return `${d.line}:${d.column} ${d.ruleId} ${d.instancePath}`;
}

const ajv = new Ajv2020({ strict: false });
const validateDiagnostic = ajv.compile(JSON.parse(readFileSync(CONTRACT, "utf8")) as object);

describe("pack rule tester", () => {
  for (const { file, table } of tables) {
    describe(file, () => {
      for (const c of table.cases) {
        it(c.name, () => {
          const found = run(c, table.pack);
          if (process.env.KUBESPEC_PRINT_FINDINGS)
            console.log(`${c.name}\n${found.map((d) => `  - ${key(d as Expected)}  ${d.message}`).join("\n")}`);
          expect(found.map((d) => key(d as Expected)).sort()).toEqual(c.expect.map(key).sort());
          for (const e of c.expect) {
            if (e.messageIncludes === undefined) continue;
            const text = e.messageIncludes;
            expect(
              found.some((d) => key(d as Expected) === key(e) && d.message.includes(text)),
              `${key(e)} with message containing "${text}"`,
            ).toBe(true);
          }
          for (const d of found) {
            expect(validateDiagnostic(d), JSON.stringify(validateDiagnostic.errors)).toBe(true);
            expect(d.message).not.toContain("{{");
            expect(d.fix).toBeTruthy();
            expect(d.upstream).toBeTruthy();
            expect(d.objectRef?.kind).toBeTruthy();
          }
        });
      }
    });
  }

  it("exercises every correctness and best-practice rule with at least one expected finding", () => {
    const expected = new Set(tables.flatMap(({ table }) => table.cases.flatMap((c) => c.expect.map((e) => e.ruleId))));
    const all = ["correctness", "best-practice"].flatMap((p) =>
      ["1.32", "1.36"].flatMap((v) => packsFor([p], v).compiled.flatMap((rs) => rs.rules.map((r) => r.id))),
    );
    const missing = [...new Set(all)].filter((id) => !expected.has(id)).sort();
    expect(missing).toEqual([]);
  });
});
