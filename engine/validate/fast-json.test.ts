import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { collectInputs } from "../io/inputs.js";
import { jsonLoadAll } from "./fast-json.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));

/** Same values (Object.is on leaves, prototypes) and the same key order everywhere. */
function same(a: unknown, b: unknown): boolean {
  if (!isDeepStrictEqual(a, b)) return false;
  if (a === null || typeof a !== "object") return true;
  const ka = Object.keys(a);
  if (ka.join("\0") !== Object.keys(b as object).join("\0")) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whenever JSON.parse's answer is used, js-yaml (CORE_SCHEMA) accepts the text and builds the same document. */
function check(text: string): { read: boolean; refused: boolean } {
  let reference: unknown[] | undefined;
  try {
    reference = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    reference = undefined;
  }
  const got = jsonLoadAll(text);
  if (got !== undefined) {
    expect(reference, `js-yaml refuses what JSON.parse read:\n${text}`).toBeDefined();
    expect(same(got, reference), `different values for:\n${text}`).toBe(true);
  }
  return { read: got !== undefined, refused: reference === undefined };
}

const keys = fc.constantFrom("a", "b", "a:b", "name", "__proto__", "constructor", "1", "10", "é", "x y", ":");
const scalars = fc.oneof(
  fc.constantFrom(
    "s",
    "a: b",
    "::",
    "# not a comment",
    "tab\there",
    "\u0000",
    "\u007f\u0085",
    "\ud83d",
    "💡",
    "--- x",
    "\\u003a",
  ),
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1.5e-7, 2 ** 53, 12345678901234567000, true, false, null),
);

/** JSON-like text with chosen keys (duplicates included), whitespace and number spellings. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    scalars.map((v) => JSON.stringify(v) ?? "null"),
    fc.constantFrom(
      "1.0",
      "-0.0",
      "1E5",
      "1e+400",
      "-1e400",
      "0.1000000000000000055511151231257827",
      "123456789012345678901",
    ),
    fc.array(tie("node"), { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
    fc
      .tuple(fc.array(fc.tuple(keys, tie("node")), { maxLength: 4 }), fc.constantFrom(":", ": ", " : ", ":\n  "))
      .map(([entries, sep]) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}${sep}${v}`).join(",\n  ")}}`),
  ),
})).node;

describe("JSON texts read with JSON.parse", () => {
  it("build exactly js-yaml's document, or are left to js-yaml (duplicates, escaped colons, long numbers)", () => {
    const n = { runs: 0, read: 0, refused: 0, duplicates: 0 };
    fc.assert(
      fc.property(
        jsonText.filter((t) => t.startsWith("{") || t.startsWith("[")),
        fc.constantFrom("", "\n", "  \n", "\r\n", "\t"),
        (text, tail) => {
          const o = check(text + tail);
          n.runs++;
          if (o.read) n.read++;
          if (o.refused) n.refused++;
          if (/"(a|b|name|1)":[^,]*,[\s\S]*"\1":/.test(text) && o.refused) n.duplicates++;
        },
      ),
      { numRuns: 3000, seed: 5 },
    );
    expect(n.read).toBeGreaterThan(n.runs * 0.3);
    expect(n.refused).toBeGreaterThan(100);
    expect(n.duplicates).toBeGreaterThan(50);
  });

  it("reads the corpus's JSON files as js-yaml does", () => {
    let read = 0;
    for (const f of collectInputs([CORPUS]).files) {
      const text = f.read();
      if (check(text).read) read++;
    }
    expect(read).toBeGreaterThanOrEqual(4);
  });

  it("leaves YAML, and JSON with a duplicate key, to js-yaml", () => {
    expect(jsonLoadAll("a: 1\n")).toBeUndefined();
    expect(jsonLoadAll('{"a": 1, "a": 2}')).toBeUndefined();
    expect(jsonLoadAll('{"a": {"k": "x:y"}, "a": {"k": 1}}')).toBeUndefined();
    expect(jsonLoadAll('{"a": "\\u003a", "a": 2}')).toBeUndefined();
    expect(jsonLoadAll('{"a": 1, "b": [1, {"c": "d:e"}]}')).toEqual([{ a: 1, b: [1, { c: "d:e" }] }]);
  });
});
