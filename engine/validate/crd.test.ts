import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { CrdRegistry, safePattern, toAjvSchema } from "./crd.js";
import { validateFiles } from "./index.js";

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: string, enum: [small, large]}
              port: {x-kubernetes-int-or-string: true}
              replicas: {type: integer, minimum: 1, format: int32}
              name: {type: string, pattern: "^[a-z]+$"}
              timeout: {type: string, format: duration}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
              template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
              note: {type: string, nullable: true}
`;

function run(text: string, strict = true, crds: unknown[] = []) {
  return validateFiles([{ name: "cr.yaml", read: () => text }], {
    kubernetesVersion: "1.36",
    strict,
    schema: true,
    crds,
  });
}

describe("custom resources validated by their CRD", () => {
  it("applies the structural schema: enum, int-or-string, minimum, pattern, duration, preserve-unknown, embedded", () => {
    const good = `${CRD}---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: small, port: http, replicas: 2, name: abc, timeout: 1m30s, extra: {any: [1]}, template: {apiVersion: v1, kind: Pod, metadata: {name: p}, anything: 1}, note: null}
`;
    const r = run(good);
    expect(r.diagnostics).toEqual([]);
    expect(r.summary).toMatchObject({ resources: 2, valid: 2 });
  });

  it("reports violations with positions, and unknown fields (pruned by the API server) only in strict mode", () => {
    const bad = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  size: medium
  port: 1.5
  replicas: 0
  name: ABC
  timeout: soon
  colour: red
---
${CRD}`;
    const r = run(bad);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual([
      "5:9 schema/enum",
      "6:9 schema/type",
      "7:13 schema/range",
      "8:9 schema/constraint",
      "9:12 schema/format",
      "10:3 schema/unknown-field",
    ]);
    expect(run(bad, false).diagnostics.map((d) => d.ruleId)).not.toContain("schema/unknown-field");
  });

  it("takes CRDs given apart from the input (--crd) and reports custom resources without one as skipped", () => {
    const cr = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n";
    const crdObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      spec: {
        group: "example.com",
        names: { kind: "Widget" },
        versions: [
          {
            name: "v1",
            schema: {
              openAPIV3Schema: { type: "object", properties: { spec: { type: "object", required: ["size"] } } },
            },
          },
        ],
      },
    };
    expect(run(cr, true, [crdObject]).diagnostics.map((d) => d.message)).toEqual([
      "missing required field `size` in `spec`",
    ]);
    const skipped = run(cr);
    expect(skipped.diagnostics.map((d) => `${d.severity} ${d.ruleId}`)).toEqual(["info schema/skipped"]);
    expect(skipped.summary).toMatchObject({ skipped: 1, valid: 0 });
  });

  it("checks nested quantifiers in linear time, skips backreferences and RE2 flags, and converts OpenAPI 3.0 exclusive bounds", () => {
    expect(safePattern("^[a-z]+$")).toBe("^[a-z]+$");
    expect(safePattern("^(a+)+$")).toBe("^(a+)+$");
    expect(safePattern("^(a)\\1$")).toBeUndefined();
    expect(safePattern("(?i)^abc$")).toBeUndefined();
    expect(toAjvSchema({ type: "number", minimum: 0, exclusiveMinimum: true }, true)).toEqual({
      type: "number",
      exclusiveMinimum: 0,
    });
  });

  it("keys compiled CRD schemas by content: a revised CRD of the same kind in a later run is not answered by the earlier one", () => {
    const cr = `---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: medium}
`;
    const ids = (text: string, strict = true) =>
      run(text, strict).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);
    // The same texts twice (the second run reuses the compiled validator): the same findings.
    expect(ids(CRD + cr)).toEqual(["32:14 schema/enum"]);
    expect(ids(CRD + cr)).toEqual(["32:14 schema/enum"]);
    // A revision that allows `medium`: the CR is valid, in this run and after it.
    const revised = CRD.replace("enum: [small, large]", "enum: [small, medium, large]");
    expect(ids(revised + cr)).toEqual([]);
    expect(ids(CRD + cr)).toEqual(["32:14 schema/enum"]);
    // Only the text keys the cache: the same schema written differently (a comment) answers the same.
    expect(ids(CRD.replace("scope: Namespaced", "scope: Namespaced # here") + cr)).toEqual(["32:14 schema/enum"]);
    // Strict and non-strict validators are kept apart.
    const unknown = cr.replace("size: medium", "size: small, colour: red");
    expect(ids(CRD + unknown)).toEqual(["32:21 schema/unknown-field"]);
    expect(ids(CRD + unknown, false)).toEqual([]);
  });

  it("keeps a CRD's source text instead of its schema, and reads the schema back from it to compile", () => {
    const text = CRD.replace("enum: [small, large]", "enum: [small, large, tiny]");
    const widget = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: { size: "tiny", colour: "red" },
    };
    const registry = new CrdRegistry();
    registry.add(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }), text);
    expect(registry.find("example.com/v1", "Widget")).toMatchObject({ dropped: true, schema: undefined });
    // Compiled from the schema read back: `tiny` allowed, unknown fields only in strict mode.
    expect(registry.validator("example.com/v1", "Widget", true)?.check(widget)).toBe(false);
    expect(registry.validator("example.com/v1", "Widget", false)?.check(widget)).toBe(true);
    expect(registry.validator("example.com/v1", "Widget", false)?.check({ ...widget, spec: { size: "huge" } })).toBe(
      false,
    );
    // Another registry with the same text gets the same (cached) validator.
    const again = new CrdRegistry();
    again.add(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }), text);
    expect(again.validator("example.com/v1", "Widget", true)).toBe(
      registry.validator("example.com/v1", "Widget", true),
    );
    // A broken mark finds the entry by its source text.
    again.markBroken(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }), "x.yaml:1:1", text);
    expect(again.find("example.com/v1", "Widget")?.broken).toBe("x.yaml:1:1");
  });
});
