/** computeInitContainerActions: regular init containers run one at a time. */
import { runtimeOf, type TransitionInvariant } from "./common.js";

export const oneRegularInitRunning: TransitionInvariant = (_prev, next) => {
  for (const [key, p] of next.pods.entries()) {
    const rt = runtimeOf(next, key);
    if (!rt) continue;
    const running = (p.spec.initContainers ?? []).filter(
      (c) => c.restartPolicy !== "Always" && rt.containers[c.name]?.[0]?.state === "running",
    );
    if (running.length > 1) return `${key} runs ${running.length} regular init containers at once`;
  }
  return undefined;
};
