/**
 * Random histories for one Deployment: controller syncs, a kubelet-like "progress" (pods start and
 * become Ready — except pods of a broken template, which never do), the environment killing pods,
 * and users scaling and changing the template mid-rollout.
 */
import fc from "fast-check";

export type DeployAction =
  | { readonly t: "sync" }
  | { readonly t: "progress" }
  | { readonly t: "kill"; readonly i: number }
  | { readonly t: "finish" }
  | { readonly t: "update"; readonly broken: boolean }
  | { readonly t: "scale"; readonly n: number };

/** Constraints of the Deployment history arbitrary. */
export interface DeployConstraints {
  readonly maxReplicas: number;
  readonly maxActions: number;
}

export interface DeployCase {
  readonly replicas: number;
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly actions: readonly DeployAction[];
}

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("0%", "25%", "50%", "100%"));

/** A rolling-update Deployment and a history of syncs, pod progress, kills, updates and scalings. */
export function deployCase(c: DeployConstraints = { maxReplicas: 8, maxActions: 80 }): fc.Arbitrary<DeployCase> {
  const action: fc.Arbitrary<DeployAction> = fc.oneof(
    { weight: 8, arbitrary: fc.constant({ t: "sync" } as const) },
    { weight: 5, arbitrary: fc.constant({ t: "progress" } as const) },
    { weight: 1, arbitrary: fc.nat({ max: 10 }).map((i) => ({ t: "kill", i }) as const) },
    { weight: 3, arbitrary: fc.constant({ t: "finish" } as const) },
    { weight: 2, arbitrary: fc.boolean().map((broken) => ({ t: "update", broken }) as const) },
    { weight: 1, arbitrary: fc.nat({ max: c.maxReplicas }).map((n) => ({ t: "scale", n }) as const) },
  );
  return fc
    .record({
      replicas: fc.integer({ min: 1, max: c.maxReplicas }),
      maxSurge: intOrPercent,
      maxUnavailable: intOrPercent,
      actions: fc.array(action, { minLength: 20, maxLength: c.maxActions, size: "max" }),
    })
    .filter(
      (x) => !((x.maxSurge === 0 || x.maxSurge === "0%") && (x.maxUnavailable === 0 || x.maxUnavailable === "0%")),
    );
}
