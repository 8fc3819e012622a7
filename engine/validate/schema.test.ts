import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../model/diagnostic.js";
import { validateFiles } from "./index.js";
import { loadText, sharesObjects } from "./load.js";
import { closest, editDistance } from "./suggest.js";
import type { ValidatorOptions } from "./validator.js";

const BASE: ValidatorOptions = { kubernetesVersion: "1.36", strict: true, schema: true };

function check(text: string, options: Partial<ValidatorOptions> = {}, name = "m.yaml") {
  return validateFiles([{ name, read: () => text }], { ...BASE, ...options });
}

function where(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.message}`);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  lables:
    app: web
spec:
  replicas: "3"
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      restartPolicy: Sometimes
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Always
        ports:
        - containerPort: 80
          protocol: tcp
        resources:
          requests: {cpu: 500x, memory: 256Mi}
`;

describe("schema validation of built-in kinds", () => {
  it("reports unknown fields at the key with a did-you-mean, and type/enum/format errors at the value", () => {
    const run = check(DEPLOYMENT);
    expect(where(run.diagnostics)).toEqual([
      "5:3 schema/unknown-field unknown field `lables`; did you mean `labels`?",
      '8:13 schema/type `replicas` must be integer, got string "3"',
      '15:22 schema/enum unsupported value "Sometimes" for `restartPolicy`: must be one of "Always", "Never", "OnFailure"',
      '22:21 schema/enum unsupported value "tcp" for `protocol`: must be one of "SCTP", "TCP", "UDP"; did you mean "TCP"?',
      '24:27 schema/format invalid value "500x" for `cpu`: must be a resource quantity such as 500m, 1.5, 128Mi or 1e3',
    ]);
    expect(run.diagnostics[0]).toMatchObject({
      instancePath: "/metadata/lables",
      objectRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      fix: "rename `lables` to `labels`",
    });
    expect(run.summary).toMatchObject({ resources: 1, valid: 0, invalid: 1 });
  });

  it("reports missing required fields at the object that lacks them", () => {
    const run = check("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: nginx\n");
    expect(where(run.diagnostics)).toEqual(["6:5 schema/required missing required field `name` in `0`"]);
  });

  it("accepts quantities as numbers and strings, int-or-string ports, nulls and status fields", () => {
    const run = check(`apiVersion: v1
kind: Service
metadata: {name: s, creationTimestamp: null}
spec:
  ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8081}]
status: {loadBalancer: {}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: l}
spec:
  limits: [{type: Container, default: {memory: 512Mi, cpu: 1}, defaultRequest: {memory: 256000, cpu: 0.5}}]
`);
    expect(run.diagnostics).toEqual([]);
    expect(run.summary).toMatchObject({ resources: 2, valid: 2 });
  });

  it("names non-finite numbers (.nan, .inf, 1e400) and reports a wrongly typed value once", () => {
    const run = check(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  progressDeadlineSeconds: 1e400
  revisionHistoryLimit: .nan
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: c, image: i, resources: {limits: {memory: .inf}}}]
`);
    expect(where(run.diagnostics)).toEqual([
      "5:28 schema/range `progressDeadlineSeconds` must be <= 2147483647 (got Infinity)",
      "6:25 schema/type `revisionHistoryLimit` must be integer, got non-finite number NaN",
      "11:69 schema/type `memory` must be a finite number, got Infinity",
    ]);
  });

  it("ignores unknown fields with --no-strict but still checks types", () => {
    const run = check(DEPLOYMENT, { strict: false });
    expect(run.diagnostics.map((d) => d.ruleId)).toEqual([
      "schema/type",
      "schema/enum",
      "schema/enum",
      "schema/format",
    ]);
  });

  it("uses the schema of the selected version: a 1.36-only field is unknown in 1.32", () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: i}]
  schedulingGroup: {podGroupName: g}
`;
    expect(check(pod, { kubernetesVersion: "1.36" }).diagnostics).toEqual([]);
    expect(where(check(pod, { kubernetesVersion: "1.32" }).diagnostics)).toEqual([
      "6:3 schema/unknown-field unknown field `schedulingGroup`",
    ]);
  });

  it("reports removed API versions and unknown built-in kinds as errors, custom resources as skipped", () => {
    const run = check(`apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: d}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
`);
    expect(where(run.diagnostics)).toEqual([
      "1:1 schema/unknown-kind Kubernetes 1.36 does not serve Deployment in extensions/v1beta1; it is served as apps/v1",
      "6:7 schema/skipped skipped: no schema for example.com/v1 Widget; pass its CustomResourceDefinition with --crd FILE or in the input",
    ]);
    expect(run.summary).toMatchObject({ resources: 2, invalid: 1, skipped: 1, valid: 0 });
  });

  it("honours the kubespec.io/ignore annotation and --skip by rule id or prefix", () => {
    const annotated = DEPLOYMENT.replace(
      "  name: web\n",
      '  name: web\n  annotations: {kubespec.io/ignore: "schema/unknown-field, schema/enum"}\n',
    );
    expect(check(annotated).diagnostics.map((d) => d.ruleId)).toEqual(["schema/type", "schema/format"]);
    expect(check(DEPLOYMENT, { skip: ["schema"] }).diagnostics).toEqual([]);
    expect(check(DEPLOYMENT, { skip: ["schema"] }).summary.valid).toBe(1);
  });

  it("reports an unparseable document with its position and still validates the others", () => {
    const run = check(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: 1}\n",
    );
    expect(run.diagnostics.map((d) => `${d.line} ${d.ruleId}`)).toEqual(["6 yaml-parse", "10 schema/type"]);
    expect(run.summary).toMatchObject({ resources: 2, valid: 1, invalid: 1, errors: 1 });
  });

  it("treats duplicate keys as errors and refuses alias bombs through the positional parser", () => {
    const dup = check("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\ndata: {y: '2'}\n");
    expect(where(dup.diagnostics)).toEqual(["5:1 yaml-parse duplicate mapping key"]);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++)
      bomb.push(`${"bcdefghij"[i]}: &${"bcdefghij"[i]} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`);
    const res = check(`${bomb.join("\n")}\n`);
    expect(res.diagnostics.map((d) => d.messageId)).toEqual(["alias-bomb"]);
  });
});

