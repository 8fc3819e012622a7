/**
 * IntOrString scaling, mirroring k8s.io/apimachinery/pkg/util/intstr GetScaledValueFromIntOrPercent
 * and the Deployment helpers ResolveFenceposts (pkg/controller/deployment/util/deployment_util.go).
 */

/** An int or a percentage string like "25%". */
export type IntOrString = number | string;

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is returned as is; "N%" is N*total/100 rounded up
 * (roundUp) or down. Returns undefined for a malformed string (upstream returns an error).
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number | undefined {
  if (v === undefined) return 0;
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return undefined;
  const pct = Number(m[1]);
  const exact = (pct * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * deploymentutil.ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and when both
 * resolve to 0 maxUnavailable becomes 1 (so a rollout can always make progress).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number; error?: string } {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === undefined) return { surge: 0, unavailable: 0, error: `invalid maxSurge ${String(maxSurge)}` };
  if (unavailable === undefined)
    return { surge: 0, unavailable: 0, error: `invalid maxUnavailable ${String(maxUnavailable)}` };
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}
