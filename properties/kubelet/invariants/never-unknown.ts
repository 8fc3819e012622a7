/** The kubelet never reports phase Unknown (deprecated, unset since 2015), not even on node loss. */
import type { TransitionInvariant } from "./common.js";

export const neverUnknown: TransitionInvariant = (_prev, next) => {
  for (const [key, p] of next.pods.entries()) if (p.status?.phase === "Unknown") return `${key} has phase Unknown`;
  return undefined;
};
