/**
 * Property: a pod spec is judged the same whether it is a Pod or the template of any workload kind —
 * same rule ids, same pointers under the kind's template base — and checking never mutates the input.
 * The arbitrary builds pods from the security-relevant fields PSS and the packs read, so most samples
 * violate several checks; fc.statistics-style counters assert that the interesting states are reached.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SourceDocument } from "../../io/yaml.js";
import { checkDocument, loadPacks } from "./index.js";

const securityContext = fc.record(
  {
    privileged: fc.boolean(),
    allowPrivilegeEscalation: fc.boolean(),
    runAsNonRoot: fc.boolean(),
    runAsUser: fc.constantFrom(0, 1000, 20000),
    readOnlyRootFilesystem: fc.boolean(),
    procMount: fc.constantFrom("Default", "Unmasked"),
    capabilities: fc.record(
      { add: fc.subarray(["NET_ADMIN", "CHOWN", "NET_BIND_SERVICE"]), drop: fc.subarray(["ALL", "NET_RAW"]) },
      { requiredKeys: [] },
    ),
    seccompProfile: fc.record({ type: fc.constantFrom("RuntimeDefault", "Unconfined", "Localhost") }),
  },
  { requiredKeys: [] },
);

const container = (name: string) =>
  fc.record(
    {
      name: fc.constant(name),
      image: fc.constantFrom("nginx", "nginx:latest", "nginx:1.27"),
      securityContext,
      ports: fc.array(fc.record({ containerPort: fc.constantFrom(80, 8080), hostPort: fc.constantFrom(0, 8080) }), {
        maxLength: 2,
      }),
      resources: fc.record(
        {
          requests: fc.record({ cpu: fc.constantFrom("100m", "2") }),
          limits: fc.record({ cpu: fc.constantFrom("1") }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["name", "image"] },
  );

const podSpec = fc.record(
  {
    hostNetwork: fc.boolean(),
    hostUsers: fc.boolean(),
    os: fc.record({ name: fc.constantFrom("linux", "windows") }),
    securityContext: fc.record(
      {
        runAsNonRoot: fc.boolean(),
        sysctls: fc.subarray([
          { name: "kernel.msgmax", value: "1" },
          { name: "net.ipv4.tcp_syncookies", value: "1" },
        ]),
      },
      { requiredKeys: [] },
    ),
    initContainers: fc.array(container("init"), { maxLength: 1 }),
    containers: fc
      .tuple(container("app"), fc.option(container("side"), { nil: undefined }))
      .map(([a, b]) => (b ? [a, b] : [a])),
    volumes: fc.subarray([
      { name: "h", hostPath: { path: "/var/run/docker.sock" } },
      { name: "e", emptyDir: {} },
    ]),
  },
  { requiredKeys: ["containers"] },
);

type Wrap = {
  kind: string;
  apiVersion: string;
  base: string;
  wrap: (spec: unknown, labels: Record<string, string>) => unknown;
};
const WRAPPERS: Wrap[] = [
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    base: "/spec/template",
    wrap: (spec, labels) => ({ selector: { matchLabels: labels }, template: { metadata: { labels }, spec } }),
  },
  {
    kind: "StatefulSet",
    apiVersion: "apps/v1",
    base: "/spec/template",
    wrap: (spec, labels) => ({
      serviceName: "s",
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec },
    }),
  },
  {
    kind: "DaemonSet",
    apiVersion: "apps/v1",
    base: "/spec/template",
    wrap: (spec, labels) => ({ selector: { matchLabels: labels }, template: { metadata: { labels }, spec } }),
  },
  { kind: "Job", apiVersion: "batch/v1", base: "/spec/template", wrap: (spec) => ({ template: { spec } }) },
  {
    kind: "CronJob",
    apiVersion: "batch/v1",
    base: "/spec/jobTemplate/spec/template",
    wrap: (spec) => ({ schedule: "@daily", jobTemplate: { spec: { template: { spec } } } }),
  },
];

function doc(value: unknown): SourceDocument {
  return {
    file: "prop.yaml",
    index: 0,
    value,
    basePointer: "",
    positionOf: () => ({ line: 1, column: 1 }),
    keyPositionOf: () => ({ line: 1, column: 1 }),
  };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

describe("pod templates are judged like pods", () => {
  for (const version of ["1.24", "1.36"]) {
    it(`gives the same PSS findings for a Pod and for each workload template at ${version}, without mutating it`, () => {
      const packs = loadPacks(["pod-security-restricted"], version);
      const seen = new Map<string, number>();
      fc.assert(
        fc.property(podSpec, fc.constantFrom(...WRAPPERS), (spec, w) => {
          deepFreeze(spec);
          const pod = checkDocument(packs, doc({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec }));
          const object = deepFreeze({
            apiVersion: w.apiVersion,
            kind: w.kind,
            metadata: { name: "w" },
            spec: w.wrap(spec, { app: "x" }),
          });
          const wrapped = checkDocument(packs, doc(object));
          const fromPod = pod.map((d) => `${d.ruleId} ${w.base}${d.instancePath}`).sort();
          expect(wrapped.map((d) => `${d.ruleId} ${d.instancePath}`).sort()).toEqual(fromPod);
          for (const id of new Set(pod.map((d) => d.ruleId))) seen.set(id, (seen.get(id) ?? 0) + 1);
          if (pod.length === 0) seen.set("(allowed)", (seen.get("(allowed)") ?? 0) + 1);
        }),
        { numRuns: 400, seed: 42 },
      );
      // The generator must reach most checks, each of the common ones many times.
      expect(seen.size).toBeGreaterThanOrEqual(10);
      for (const id of [
        "pod-security-baseline/privileged",
        "pod-security-baseline/host-namespaces",
        "pod-security-baseline/sysctls",
      ]) {
        expect(seen.get(id) ?? 0).toBeGreaterThan(20);
      }
    });
  }
});

describe("packs on malformed objects", () => {
  it("never throw and only report well-formed findings, whatever the field types", () => {
    const packs = loadPacks(["pod-security-restricted", "correctness", "best-practice"], "1.36");
    const kinds = [
      "Pod",
      "Deployment",
      "CronJob",
      "Service",
      "Secret",
      "ConfigMap",
      "Ingress",
      "StatefulSet",
      "PodDisruptionBudget",
    ];
    const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.constant("__proto__"));
    const containerish = fc.dictionary(
      fc.constantFrom(
        "name",
        "image",
        "ports",
        "securityContext",
        "resources",
        "env",
        "livenessProbe",
        "volumeMounts",
        "__proto__",
      ),
      junk,
    );
    const specish = fc.record(
      {
        containers: fc.oneof(fc.array(containerish, { maxLength: 3 }), junk),
        initContainers: fc.oneof(fc.array(containerish, { maxLength: 2 }), junk),
        volumes: junk,
        securityContext: junk,
        tolerations: junk,
        topologySpreadConstraints: junk,
        ports: junk,
        selector: junk,
        rules: junk,
      },
      { requiredKeys: [] },
    );
    let findings = 0;
    fc.assert(
      fc.property(fc.constantFrom(...kinds), specish, junk, (kind, spec, metadata) => {
        const value = deepFreeze({
          apiVersion: "v1",
          kind,
          metadata,
          spec: { ...spec, template: { metadata, spec }, jobTemplate: { spec: { template: { spec } } } },
          data: metadata,
        });
        const found = checkDocument(packs, doc(value));
        for (const d of found) {
          expect(d.message).not.toContain("{{");
          expect(d.instancePath?.startsWith("/")).toBe(true);
        }
        findings += found.length;
      }),
      { numRuns: 500, seed: 7 },
    );
    expect(findings).toBeGreaterThan(500);
  });
});
