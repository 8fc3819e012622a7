/**
 * The restart decision for one container: ShouldContainerBeRestarted
 * (pkg/kubelet/container/helpers.go) and ContainerShouldRestart (pkg/api/v1/pod/util.go),
 * decided by the rule sets container-restart and container-restart-rules.
 */
import type { Container, PodSpec } from "../model/k8s.js";
import { gatesFor } from "./features.js";
import { decide } from "./ruleset.js";
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

/** ContainerShouldRestart: the container's restartPolicy/rules, else the pod's restartPolicy. */
export function containerShouldRestart(
  container: Container,
  spec: PodSpec,
  exitCode: number,
  version: string,
): Decision<boolean> {
  const f = decide("container-restart-rules", version, {
    containerRestartPolicy: container.restartPolicy ?? "",
    ruleRestarts: matchingRestartRule(container, exitCode),
    podRestartPolicy: spec.restartPolicy ?? "",
    exitCode,
  });
  return { value: f.params.restart === true, ruleId: f.ruleId, message: f.message };
}

/** ShouldContainerBeRestarted for the container's newest runtime status. */
export function shouldContainerBeRestarted(
  container: Container,
  spec: PodSpec,
  deleting: boolean,
  newest: RuntimeContainer | undefined,
  version: string,
): Decision<boolean> {
  const exitCode = newest?.exitCode ?? 0;
  const crr = gatesFor(version).containerRestartRules;
  const f = decide("container-restart", version, {
    deleting,
    hasStatus: newest !== undefined,
    state: newest?.state ?? "none",
    containerRestartRules: crr,
    containerShouldRestart:
      crr && newest?.state === "exited" ? containerShouldRestart(container, spec, exitCode, version).value : false,
    restartPolicy: spec.restartPolicy ?? "Always",
    exitCode,
  });
  return {
    value: f.params.restart === true,
    ruleId: f.ruleId,
    message: f.message.replaceAll("{{container}}", container.name),
  };
}
