import { fileURLToPath } from "node:url";
import fc from "fast-check";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { collectInputs } from "../io/inputs.js";
import { detachDocument, loadText, mayHaveAnchor } from "./load.js";

/** The regex the scan replaced (kept here as the reference it must agree with). */
const REFERENCE = /(?:^|[\s[{,])&(?!&\s)[^\s,[\]{}]/m;

const CHARS = ["&", "&", "&", " ", "\n", "\t", "[", "]", "{", "}", ",", "a", "*", ":", "-", "é", "\u00a0"];
const texts = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join(""));

describe("the anchor prefilter", () => {
  it("never misses an anchor the reference regex sees, and agrees with it on ASCII text", () => {
    let anchors = 0;
    fc.assert(
      fc.property(texts, (t) => {
        const want = REFERENCE.test(t);
        if (want) anchors++;
        if (want) expect(mayHaveAnchor(t)).toBe(true);
        if (!/[^ -~\n\t]/.test(t)) expect(mayHaveAnchor(t)).toBe(want);
      }),
      { numRuns: 5000 },
    );
    expect(anchors).toBeGreaterThan(500);
  });

  it("ignores CEL's && and prose, and finds anchors in block and flow context", () => {
    expect(mayHaveAnchor("rule: self.a && self.b\n")).toBe(false);
    expect(mayHaveAnchor("description: R&D team\n")).toBe(false);
    expect(mayHaveAnchor("a: &x 1\nb: *x\n")).toBe(true);
    expect(mayHaveAnchor("a: [&x 1, *x]\n")).toBe(true);
    expect(mayHaveAnchor("&root\na: 1\n")).toBe(true);
  });
});

describe("a detached document", () => {
  const text = [
    "# lead comment",
    "apiVersion: v1",
    "kind: List",
    "items:",
    "- apiVersion: example.com/v1",
    "  kind: Widget",
    "  metadata: {name: a}",
    "  spec:",
    "    size: 3",
    "---",
    "apiVersion: example.com/v1",
    "kind: Widget",
    "metadata:",
    "  name: b",
    "spec:",
    "  parts: [x, y]",
    "",
  ].join("\n");
  const pointers = ["", "/kind", "/metadata", "/metadata/name", "/spec", "/spec/size", "/spec/parts/1", "/nope/deeper"];

  for (const eager of [true, false]) {
    it(`answers every position as the document it came from (${eager ? "eager" : "lazy"} positions)`, () => {
      const loaded = loadText(text, "w.yaml", undefined, eager);
      expect(loaded.documents).toHaveLength(2);
      for (const doc of loaded.documents) {
        const detached = detachDocument(doc);
        expect(detached).not.toBe(doc);
        expect(detached.value).toBe(doc.value);
        expect([detached.file, detached.index, detached.basePointer]).toEqual([doc.file, doc.index, doc.basePointer]);
        for (const p of pointers) {
          expect(detached.positionOf(p), p).toEqual(doc.positionOf(p));
          expect(detached.keyPositionOf(p), p).toEqual(doc.keyPositionOf(p));
        }
      }
      expect(loaded.documents[1]!.keyPositionOf("/spec/parts")).toEqual({ line: 16, column: 3 });
    });
  }

  it("is the document itself when its positions come from the positional parser", () => {
    const loaded = loadText("a: &x {b: 1}\nc: *x\n", "anchors.yaml");
    expect(loaded.path).toBe("positional");
    expect(detachDocument(loaded.documents[0]!)).toBe(loaded.documents[0]);
  });
});

describe("a document's source text", () => {
  it("is the text its value is read from: parsed alone it gives the same value (the CRD cache's key)", () => {
    const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
    let checked = 0;
    let multi = 0;
    for (const f of collectInputs([CORPUS]).files) {
      const loaded = loadText(f.read(), f.name);
      for (const doc of loaded.documents) {
        const source = doc.source?.();
        if (source === undefined) continue;
        const alone = jsyaml.loadAll(source, undefined, { schema: jsyaml.CORE_SCHEMA });
        expect(alone, `${f.name} #${doc.index}`).toEqual([doc.value]);
        checked++;
        if (doc.index > 0) multi++;
      }
    }
    expect(checked).toBeGreaterThan(400);
    expect(multi).toBeGreaterThan(50);
  });
});
