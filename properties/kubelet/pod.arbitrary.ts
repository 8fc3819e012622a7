/**
 * Pods that reach the kubelet's interesting states: regular init containers and sidecars in any
 * order (some sidecars gated by a delayed startup probe), main containers with readiness/liveness
 * probes, every restart policy.
 */
import fc from "fast-check";
import type { Container, Pod } from "../../engine/model/k8s.js";

export interface PodConstraints {
  readonly name: string;
  readonly node: string;
  readonly maxInit?: number;
  readonly maxContainers?: number;
}

const initArb = (i: number) =>
  fc
    .record({ sidecar: fc.boolean(), startupDelay: fc.constantFrom(0, 0, 5) })
    .map(({ sidecar, startupDelay }): Container => {
      const c: Container = { name: `${sidecar ? "side" : "init"}${i}`, image: `img-${i}:1` };
      if (!sidecar) return c;
      return {
        ...c,
        restartPolicy: "Always",
        ...(startupDelay > 0 ? { startupProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: startupDelay } } : {}),
        livenessProbe: { tcpSocket: { port: 80 } },
      };
    });

const mainArb = (i: number) =>
  fc.record({ readiness: fc.boolean(), liveness: fc.boolean() }).map(
    ({ readiness, liveness }): Container => ({
      name: `app${i}`,
      image: `app-${i}:1`,
      ...(readiness ? { readinessProbe: { httpGet: { port: 80 } } } : {}),
      ...(liveness ? { livenessProbe: { httpGet: { port: 80 } } } : {}),
    }),
  );

/** A bound Pod (spec.nodeName set) as a user would write it. */
export function podArbitrary(c: PodConstraints): fc.Arbitrary<Pod> {
  return fc
    .record({
      restartPolicy: fc.constantFrom("Always", "OnFailure", "Never") as fc.Arbitrary<"Always" | "OnFailure" | "Never">,
      inits: fc
        .integer({ min: 0, max: c.maxInit ?? 3 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => initArb(i)))),
      mains: fc
        .integer({ min: 1, max: c.maxContainers ?? 2 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => mainArb(i)))),
    })
    .map(({ restartPolicy, inits, mains }) => ({
      apiVersion: "v1",
      kind: "Pod" as const,
      metadata: { name: c.name, namespace: "default" },
      spec: {
        nodeName: c.node,
        restartPolicy,
        ...(inits.length > 0 ? { initContainers: inits } : {}),
        containers: mains,
      },
    }));
}
