/** Pod-shaped facts: a random subset of FACT_NAMES with values from pools shared with the rule generator. */
import fc from "fast-check";
import type { Facts } from "../../engine/rules/types.js";
import {
  EFFECTS,
  FACT_NAMES,
  LABEL_KEYS,
  LABEL_VALUES,
  NUMBERS,
  QUANTITIES,
  STRINGS,
  TAINT_KEYS,
  TAINT_VALUES,
  TOLERATION_OPERATORS,
} from "./universe.js";

/** Constraints of the facts arbitrary. */
export interface FactsConstraints {
  /** Probability-ish weight of "odd" values (objects where numbers are expected, NaN, null, objects with a `toString` key). Default 1 (out of ~10). */
  readonly oddWeight?: number;
  /** Include objects with an own non-function `toString` key, which make json-rules-engine's numeric operators throw. Default true. */
  readonly hostileObjects?: boolean;
}

const scalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS), fc.boolean(), fc.constant(null));

const labels = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 });

export const tolerationArb = fc.record(
  {
    key: fc.constantFrom(...TAINT_KEYS),
    operator: fc.constantFrom(...TOLERATION_OPERATORS),
    value: fc.constantFrom(...TAINT_VALUES),
    effect: fc.constantFrom(...EFFECTS),
  },
  { requiredKeys: [] },
);

export const taintArb = fc.record(
  {
    key: fc.constantFrom(...TAINT_KEYS.filter((k) => k !== "")),
    value: fc.constantFrom(...TAINT_VALUES),
    effect: fc.constantFrom(...EFFECTS.filter((e) => e !== "")),
  },
  { requiredKeys: ["key", "effect"] },
);

const container = fc.record(
  {
    name: fc.constantFrom("app", "sidecar"),
    image: fc.constantFrom("nginx", "busybox:1.36", ""),
    resources: fc.record(
      {
        requests: fc.record(
          { cpu: fc.constantFrom(...QUANTITIES), memory: fc.constantFrom(...QUANTITIES) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["name"] },
);

const pod = fc.record(
  {
    metadata: fc.record({ name: fc.constantFrom("web-1", "db-0", "", "a"), labels }, { requiredKeys: [] }),
    spec: fc.record(
      {
        restartPolicy: fc.constantFrom("Always", "OnFailure", "Never"),
        containers: fc.array(container, { maxLength: 2 }),
        tolerations: fc.array(tolerationArb, { maxLength: 3 }),
        taints: fc.array(taintArb, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    status: fc.record(
      { phase: fc.constantFrom("Pending", "Running", "Failed"), restartCount: fc.nat(5) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** Values a fact may take besides its "natural" shape: what a buggy manifest or a missing field produces. */
function odd(c: FactsConstraints): fc.Arbitrary<unknown> {
  const base: fc.Arbitrary<unknown>[] = [
    scalar,
    fc.constant(Number.NaN),
    fc.constant([5]),
    fc.array(scalar, { maxLength: 3 }),
    fc.constant({}),
    pod,
  ];
  const arbs = base.map((arbitrary) => ({ weight: 4, arbitrary }));
  if (c.hostileObjects ?? true) arbs.push({ weight: 1, arbitrary: fc.constant({ toString: "not a function" }) });
  return fc.oneof(...arbs);
}

function natural(name: (typeof FACT_NAMES)[number]): fc.Arbitrary<unknown> {
  switch (name) {
    case "pod":
    case "node":
      return pod;
    case "restartPolicy":
      return fc.constantFrom("Always", "OnFailure", "Never");
    case "count":
      return fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom("3", "12abc", "abc"));
    case "cpu":
      return fc.constantFrom(...QUANTITIES);
    case "labels":
      return labels;
    case "tolerations":
      return fc.array(tolerationArb, { maxLength: 3 });
    case "taint":
      return taintArb;
    case "name":
      return fc.constantFrom("web-12", "db", "", "abc", "x");
    case "tags":
      return fc.array(scalar, { maxLength: 4 });
    case "flag":
      return fc.boolean();
    case "maybe":
      return fc.constantFrom(null, undefined, "", 0);
    case "constructor":
      return fc.constantFrom("web", 1, [1]);
  }
}

/** Facts objects: each known fact absent, natural, or (rarely) odd. */
export function factsArbitrary(c: FactsConstraints = {}): fc.Arbitrary<Facts> {
  const oddWeight = c.oddWeight ?? 1;
  const entries = FACT_NAMES.map((name) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<[string, unknown] | undefined>(undefined) },
      { weight: 8, arbitrary: natural(name).map((v): [string, unknown] => [name, v]) },
      { weight: oddWeight, arbitrary: odd(c).map((v): [string, unknown] => [name, v]) },
    ),
  );
  return fc.tuple(...entries).map((es) => Object.fromEntries(es.filter((e) => e !== undefined)) as Facts);
}
