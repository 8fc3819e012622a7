import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalSpec } from "../controllers/pod-defaulting.js";
import type { PodSpec } from "../model/k8s.js";
import { withEntry, withFields, withoutEntry } from "./records.js";

/** Own keys in order, with their values: what a spread would have produced must match exactly. */
const entries = (o: object) => Reflect.ownKeys(o).map((k) => [k, (o as Record<string | symbol, unknown>)[k]]);

// Keys as container names and stable keys look, plus integer-like keys (ordered first by the
// language) and the one key assignment treats specially.
const key = fc.oneof(
  fc.constantFrom("app", "proxy", "init", "__proto__", "0", "12", "constructor", "a-b"),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const record = fc.dictionary(key, fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), { maxKeys: 6 });
/** A record and a key: half the time one of the record's own keys (when it has any). */
const recordAndKey = fc.tuple(record, key, fc.boolean(), fc.nat()).map(([rec, k, own, i]) => {
  const keys = Object.keys(rec);
  return [rec, own && keys.length > 0 ? (keys[i % keys.length] as string) : k] as const;
});

describe("copy-on-write records (spread equivalents without V8's slow spread path)", () => {
  it("withEntry gives the same keys, order and values as { ...rec, [key]: value }", () => {
    const stats = { added: 0, replaced: 0 };
    fc.assert(
      fc.property(recordAndKey, fc.integer(), ([rec, k], v) => {
        Object.freeze(rec);
        if (Object.hasOwn(rec, k)) stats.replaced++;
        else stats.added++;
        const out = withEntry<unknown>(rec, k, v);
        expect(entries(out)).toEqual(entries({ ...rec, [k]: v }));
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      }),
      { numRuns: 500 },
    );
    // Both branches (new key, existing key) are exercised.
    expect(stats.added).toBeGreaterThan(100);
    expect(stats.replaced).toBeGreaterThan(100);
  });

  it("withoutEntry gives the same keys, order and values as a spread copy with the key deleted", () => {
    let present = 0;
    fc.assert(
      fc.property(recordAndKey, ([rec, k]) => {
        Object.freeze(rec);
        if (Object.hasOwn(rec, k)) present++;
        const expected: Record<string, unknown> = { ...rec };
        delete expected[k];
        expect(entries(withoutEntry(rec, k))).toEqual(entries(expected));
      }),
      { numRuns: 500 },
    );
    expect(present).toBeGreaterThan(100);
  });

  it("withFields gives the same keys, order and values as { ...obj, ...fields }", () => {
    fc.assert(
      fc.property(record, record, (obj, fields) => {
        Object.freeze(obj);
        expect(entries(withFields(obj, fields))).toEqual(entries({ ...obj, ...fields }));
      }),
      { numRuns: 500 },
    );
  });

  it("canonicalSpec copies a spec and its containers without changing a key, an order or a value", () => {
    const spec: PodSpec = Object.freeze({
      nodeName: "n1",
      initContainers: [Object.freeze({ name: "proxy", image: "envoy", restartPolicy: "Always" as const })],
      containers: [Object.freeze({ name: "app", image: "app:1", imagePullPolicy: "IfNotPresent" as const })],
      restartPolicy: "Always",
    });
    const out = canonicalSpec(spec);
    expect(JSON.stringify(out)).toBe(JSON.stringify(spec));
    expect(entries(out).map(([k]) => k)).toEqual(entries(spec).map(([k]) => k));
    expect(out).not.toBe(spec);
    expect(out.containers[0]).not.toBe(spec.containers[0]);
    const bare = canonicalSpec({ containers: [{ name: "app" }] });
    expect(Object.hasOwn(bare, "initContainers")).toBe(false);
  });
});
