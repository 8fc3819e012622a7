/** getPhase / generateAPIPodStatus: Succeeded and Failed are absorbing. */
import { samePod, type TransitionInvariant } from "./common.js";

export const terminalPhaseAbsorbing: TransitionInvariant = (prev, next) => {
  for (const [key, p] of prev.pods.entries()) {
    const phase = p.status?.phase;
    if (phase !== "Succeeded" && phase !== "Failed") continue;
    const n = next.pods.get(key);
    if (samePod(p, n) && n?.status?.phase !== phase)
      return `${key} left terminal phase ${phase} for ${n?.status?.phase}`;
  }
  return undefined;
};
