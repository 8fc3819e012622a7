/**
 * Pods below the partition are never updated (reference §3 invariant 3): the rolling update never
 * deletes an ordinal below start + partition, and a pod recreated there gets the current revision.
 */

/** The violation message, or undefined. */
export function partitionFloor(
  updateDeleted: readonly number[],
  createdBelowWithRevision: readonly { ordinal: number; revision: string }[],
  floor: number,
  currentRevision: string | undefined,
  updateRevision: string,
): string | undefined {
  for (const k of updateDeleted)
    if (k < floor) return `the rolling update deleted ordinal ${k} below the partition floor ${floor}`;
  for (const c of createdBelowWithRevision) {
    const want = currentRevision ?? updateRevision;
    if (c.revision !== want)
      return `ordinal ${c.ordinal} below the partition was recreated at ${c.revision}, not ${want}`;
  }
  return undefined;
}
