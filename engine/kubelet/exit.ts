/**
 * A running container's process exits: the one path both the ContainerExited scenario event and a
 * scripted run's exit timer (scripted-run.ts) take, so phases, restarts and backoff follow alike.
 */
import { objectRefString } from "../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../model/state.js";
import { kubeletState, withRuntimeDirty } from "./controller.js";
import { stopContainer } from "./start.js";

/**
 * Stop container `name` of pod `key` with `exitCode` now and mark the pod for a kubelet sync,
 * tracing `ruleId`; undefined when the container is not running (the caller decides what that means).
 */
export function exitContainer(
  state: ClusterState,
  key: string,
  name: string,
  exitCode: number,
  reason: string | undefined,
  ruleId: string,
  trace: TraceRecorder,
): ClusterState | undefined {
  const ks = kubeletState(state);
  const rt = ks.runtimes.get(key);
  const running = rt?.containers[name]?.[0]?.state === "running";
  if (!rt || !running) return undefined;
  const next = stopContainer(rt, name, state.time, exitCode, reason);
  // The change's strings are built only when something records them.
  const pod = trace.enabled ? state.pods.get(key) : undefined;
  if (pod) trace.change(objectRefString(pod), `runtime.${name}`, "running", `exited(${exitCode})`);
  trace.rule(ruleId);
  return withRuntimeDirty(state, ks, key, next);
}
