/** Nodes for scheduler properties: varied sizes, zones, labels, NoSchedule/PreferNoSchedule taints, cordons, tiny (full) nodes. */
import fc from "fast-check";
import type { Node, Taint } from "../../engine/model/k8s.js";

export interface NodeConstraints {
  readonly zones?: readonly string[];
}

const TAINTS: readonly Taint[] = [
  { key: "dedicated", value: "gpu", effect: "NoSchedule" },
  { key: "spot", value: "true", effect: "PreferNoSchedule" },
  { key: "maint", value: "x", effect: "NoExecute" },
];

/** One node named `name`. */
export function nodeArbitrary(name: string, c: NodeConstraints = {}): fc.Arbitrary<Node> {
  const zones = c.zones ?? ["a", "b", "c"];
  return fc
    .record({
      cpu: fc.constantFrom("500m", "1", "2", "4"),
      memory: fc.constantFrom("512Mi", "2Gi", "8Gi"),
      pods: fc.constantFrom("2", "8", "110"),
      zone: fc.option(fc.constantFrom(...zones), { nil: undefined, freq: 6 }),
      disk: fc.option(fc.constantFrom("ssd", "hdd"), { nil: undefined }),
      taints: fc.subarray([...TAINTS], { maxLength: 2 }),
      cordon: fc.nat(9).map((n) => n === 0),
    })
    .map(({ cpu, memory, pods, zone, disk, taints, cordon }) => ({
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        labels: {
          "kubernetes.io/hostname": name,
          ...(zone ? { "topology.kubernetes.io/zone": zone } : {}),
          ...(disk ? { disk } : {}),
        },
      },
      spec: { ...(taints.length > 0 ? { taints } : {}), ...(cordon ? { unschedulable: true } : {}) },
      status: { allocatable: { cpu, memory, pods } },
    }));
}

/** 1..max nodes named n0, n1, ... */
export function nodesArbitrary(max: number, c: NodeConstraints = {}): fc.Arbitrary<Node[]> {
  return fc
    .integer({ min: 1, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => nodeArbitrary(`n${i}`, c))));
}
