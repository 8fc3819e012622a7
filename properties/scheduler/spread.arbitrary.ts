/**
 * Clusters for the fast-path agreement properties: nodes (some without a zone or disk label, tainted,
 * cordoned, small), already-bound pods (some terminating, in two namespaces), Services that give pods
 * the system default spreading, and pending pods with 0–2 spread constraints of every shape
 * (zone / hostname / disk keys, both actions, matchLabels or matchExpressions or no selector,
 * matchLabelKeys, node inclusion policies, minDomains) plus nodeSelectors (one or two keys, empty),
 * required node affinity, tolerations, requests and required anti-affinity.
 */
import fc from "fast-check";
import type { KubeObject, LabelSelector, Node, Pod, TopologySpreadConstraint } from "../../engine/model/k8s.js";
import { nodeArbitrary } from "./node.arbitrary.js";

const APPS = ["web", "db", "cache"] as const;

const selectorArb: fc.Arbitrary<LabelSelector | undefined> = fc.oneof(
  fc.constantFrom(...APPS).map((app) => ({ matchLabels: { app } })),
  fc
    .subarray([...APPS], { minLength: 1 })
    .map((values) => ({ matchExpressions: [{ key: "app", operator: "In" as const, values }] })),
  fc.constant({ matchExpressions: [{ key: "tier", operator: "Exists" as const }] }),
  fc.constant(undefined),
);

const constraintArb: fc.Arbitrary<TopologySpreadConstraint> = fc
  .record({
    topologyKey: fc.constantFrom("topology.kubernetes.io/zone", "kubernetes.io/hostname", "disk"),
    whenUnsatisfiable: fc.constantFrom("DoNotSchedule" as const, "ScheduleAnyway" as const),
    maxSkew: fc.integer({ min: 1, max: 3 }),
    labelSelector: selectorArb,
    matchLabelKeys: fc.option(fc.constant(["tier"]), { nil: undefined }),
    minDomains: fc.nat(5).map((n) => (n < 2 ? n + 2 : undefined)),
    nodeAffinityPolicy: fc.option(fc.constantFrom("Honor" as const, "Ignore" as const), { nil: undefined }),
    nodeTaintsPolicy: fc.option(fc.constantFrom("Honor" as const, "Ignore" as const), { nil: undefined }),
  })
  .map((c) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = v;
    return out as unknown as TopologySpreadConstraint;
  });

/** One pod; `nodeName` binds it (an existing pod), otherwise it is pending. */
function podArb(name: string, bound: readonly string[]): fc.Arbitrary<Pod> {
  return fc
    .record({
      namespace: fc.constantFrom("default", "default", "other"),
      app: fc.constantFrom(...APPS),
      tier: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
      cpu: fc.constantFrom("100m", "500m", "1", "3"),
      spread: fc.array(constraintArb, { maxLength: 2 }),
      selector: fc.constantFrom<Record<string, string> | undefined>(
        undefined,
        undefined,
        undefined,
        { disk: "ssd" },
        { disk: "hdd", "kubernetes.io/hostname": "n1" },
        {},
      ),
      requiredAffinity: fc.nat(5).map((n) => n === 0),
      tolerate: fc.boolean(),
      anti: fc.nat(9).map((n) => n === 0),
      nodeName: bound.length > 0 ? fc.constantFrom(...bound) : fc.constant(undefined),
      terminating: fc.nat(5).map((n) => n === 0),
    })
    .map(({ namespace, app, tier, cpu, spread, selector, requiredAffinity, tolerate, anti, nodeName, terminating }) => {
      const labels: Record<string, string> = { app, ...(tier ? { tier } : {}) };
      return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name,
          namespace,
          labels,
          ...(nodeName && terminating ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
        },
        spec: {
          containers: [{ name: "c", image: `${app}:1`, resources: { requests: { cpu, memory: "128Mi" } } }],
          ...(nodeName ? { nodeName } : {}),
          ...(spread.length > 0 ? { topologySpreadConstraints: spread } : {}),
          ...(selector ? { nodeSelector: selector } : {}),
          ...(tolerate ? { tolerations: [{ operator: "Exists" as const }] } : {}),
          ...(anti || requiredAffinity
            ? {
                affinity: {
                  ...(requiredAffinity
                    ? {
                        nodeAffinity: {
                          requiredDuringSchedulingIgnoredDuringExecution: {
                            nodeSelectorTerms: [
                              { matchExpressions: [{ key: "disk", operator: "NotIn", values: ["hdd"] }] },
                            ],
                          },
                        },
                      }
                    : {}),
                  ...(anti
                    ? {
                        podAntiAffinity: {
                          requiredDuringSchedulingIgnoredDuringExecution: [
                            { labelSelector: { matchLabels: { app } }, topologyKey: "kubernetes.io/hostname" },
                          ],
                        },
                      }
                    : {}),
                },
              }
            : {}),
        },
        status: { phase: nodeName ? "Running" : "Pending" },
      } satisfies Pod;
    });
}

export interface SpreadCluster {
  readonly nodes: Node[];
  readonly existing: Pod[];
  readonly pending: Pod[];
  readonly objects: KubeObject[];
  readonly seed: number;
  /** Indexes (into the bound pods, in binding order) removed again after each bind, for removePod. */
  readonly removals: number[];
}

const SERVICES: readonly KubeObject[] = [
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default" },
    spec: { selector: { app: "web" } },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "db", namespace: "other" },
    spec: { selector: { app: "db" } },
  },
];

/** A cluster of 1..maxNodes nodes, 0..maxExisting bound pods and 1..maxPending pending pods. */
export function spreadClusterArbitrary(maxNodes: number, maxExisting: number, maxPending: number) {
  return fc.integer({ min: 1, max: maxNodes }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `n${i}`);
    return fc.record({
      // Half the nodes keep their taints and cordon (more feasible nodes, so more scoring).
      nodes: fc.tuple(
        ...names.map((name) =>
          fc
            .tuple(nodeArbitrary(name, { zones: ["a", "b", "c", ""] }), fc.boolean())
            .map(([n, plain]) => (plain ? { ...n, spec: {} } : n)),
        ),
      ),
      existing: fc
        .integer({ min: 0, max: maxExisting })
        .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => podArb(`e${i}`, names)))),
      pending: fc
        .integer({ min: 1, max: maxPending })
        .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => podArb(`p${i}`, [])))),
      objects: fc.subarray([...SERVICES]),
      seed: fc.nat(),
      removals: fc.array(fc.nat(20), { maxLength: 4 }),
    }) as fc.Arbitrary<SpreadCluster>;
  });
}
