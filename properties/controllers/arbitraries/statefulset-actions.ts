/**
 * Random histories for one StatefulSet: controller syncs interleaved with what the environment does
 * to its pods (start, become Ready or not, crash-loop, fail, lose their node, finish terminating) and
 * what a user does (scale, new image, move the partition, advance time).
 */
import fc from "fast-check";

export type StsAction =
  | { readonly t: "sync" }
  | { readonly t: "progress" }
  | { readonly t: "heal"; readonly i: number }
  | { readonly t: "run"; readonly i: number }
  | { readonly t: "ready"; readonly i: number; readonly v: boolean }
  | { readonly t: "crash"; readonly i: number }
  | { readonly t: "fail"; readonly i: number }
  | { readonly t: "lose"; readonly i: number }
  | { readonly t: "gc"; readonly i: number }
  | { readonly t: "finish" }
  | { readonly t: "scale"; readonly n: number }
  | { readonly t: "update" }
  | { readonly t: "partition"; readonly p: number }
  | { readonly t: "tick"; readonly ms: number };

/** Constraints of the StatefulSet history arbitrary. */
export interface StsConstraints {
  readonly maxReplicas: number;
  readonly maxActions: number;
}

export interface StsCase {
  readonly version: string;
  readonly replicas: number;
  readonly parallel: boolean;
  readonly partition: number;
  readonly maxUnavailable: number;
  readonly minReadySeconds: number;
  readonly start: number;
  readonly actions: readonly StsAction[];
}

/** A StatefulSet configuration and a history of at most `maxActions` steps (syncs and kubelet-like progress weighted up, so rollouts, stalls and scale-downs are reached). */
export function stsCase(c: StsConstraints = { maxReplicas: 5, maxActions: 100 }): fc.Arbitrary<StsCase> {
  const i = fc.nat({ max: c.maxReplicas + 1 });
  const action: fc.Arbitrary<StsAction> = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ t: "sync" } as const) },
    { weight: 6, arbitrary: fc.constant({ t: "progress" } as const) },
    { weight: 1, arbitrary: i.map((x) => ({ t: "run", i: x }) as const) },
    { weight: 1, arbitrary: fc.record({ i, v: fc.boolean() }).map((r) => ({ t: "ready", ...r }) as const) },
    { weight: 2, arbitrary: i.map((x) => ({ t: "crash", i: x }) as const) },
    { weight: 1, arbitrary: i.map((x) => ({ t: "heal", i: x }) as const) },
    { weight: 1, arbitrary: i.map((x) => ({ t: "fail", i: x }) as const) },
    { weight: 2, arbitrary: i.map((x) => ({ t: "lose", i: x }) as const) },
    { weight: 1, arbitrary: i.map((x) => ({ t: "gc", i: x }) as const) },
    { weight: 3, arbitrary: fc.constant({ t: "finish" } as const) },
    { weight: 1, arbitrary: fc.nat({ max: c.maxReplicas }).map((n) => ({ t: "scale", n }) as const) },
    { weight: 2, arbitrary: fc.constant({ t: "update" } as const) },
    { weight: 1, arbitrary: fc.nat({ max: c.maxReplicas }).map((p) => ({ t: "partition", p }) as const) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((ms) => ({ t: "tick", ms }) as const) },
  );
  return fc.record({
    version: fc.constantFrom("1.34", "1.36"),
    replicas: fc.integer({ min: 1, max: c.maxReplicas }),
    parallel: fc.boolean(),
    partition: fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.nat({ max: c.maxReplicas }) },
    ),
    maxUnavailable: fc.integer({ min: 1, max: 3 }),
    minReadySeconds: fc.constantFrom(0, 0, 5),
    start: fc.constantFrom(0, 0, 3),
    actions: fc.array(action, { minLength: 20, maxLength: c.maxActions, size: "max" }),
  });
}
