/**
 * The restart decision for one container: ShouldContainerBeRestarted
 * (pkg/kubelet/container/helpers.go) and ContainerShouldRestart (pkg/api/v1/pod/util.go),
 * decided by the rule sets container-restart and container-restart-rules.
 */
import type { Container, PodSpec } from "../model/k8s.js";
import { gatesFor } from "./features.js";
import { decide, decidePacked, type Fired, PackedMemo, policyCode, smallInt, stateCode } from "./ruleset.js";
import type { RuntimeContainer } from "./runtime.js";

export interface Decision<T> {
  readonly value: T;
  readonly ruleId: string;
  readonly message: string;
}

/** Whether a restartPolicyRules entry with action Restart matches the exit code (first match wins). */
export function matchingRestartRule(container: Container, exitCode: number): boolean {
  for (const r of container.restartPolicyRules ?? []) {
    const ec = r.exitCodes;
    if (!ec) continue;
    const inValues = (ec.values ?? []).includes(exitCode);
    if ((ec.operator === "In" && inValues) || (ec.operator === "NotIn" && !inValues)) return r.action === "Restart";
  }
  return false;
}

/** A restartPolicy fact that may be "" (unset) as 0..3; -1 otherwise. */
const optionalPolicyCode = (p: string): number => (p === "" ? 3 : policyCode(p));

/** The facts of a container-restart-rules decision. */
export type ShouldRestartFacts = {
  readonly containerRestartPolicy: string;
  readonly ruleRestarts: boolean;
  readonly podRestartPolicy: string;
  readonly exitCode: number;
};

/** Every container-restart-rules fact packed: both policies (2 bits each), a flag, the exit code (0..255). */
export function shouldRestartKey(f: ShouldRestartFacts): number {
  const cp = optionalPolicyCode(f.containerRestartPolicy);
  const pp = optionalPolicyCode(f.podRestartPolicy);
  const ec = smallInt(f.exitCode, 256);
  if (cp < 0 || pp < 0 || ec < 0) return -1;
  return ((cp * 4 + pp) * 2 + (f.ruleRestarts ? 1 : 0)) * 256 + ec;
}

const shouldRestartMemo = new PackedMemo<Decision<boolean>>();

/** ContainerShouldRestart: the container's restartPolicy/rules, else the pod's restartPolicy. */
export function containerShouldRestart(
  container: Container,
  spec: PodSpec,
  exitCode: number,
  version: string,
): Decision<boolean> {
  const facts: ShouldRestartFacts = {
    containerRestartPolicy: container.restartPolicy ?? "",
    ruleRestarts: matchingRestartRule(container, exitCode),
    podRestartPolicy: spec.restartPolicy ?? "",
    exitCode,
  };
  const key = shouldRestartKey(facts);
  const hit = shouldRestartMemo.get(version, key);
  if (hit) return hit;
  const f = decide("container-restart-rules", version, facts);
  const d: Decision<boolean> = { value: f.params.restart === true, ruleId: f.ruleId, message: f.message };
  shouldRestartMemo.set(key, d);
  return d;
}

/** The facts of a container-restart decision. */
export type RestartFacts = {
  readonly deleting: boolean;
  readonly hasStatus: boolean;
  readonly state: string;
  readonly containerRestartRules: boolean;
  readonly containerShouldRestart: boolean;
  readonly restartPolicy: string;
  readonly exitCode: number;
};

/** Every container-restart fact packed: 4 flags, state (3 bits), restartPolicy (2 bits), exit code (0..255). */
export function restartKey(f: RestartFacts): number {
  const sc = stateCode(f.state);
  const pc = policyCode(f.restartPolicy);
  const ec = smallInt(f.exitCode, 256);
  if (sc < 0 || pc < 0 || ec < 0) return -1;
  let k = f.deleting ? 1 : 0;
  k = k * 2 + (f.hasStatus ? 1 : 0);
  k = k * 2 + (f.containerRestartRules ? 1 : 0);
  k = k * 2 + (f.containerShouldRestart ? 1 : 0);
  k = (k * 8 + sc) * 4 + pc;
  return k * 256 + ec;
}

const restartMemo = new PackedMemo<Fired>();

/**
 * The container-restart decision for a container's newest runtime status (the fired rule; its
 * message still has the {{container}} placeholder).
 */
export function restartFired(
  container: Container,
  spec: PodSpec,
  deleting: boolean,
  newest: RuntimeContainer | undefined,
  version: string,
): Fired {
  const exitCode = newest?.exitCode ?? 0;
  const crr = gatesFor(version).containerRestartRules;
  const facts: RestartFacts = {
    deleting,
    hasStatus: newest !== undefined,
    state: newest?.state ?? "none",
    containerRestartRules: crr,
    containerShouldRestart:
      crr && newest?.state === "exited" ? containerShouldRestart(container, spec, exitCode, version).value : false,
    restartPolicy: spec.restartPolicy ?? "Always",
    exitCode,
  };
  return decidePacked(restartMemo, "container-restart", version, restartKey(facts), facts);
}

/** ShouldContainerBeRestarted for the container's newest runtime status. */
export function shouldContainerBeRestarted(
  container: Container,
  spec: PodSpec,
  deleting: boolean,
  newest: RuntimeContainer | undefined,
  version: string,
): Decision<boolean> {
  const f = restartFired(container, spec, deleting, newest, version);
  return {
    value: f.params.restart === true,
    ruleId: f.ruleId,
    message: f.message.replaceAll("{{container}}", container.name),
  };
}
