/**
 * At most one create and one delete per sync when monotonic (reference §3 invariant 2); with the
 * MaxUnavailableStatefulSet path, rolling-update deletions are bounded by maxUnavailable instead.
 */

/** The violation message, or undefined. */
export function syncBounds(
  creates: number,
  deletes: number,
  updateDeletes: number,
  maxUpdateDeletes: number,
): string | undefined {
  if (creates > 1) return `${creates} pods created in one monotonic sync`;
  if (deletes - updateDeletes > 1)
    return `${deletes - updateDeletes} pods deleted in one monotonic sync outside the update`;
  if (updateDeletes > maxUpdateDeletes)
    return `${updateDeletes} pods deleted by one update sync (limit ${maxUpdateDeletes})`;
  if (deletes > 0 && creates > 0) return "a monotonic sync both created and deleted a pod";
  return undefined;
}
