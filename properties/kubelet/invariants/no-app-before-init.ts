/** No regular container runs unless every regular init container has exited 0. */
import { runtimeOf, type TransitionInvariant } from "./common.js";

export const noAppBeforeInit: TransitionInvariant = (_prev, next) => {
  for (const [key, p] of next.pods.entries()) {
    const rt = runtimeOf(next, key);
    if (!rt) continue;
    const anyAppRunning = p.spec.containers.some((c) => rt.containers[c.name]?.[0]?.state === "running");
    if (!anyAppRunning) continue;
    for (const c of p.spec.initContainers ?? []) {
      if (c.restartPolicy === "Always") continue;
      const s = rt.containers[c.name]?.[0];
      if (s?.state !== "exited" || s.exitCode !== 0)
        return `${key}: an app container runs but init container ${c.name} has not exited 0`;
    }
  }
  return undefined;
};
