/**
 * Every pack runs on every document of ../shared/corpus (real-world manifests: kube-prometheus,
 * kubernetes examples, microservices-demo, kubeconform fixtures) without throwing, and every finding
 * is well-formed: a rule id of the pack, a fully interpolated message, and a position inside the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStream } from "../../io/yaml.js";
import { checkDocument, listPacks, loadPacks } from "./index.js";

const CORPUS = join(import.meta.dirname, "../../../../shared/corpus");

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

describe.skipIf(!existsSync(CORPUS))("packs on the shared corpus", () => {
  it("run every pack on every corpus document without throwing and report well-formed findings", () => {
    const packs = loadPacks(listPacks(), "1.36");
    const ruleIds = new Set(packs.compiled.flatMap((c) => c.rules.map((r) => r.id)));
    let docs = 0;
    let findings = 0;
    for (const file of yamlFiles(CORPUS)) {
      const text = readFileSync(file, "utf8");
      const lines = text.split("\n").length;
      for (const doc of parseStream(text, file).documents) {
        docs++;
        for (const d of checkDocument(packs, doc)) {
          findings++;
          expect(ruleIds.has(d.ruleId), d.ruleId).toBe(true);
          expect(d.message, d.ruleId).not.toContain("{{");
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
          expect(d.instancePath?.startsWith(doc.basePointer)).toBe(true);
        }
      }
    }
    expect(docs).toBeGreaterThan(300);
    expect(findings).toBeGreaterThan(docs);
  });
});
