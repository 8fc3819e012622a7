/** Once a pod is Succeeded or Failed, no container of it starts again (sidecars included). */
import { runtimeOf, samePod, type TransitionInvariant } from "./common.js";

export const noStartAfterTerminal: TransitionInvariant = (prev, next) => {
  for (const [key, p] of prev.pods.entries()) {
    if (p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") continue;
    if (!samePod(p, next.pods.get(key))) continue;
    const a = runtimeOf(prev, key);
    const b = runtimeOf(next, key);
    if (!a || !b) continue;
    for (const [name, list] of Object.entries(b.containers)) {
      const before = a.containers[name]?.[0];
      const after = list[0];
      if (after?.state === "running" && (!before || after.attempt !== before.attempt || before.state !== "running"))
        return `${key}: ${name} started after the pod became ${p.status?.phase}`;
    }
  }
  return undefined;
};
