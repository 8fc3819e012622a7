/**
 * Under restartPolicy Never a terminated regular (or regular init) container is never started
 * again (ShouldContainerBeRestarted; computeInitContainerActions kills the pod instead).
 */
import { isSidecarName, runtimeOf, samePod, type TransitionInvariant } from "./common.js";

export const neverRestartsUnderNever: TransitionInvariant = (prev, next) => {
  for (const [key, p] of prev.pods.entries()) {
    if (p.spec.restartPolicy !== "Never") continue;
    const n = next.pods.get(key);
    const a = runtimeOf(prev, key);
    const b = runtimeOf(next, key);
    if (!samePod(p, n) || !a || !b) continue;
    for (const [name, list] of Object.entries(a.containers)) {
      if (isSidecarName(p, name)) continue;
      const before = list[0];
      const after = b.containers[name]?.[0];
      if (before?.state === "exited" && after && after.attempt > before.attempt)
        return `${key}: ${name} restarted (attempt ${after.attempt}) under restartPolicy Never`;
    }
  }
  return undefined;
};
