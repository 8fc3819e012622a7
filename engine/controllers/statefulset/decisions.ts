/**
 * The StatefulSet controller's decisions, read from spec/kubernetes/statefulset.yaml through the
 * compiled rule engine: the controller computes facts, the rule set decides, the controller applies
 * the outcome and traces the rule id. decisions.test.ts checks the rule set against a direct
 * transcription of upstream's processReplica/processCondemned over every fact combination.
 */
import { decide } from "../../kubelet/ruleset.js";

/** Facts about one in-range replica slot (see the rule set's `facts`). */
export interface ReplicaFacts {
  readonly created: boolean;
  readonly phase: string;
  readonly terminating: boolean;
  readonly runningAndReady: boolean;
  readonly available: boolean;
  readonly monotonic: boolean;
}

/** Facts about one condemned pod. */
export interface CondemnedFacts {
  readonly terminating: boolean;
  readonly runningAndReady: boolean;
  readonly available: boolean;
  readonly firstUnhealthy: boolean;
  readonly monotonic: boolean;
}

export interface Decision {
  readonly ruleId: string;
  readonly action: string;
  /** processReplica/processCondemned's shouldExit (monotonic syncs stop here). */
  readonly exit: boolean;
}

const RULES = "statefulset";

/** processReplica. */
export function decideReplica(f: ReplicaFacts, version: string): Decision {
  const d = decide(RULES, version, { step: "replica", ...f });
  return { ruleId: d.ruleId, action: String(d.params.action), exit: d.params.exit === true };
}

/** processCondemned. */
export function decideCondemned(f: CondemnedFacts, version: string): Decision {
  const d = decide(RULES, version, { step: "condemned", ...f });
  return { ruleId: d.ruleId, action: String(d.params.action), exit: d.params.exit === true };
}

/** Which rolling-update path the version takes (the MaxUnavailableStatefulSet gate's default). */
export function updatePath(version: string): { ruleId: string; path: "legacy" | "max-unavailable" } {
  const d = decide(RULES, version, { step: "update-path" });
  return { ruleId: d.ruleId, path: d.params.path === "max-unavailable" ? "max-unavailable" : "legacy" };
}

/** The legacy update loop's decision for one target pod (highest ordinal first). */
export function decideUpdateTarget(
  f: { outdated: boolean; terminating: boolean; unavailable: boolean },
  version: string,
): { ruleId: string; action: "delete" | "wait" | "next"; stop: boolean } {
  const d = decide(RULES, version, { step: "update-target", ...f });
  return { ruleId: d.ruleId, action: d.params.action as "delete" | "wait" | "next", stop: d.params.stop === true };
}

/** The maxUnavailable update's budget check. */
export function decideUpdateBudget(
  f: { unavailable: number; maxUnavailable: number },
  version: string,
): { ruleId: string; action: "wait" | "delete" } {
  const d = decide(RULES, version, { step: "update-budget", ...f });
  return { ruleId: d.ruleId, action: d.params.action as "wait" | "delete" };
}
