/** A loaded, validated Scenario: the cluster at time 0 and the environment's events. */
import type { KubeObject, Node } from "../model/k8s.js";
import type { EngineEvent } from "../model/state.js";

export interface Scenario {
  readonly name: string;
  /** "1.N": selects version-dependent rules. */
  readonly kubernetesVersion: string;
  readonly nodes: readonly Node[];
  /** Pods and every other object (workloads, ...), as given. */
  readonly objects: readonly KubeObject[];
  /** Sorted by `at` (stable). */
  readonly events: readonly EngineEvent[];
  /** Seed for the state's PRNG (explicit nondeterministic choices). */
  readonly seed?: number;
  /** Default end time of a run (spec.until), in ms. */
  readonly until?: number;
}
