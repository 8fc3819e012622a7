/** ContainerExited: a running container's process exits with a code (the environment's choice). */
import { kubeletState } from "../kubelet/controller.js";
import { exitContainer } from "../kubelet/exit.js";
import { isSidecar } from "../kubelet/phase.js";
import type { EngineEvent, EventHandler } from "../model/state.js";
import { containerNames, intField, podKey, requireStrings, unknownFields } from "./common.js";

const RULE = "scenario/container-exited";

export const containerExitedHandler: EventHandler = {
  type: "ContainerExited",
  validate(event) {
    return [
      ...requireStrings(event, ["pod", "container"]),
      ...intField(event, "exitCode", 0, 255),
      ...(event.reason !== undefined && typeof event.reason !== "string"
        ? [{ field: "reason", message: '"reason" must be a string (e.g. OOMKilled)' }]
        : []),
      ...unknownFields(event, ["pod", "namespace", "container", "exitCode", "reason"]),
    ];
  },
  apply(state, event, trace) {
    const exitCode = (event.exitCode as number | undefined) ?? 1;
    const reason = event.reason as string | undefined;
    const next = exitContainer(state, podKey(event), String(event.container), exitCode, reason, RULE, trace);
    if (next) return next;
    trace.rule("scenario/event-not-applicable");
    return state;
  },
  enabled(state) {
    const out: EngineEvent[] = [];
    const ks = kubeletState(state);
    for (const [key, rt] of ks.runtimes.entries()) {
      if (rt.terminated || ks.down[rt.node] !== undefined) continue;
      const pod = state.pods.get(key);
      if (!pod) continue;
      for (const name of containerNames(pod)) {
        if (rt.containers[name]?.[0]?.state !== "running") continue;
        const sidecar = (pod.spec.initContainers ?? []).some((c) => c.name === name && isSidecar(c));
        for (const exitCode of sidecar ? [1] : [0, 1])
          out.push({ type: "ContainerExited", at: state.time, pod: key, container: name, exitCode });
      }
    }
    return out;
  },
};
