/**
 * The runner computes a pod-scoped fact (registry.ts POD_SCOPED) once per loaded packs for all
 * documents without a pod spec. That is exact only if such a fact reads nothing but the pod spec and
 * the version: checked in each extractor's source, and by value on generated objects of every kind
 * without a pod spec and on the corpus.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectInputs } from "../../io/inputs.js";
import { SUPPORTED_VERSIONS } from "../../model/versions.js";
import { loadText } from "../load.js";
import { factContext } from "./facts/context.js";
import { POD_BEARING_KINDS } from "./facts/pod-target.js";
import { EXTRACTORS, POD_SCOPED } from "./facts/registry.js";
import type { FactContext } from "./facts/types.js";
import { defaultPacks, loadPacks } from "./index.js";

const CORPUS = new URL("../../../../shared/corpus/", import.meta.url).pathname;
const SCOPED = [...POD_SCOPED];

function podless(version: string): Map<string, unknown> {
  const packs = loadPacks(defaultPacks(), version);
  const ctx = factContext({ kind: "ConfigMap" }, version, packs.sets)!;
  return new Map(SCOPED.map((n) => [n, EXTRACTORS[n]!(ctx)]));
}

/** Objects of any kind whose pod spec is missing (pod-bearing kinds without their template's spec). */
const label = fc.oneof(fc.constantFrom("app", "k8s.io/name", "-bad", "a/b/c", ""), fc.string({ maxLength: 8 }));
const podlessObject = fc
  .record({
    kind: fc.constantFrom(...POD_BEARING_KINDS, "Service", "ConfigMap", "Secret", "PodDisruptionBudget", "Ingress"),
    apiVersion: fc.constantFrom("v1", "apps/v1", "batch/v1", "policy/v1", "extensions/v1beta1"),
    metadata: fc.record(
      {
        name: fc.oneof(fc.constantFrom("web", "Bad_Name", ""), fc.string({ maxLength: 8 })),
        namespace: fc.constantFrom("default", "kube-system", "Bad"),
        labels: fc.dictionary(label, fc.oneof(fc.string({ maxLength: 6 }), fc.constant(null), fc.integer())),
        annotations: fc.dictionary(label, fc.string({ maxLength: 6 })),
      },
      { requiredKeys: [] },
    ),
    spec: fc.record(
      {
        replicas: fc.integer({ min: -1, max: 3 }),
        selector: fc.record({ matchLabels: fc.dictionary(label, fc.string({ maxLength: 4 })) }),
        template: fc.record({ metadata: fc.record({ labels: fc.dictionary(label, fc.string()) }) }),
        jobTemplate: fc.record({ spec: fc.record({ template: fc.constant({}) }) }),
        ports: fc.array(fc.record({ port: fc.integer({ min: 0, max: 70000 }), name: fc.string({ maxLength: 4 }) })),
        containers: fc.constant([{ name: "not-a-pod-spec", image: "x" }]),
        type: fc.constantFrom("ClusterIP", "NodePort"),
      },
      { requiredKeys: [] },
    ),
    data: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })),
  })
  .map((o) => (o.kind === "Pod" ? { ...o, spec: undefined } : o));

describe("pod-scoped facts", () => {
  it("read a document only through ctx.pod and ctx.containers (and the version)", () => {
    for (const name of SCOPED) {
      const extract = EXTRACTORS[name];
      expect(extract, name).toBeDefined();
      const src = String(extract);
      const body = src.slice(src.indexOf("{"));
      expect(/ctx\.(object|kind)\b/.test(body), `${name} reads ctx.object or ctx.kind`).toBe(false);
      expect(/\bctx\b(?!\.)/.test(body), `${name} hands its whole context to another function`).toBe(false);
    }
  });

  it("have one value on every generated document without a pod spec, in every version", () => {
    const byVersion = new Map(SUPPORTED_VERSIONS.map((v) => [v, podless(v)]));
    const sets = new Map(SUPPORTED_VERSIONS.map((v) => [v, loadPacks(defaultPacks(), v).sets]));
    let checked = 0;
    const kinds = new Set<string>();
    fc.assert(
      fc.property(podlessObject, fc.constantFrom(...SUPPORTED_VERSIONS), (object, version) => {
        const ctx: FactContext | undefined = factContext(object, version, sets.get(version)!);
        if (!ctx || ctx.pod) return;
        checked++;
        kinds.add(ctx.kind);
        for (const name of SCOPED) {
          const got = EXTRACTORS[name]!(ctx);
          expect(
            isDeepStrictEqual(got, byVersion.get(version)!.get(name)),
            `${name} on ${JSON.stringify(object)}`,
          ).toBe(true);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
    expect(checked).toBeGreaterThan(300);
    for (const k of POD_BEARING_KINDS) expect(kinds.has(k), k).toBe(true);
  });

  it("have that value on every corpus document without a pod spec", () => {
    const values = podless("1.36");
    const sets = loadPacks(defaultPacks(), "1.36").sets;
    let docs = 0;
    for (const f of collectInputs([CORPUS]).files) {
      for (const doc of loadText(f.read(), f.name).documents) {
        const ctx = factContext(doc.value, "1.36", sets);
        if (!ctx || ctx.pod) continue;
        docs++;
        for (const name of SCOPED) expect(isDeepStrictEqual(EXTRACTORS[name]!(ctx), values.get(name)), name).toBe(true);
      }
    }
    expect(docs).toBeGreaterThan(300);
  });
});