describe("the js-yaml fast path", () => {
  it("loads plain streams with js-yaml and gives the same positions as the positional parser", () => {
    const fast = loadText(DEPLOYMENT, "m.yaml");
    expect(fast.path).toBe("fast");
    expect(fast.documents[0]!.keyPositionOf("/metadata/lables")).toEqual({ line: 5, column: 3 });
    expect(fast.documents[0]!.positionOf("/spec/template/spec/containers/0/ports/0/protocol")).toEqual({
      line: 22,
      column: 21,
    });
  });

  it("unwraps Lists with the same pointers and falls back on aliases or errors", () => {
    const list = loadText(
      "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap}\n- null\n- {apiVersion: v1, kind: Secret}\n",
      "l.yaml",
    );
    expect(list.documents.map((d) => d.basePointer)).toEqual(["/items/0", "/items/2"]);
    expect(list.documents[1]!.positionOf("/kind")).toEqual({ line: 6, column: 26 });
    expect(loadText("a: &x {b: 1}\nc: *x\n", "a.yaml").path).toBe("positional");
    expect(loadText("a: b &x\nc: '*x'\n", "a.yaml").path).toBe("fast");
    // A repeated key: read by the fast reader (the last value wins), reported at the repeat.
    const dup = loadText("a: 1\nb: 0\na: 2\n", "d.yaml");
    expect(dup.path).toBe("fast");
    expect(dup.documents.map((d) => d.value)).toEqual([{ a: 2, b: 0 }]);
    expect(dup.diagnostics.map((d) => [d.messageId, d.line, d.column])).toEqual([["duplicate-key", 3, 1]]);
    expect(dup.documents[0]!.keyPositionOf("/a")).toEqual({ line: 3, column: 1 });
    expect(sharesObjects({ a: [1, 2], b: { c: 1 } })).toBe(false);
  });
});

describe("suggestions", () => {
  it("counts a transposition as one edit and proposes only near names", () => {
    expect(editDistance("lables", "labels")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closest("lables", ["labels", "annotations", "name"])).toBe("labels");
    expect(closest("containrs", ["containers", "initContainers"])).toBe("containers");
    expect(closest("zzz", ["labels", "name"])).toBeUndefined();
  });
});
