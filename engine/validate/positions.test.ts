import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { collectInputs } from "../io/inputs.js";
import { parseStream } from "../io/yaml.js";
import { toPointer } from "../model/pointer.js";
import { firstContent } from "./load.js";
import { lineStarts, listenerPositions, locate, positionAt } from "./positions.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));

/** Every pointer of a value (containers and leaves), depth-first, at most `max`. */
function pointers(v: unknown, max: number): string[] {
  const out: string[] = [];
  const walk = (x: unknown, path: (string | number)[]): void => {
    if (out.length >= max) return;
    out.push(toPointer(path));
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) walk(x[i], [...path, i]);
    } else if (x && typeof x === "object")
      for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], [...path, k]);
  };
  walk(v, []);
  return out;
}

describe("positions from js-yaml's listener", () => {
  it("agree with the positional yaml parser on every field of every corpus document", () => {
    let compared = 0;
    let files = 0;
    for (const f of collectInputs([CORPUS]).files) {
      const text = f.read();
      if (text.length > 300_000) continue; // the kube-prometheus CRDs: slow to cross-check, same constructs
      const roots = listenerPositions(text);
      if (!roots) continue;
      files++;
      const starts = lineStarts(text);
      const reference = parseStream(text, f.name).documents;
      for (const doc of reference) {
        const root = roots[doc.index]!;
        for (const p of pointers(doc.value, 400)) {
          const want = [doc.positionOf(p), doc.keyPositionOf(p)];
          const got = [
            positionAt(starts, locate(root, doc.basePointer + p, false)),
            positionAt(starts, locate(root, doc.basePointer + p, true)),
          ];
          expect(got, `${f.name} ${doc.basePointer}${p}`).toEqual(want);
          compared++;
        }
      }
    }
    expect(files).toBeGreaterThan(380);
    expect(compared).toBeGreaterThan(15_000);
  });

  it("places the first document without parsing exactly where the yaml parser does", () => {
    let checked = 0;
    for (const f of collectInputs([CORPUS]).files) {
      const text = f.read();
      const first = parseStream(text, f.name).documents[0];
      const at = firstContent(text);
      if (first?.index !== 0 || first.basePointer !== "" || at === undefined) continue;
      expect(positionAt(lineStarts(text), at), f.name).toEqual(first.positionOf(""));
      checked++;
    }
    expect(checked).toBeGreaterThan(350);
  });

  it("handles empty values, flow collections, block scalars, comments and non-string keys", () => {
    const text = "# head\na:\nb: {c: 1, d: [x, y]}\ne: |\n  text\n5: five\nf:\n  - # note\n    g: null\n  -\n  - h\n";
    const roots = listenerPositions(text)!;
    const ref = parseStream(text, "t.yaml").documents[0]!;
    const starts = lineStarts(text);
    for (const p of ["/a", "/b", "/b/c", "/b/d/1", "/e", "/5", "/f", "/f/0/g", "/f/2", "/nope"]) {
      expect(positionAt(starts, locate(roots[0]!, p, false)), p).toEqual(ref.positionOf(p));
      expect(positionAt(starts, locate(roots[0]!, p, true)), p).toEqual(ref.keyPositionOf(p));
    }
    // An empty sequence item (`-` alone) has no node in js-yaml: it points at its sequence.
    expect(positionAt(starts, locate(roots[0]!, "/f/1", false))).toEqual(ref.positionOf("/f"));
  });
});
