/**
 * The JSONPath subset resolves exactly like json-rules-engine's almanac (jsonpath-plus, wrap:false)
 * on generated plain data: prototype-named keys, strings, empty strings, arrays, nulls included.
 */
import fc from "fast-check";
import { Almanac } from "json-rules-engine";
import { describe, expect, test } from "vitest";
import { compilePath, parsePath, resolveFactPath } from "../../engine/rules/path.js";

const KEYS = [
  "a",
  "b",
  "length",
  "constructor",
  "toString",
  "__proto__",
  "0",
  "1",
  "app.kubernetes.io/name",
  "x y",
  "valueOf",
  "map",
];

function segment(k: string): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [fc.constant(`['${k}']`)];
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) options.push(fc.constant(`.${k}`));
  if (/^(0|[1-9][0-9]*)$/.test(k)) options.push(fc.constant(`[${k}]`));
  return fc.oneof(...options);
}

const pathArb = fc.array(fc.constantFrom(...KEYS).chain(segment), { maxLength: 4 }).map((segs) => `$${segs.join("")}`);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("", "abc", "x", 0, 1, -1, true, false, null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }).map((d) => JSON.parse(JSON.stringify(d))),
  ),
}));

/** A value that contains the path (or a prefix of it, ending in a scalar or string), so lookups hit. */
function planted(keys: readonly string[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat(keys.length), fc.constantFrom("", "abc", 0, 7, null, true), valueArb)
    .map(([cut, leaf, filler]) => {
      let v: unknown = cut === keys.length ? filler : leaf;
      for (let i = Math.min(cut, keys.length) - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (/^\d+$/.test(k)) {
          const arr: unknown[] = [filler, filler];
          arr[Number(k)] = v;
          v = arr;
        } else v = JSON.parse(`{${JSON.stringify(k)}: ${JSON.stringify(v) ?? "null"}}`);
      }
      return v;
    });
}

const caseArb = pathArb.chain((path) =>
  fc.tuple(fc.constant(path), fc.oneof(valueArb, planted(parsePath(path) ?? []))),
);

async function almanacValue(value: unknown, path: string): Promise<unknown> {
  const almanac = new Almanac();
  almanac.addRuntimeFact("f", value);
  return almanac.factValue("f", {}, path);
}

describe("JSONPath subset", () => {
  test("compiled paths resolve exactly as json-rules-engine's almanac does", async () => {
    let found = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ([path, value]) => {
        const keys = parsePath(path);
        expect(keys, path).toBeDefined();
        const want = await almanacValue(value, path);
        expect(compilePath(keys!)(value)).toStrictEqual(want);
        expect(resolveFactPath(value, keys)).toStrictEqual(want);
        total++;
        if (want !== undefined && want !== value) found++;
      }),
      { numRuns: 3000 },
    );
    // The generator must reach real values, not only misses.
    expect(found).toBeGreaterThan(total / 10);
  });

  test.each([
    ["$..a"],
    ["$.a[*]"],
    ["$.a[-1]"],
    ["$.a[0:2]"],
    ["$[?(@.a)]"],
    ["$.a['b"],
    ["a.b"],
    ["$.a."],
    ["$['a\"]"],
    ["$.a[01]"],
    ["$.*"],
    ["$.a-b"],
    ["$['a,b']"],
    ["$.a[(@.length-1)]"],
  ])("refuses %s", (p) => {
    expect(parsePath(p)).toBeUndefined();
  });

  test("accepts the documented forms", () => {
    expect(parsePath("$")).toEqual([]);
    expect(parsePath("$.spec.containers[0].image")).toEqual(["spec", "containers", "0", "image"]);
    expect(parsePath("$.metadata.labels['app.kubernetes.io/name']")).toEqual([
      "metadata",
      "labels",
      "app.kubernetes.io/name",
    ]);
  });
});
