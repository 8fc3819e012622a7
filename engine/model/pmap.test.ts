import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffMaps, emptyMap, firstEntry, forEachEntry, mapFrom } from "./pmap.js";
import type { PMap } from "./state.js";

type Op = { kind: "set"; key: string; value: number } | { kind: "delete"; key: string };

const keyArb = fc.string({ maxLength: 4, unit: fc.constantFrom("a", "b", "c", "/", "0", "Z") });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), key: keyArb, value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant("delete" as const), key: keyArb }),
);

function apply(ops: readonly Op[]): { map: PMap<number>; model: Map<string, number> } {
  let map = emptyMap<number>();
  const model = new Map<string, number>();
  for (const op of ops) {
    if (op.kind === "set") {
      map = map.set(op.key, op.value);
      model.set(op.key, op.value);
    } else {
      map = map.delete(op.key);
      model.delete(op.key);
    }
  }
  return { map, model };
}

describe("PMap (hash-priority treap)", () => {
  it("behaves like a Map whose keys iterate in ascending order", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { map, model } = apply(ops);
        const sorted = [...model.keys()].sort();
        expect(map.size).toBe(model.size);
        expect([...map.keys()]).toEqual(sorted);
        expect([...map.values()]).toEqual(sorted.map((k) => model.get(k)));
        expect([...map.entries()].map(([k]) => k)).toEqual(sorted);
        for (const k of sorted) expect(map.get(k)).toBe(model.get(k));
        const seen: string[] = [];
        forEachEntry(map, (k) => seen.push(k));
        expect(seen).toEqual(sorted);
        expect(firstEntry(map)?.[0]).toBe(sorted[0]);
      }),
      { numRuns: 400 },
    );
  });

  it("never mutates an earlier version when a later one is derived from it", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.array(opArb, { maxLength: 30 }), (a, b) => {
        const first = apply(a);
        const snapshot = [...first.map.entries()];
        let m = first.map;
        for (const op of b) m = op.kind === "set" ? m.set(op.key, op.value) : m.delete(op.key);
        expect([...first.map.entries()]).toEqual(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  it("has a canonical shape, so the same key set built in any order diffs to nothing", () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 30 }), (keys) => {
        const a = mapFrom(keys.map((k) => [k, 1] as const));
        const b = mapFrom([...keys].reverse().map((k) => [k, 1] as const));
        const changes: string[] = [];
        diffMaps(a, b, (k) => changes.push(k));
        expect(changes).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("reports exactly the keys whose values changed, in key order", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.array(opArb, { maxLength: 10 }), (base, edits) => {
        const before = apply(base).map;
        let after = before;
        for (const op of edits) after = op.kind === "set" ? after.set(op.key, op.value) : after.delete(op.key);
        const got: [string, number | undefined, number | undefined][] = [];
        diffMaps(before, after, (k, f, t) => got.push([k, f, t]));
        const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
        const want = keys
          .filter((k) => before.get(k) !== after.get(k))
          .map((k) => [k, before.get(k), after.get(k)] as [string, number | undefined, number | undefined]);
        expect(got).toEqual(want);
        // The same pair again (several controllers diff the same cursor and map in one round: the
        // changes are replayed), and again after another pair was diffed in between.
        const again: typeof got = [];
        diffMaps(before, after, (k, f, t) => again.push([k, f, t]));
        expect(again).toEqual(want);
        const reversed: typeof got = [];
        diffMaps(after, before, (k, f, t) => reversed.push([k, t, f]));
        expect(reversed).toEqual(want);
        const third: typeof got = [];
        diffMaps(before, after, (k, f, t) => third.push([k, f, t]));
        expect(third).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it("returns the same map when a set or delete changes nothing", () => {
    const m = mapFrom([["a", 1]]);
    expect(m.set("a", 1)).toBe(m);
    expect(m.delete("b")).toBe(m);
  });
});
