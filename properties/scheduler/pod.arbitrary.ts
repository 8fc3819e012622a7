/**
 * Pending pods for scheduler properties: varied requests (some larger than any node), nodeSelectors,
 * tolerations, host ports, priorities, zone spread constraints (DoNotSchedule and ScheduleAnyway)
 * and required anti-affinity on the app label.
 */
import fc from "fast-check";
import type { Pod, TopologySpreadConstraint } from "../../engine/model/k8s.js";

export function podArbitrary(name: string): fc.Arbitrary<Pod> {
  return fc
    .record({
      cpu: fc.option(fc.constantFrom("100m", "250m", "500m", "1", "3", "8"), { nil: undefined }),
      memory: fc.option(fc.constantFrom("64Mi", "256Mi", "1Gi", "4Gi"), { nil: undefined }),
      app: fc.constantFrom("web", "db", "cache"),
      selector: fc.option(fc.constantFrom({ disk: "ssd" }, { disk: "hdd" }), { nil: undefined, freq: 4 }),
      tolerate: fc.constantFrom("none", "gpu", "all"),
      hostPort: fc.option(fc.constantFrom(80, 443), { nil: undefined, freq: 5 }),
      priority: fc.constantFrom(0, 0, 100),
      spread: fc.option(
        fc.constantFrom<TopologySpreadConstraint["whenUnsatisfiable"]>("DoNotSchedule", "ScheduleAnyway"),
        {
          nil: undefined,
          freq: 3,
        },
      ),
      anti: fc.nat(7).map((n) => n === 0),
    })
    .map(({ cpu, memory, app, selector, tolerate, hostPort, priority, spread, anti }) => {
      const requests: Record<string, string> = {};
      if (cpu) requests.cpu = cpu;
      if (memory) requests.memory = memory;
      const labelSel = { matchLabels: { app } };
      return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: "default", labels: { app } },
        spec: {
          containers: [
            {
              name: "c",
              image: `${app}:1`,
              resources: { requests },
              ...(hostPort ? { ports: [{ containerPort: hostPort, hostPort }] } : {}),
            },
          ],
          priority,
          ...(selector ? { nodeSelector: selector } : {}),
          ...(tolerate === "gpu"
            ? {
                tolerations: [
                  { key: "dedicated", operator: "Equal" as const, value: "gpu", effect: "NoSchedule" as const },
                ],
              }
            : tolerate === "all"
              ? { tolerations: [{ operator: "Exists" as const }] }
              : {}),
          ...(spread
            ? {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: "topology.kubernetes.io/zone",
                    whenUnsatisfiable: spread,
                    labelSelector: labelSel,
                  },
                ],
              }
            : {}),
          ...(anti
            ? {
                affinity: {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                      { labelSelector: labelSel, topologyKey: "kubernetes.io/hostname" },
                    ],
                  },
                },
              }
            : {}),
        },
        status: { phase: "Pending" },
      } satisfies Pod;
    });
}

/** 1..max pods named p0, p1, ... */
export function podsArbitrary(max: number): fc.Arbitrary<Pod[]> {
  return fc
    .integer({ min: 1, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => podArbitrary(`p${i}`))));
}
