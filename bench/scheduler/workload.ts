/**
 * The scheduler benchmark's workload, generated from a fixed seed (scheduler_perf SchedulingBasic
 * shape, made more varied): nodes of several sizes across 3 zones with disk/instance labels and some
 * taints; pending pods with varied requests, some nodeSelectors, tolerations and zone spreads.
 */
import type { Node, Pod } from "../../engine/model/k8s.js";
import { nextRandom } from "../../engine/scheduler/rng.js";

class Rand {
  constructor(private state: number) {}
  next(): number {
    const r = nextRandom(this.state);
    this.state = r.rng;
    return r.value;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

const SIZES = [
  { cpu: "4", memory: "16Gi" },
  { cpu: "8", memory: "32Gi" },
  { cpu: "16", memory: "64Gi" },
  { cpu: "32", memory: "128Gi" },
] as const;

/** `n` nodes: 3 zones, 4 sizes, disk ssd/hdd, ~10% gpu-dedicated (NoSchedule), ~5% spot (PreferNoSchedule). */
export function makeNodes(n: number, seed = 1): Node[] {
  const r = new Rand(seed);
  return Array.from({ length: n }, (_, i) => {
    const size = r.pick(SIZES);
    const t = r.next();
    const taints =
      t < 0.1
        ? [{ key: "dedicated", value: "gpu", effect: "NoSchedule" as const }]
        : t < 0.15
          ? [{ key: "spot", value: "true", effect: "PreferNoSchedule" as const }]
          : undefined;
    const name = `node-${i}`;
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        labels: {
          "kubernetes.io/hostname": name,
          "topology.kubernetes.io/region": "r1",
          "topology.kubernetes.io/zone": r.pick(["r1-a", "r1-b", "r1-c"]),
          "node.kubernetes.io/instance-type": `m.${size.cpu}`,
          disk: r.pick(["ssd", "hdd"]),
        },
      },
      spec: taints ? { taints } : {},
      status: {
        allocatable: { cpu: size.cpu, memory: size.memory, pods: "110" },
        conditions: [{ type: "Ready", status: "True" }],
      },
    } satisfies Node;
  });
}

/** `n` pending pods: requests 100m–2 cpu / 128Mi–4Gi, 20% nodeSelector, 10% gpu toleration, 10% zone spread. */
export function makePods(n: number, seed = 2): Pod[] {
  const r = new Rand(seed);
  return Array.from({ length: n }, (_, i) => {
    const app = `app-${i % 50}`;
    const k = r.next();
    const spread = k < 0.1;
    const selector = r.next() < 0.2;
    const tolerate = r.next() < 0.1;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `pod-${i}`, namespace: "default", labels: { app } },
      spec: {
        containers: [
          {
            name: "c",
            image: `registry.example/${app}:1`,
            resources: {
              requests: {
                cpu: r.pick(["100m", "250m", "500m", "1", "2"]),
                memory: r.pick(["128Mi", "512Mi", "1Gi", "4Gi"]),
              },
            },
          },
        ],
        ...(selector ? { nodeSelector: { disk: "ssd" } } : {}),
        ...(tolerate
          ? {
              tolerations: [
                { key: "dedicated", operator: "Equal" as const, value: "gpu", effect: "NoSchedule" as const },
              ],
            }
          : {}),
        ...(spread
          ? {
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: "topology.kubernetes.io/zone",
                  whenUnsatisfiable: r.next() < 0.5 ? ("DoNotSchedule" as const) : ("ScheduleAnyway" as const),
                  labelSelector: { matchLabels: { app } },
                },
              ],
            }
          : {}),
      },
      status: { phase: "Pending" },
    } satisfies Pod;
  });
}
