/**
 * Deployment rollout bounds: a sync never raises the number of (non-terminating) pods above
 * replicas + maxSurge, and never lowers the number of available pods below replicas - maxUnavailable
 * (nor at all when the environment already pushed it below), so only the environment — killing pods,
 * or a user scaling down — breaks them.
 */

export interface PodCounts {
  readonly active: number;
  readonly available: number;
}

/** The violation message, or undefined. */
export function deploymentBounds(
  before: PodCounts,
  after: PodCounts,
  replicas: number,
  surge: number,
  unavailable: number,
): string | undefined {
  const ceiling = replicas + surge;
  if (after.active > Math.max(before.active, ceiling))
    return `a sync raised the pod count to ${after.active} (was ${before.active}, replicas+maxSurge=${ceiling})`;
  const floor = replicas - Math.min(unavailable, replicas);
  if (after.available < Math.min(before.available, floor))
    return `a sync lowered availability to ${after.available} (was ${before.available}, replicas-maxUnavailable=${floor})`;
  return undefined;
}
