/**
 * DaemonSet rolling update (pkg/controller/daemon/update.go rollingUpdate, updatedDesiredNodeCounts,
 * findUpdatedPodsOnNode; util SurgeCount / UnavailableCount, both rounding percentages up).
 * Without surge: delete old pods (unavailable ones first, then up to maxUnavailable); with surge:
 * create the new pod beside the old one (up to maxSurge), and delete the old one once the new one is
 * available.
 */
import type { Node, Pod } from "../../model/k8s.js";
import { scaledValue } from "../common/intstr.js";
import { isPodAvailable } from "../common/pods.js";
import type { DaemonSetSpec } from "../defaults.js";

/** findUpdatedPodsOnNode: the node's new and old pod; ok=false when it has duplicates of either. */
function findUpdated(pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (p.metadata.labels?.["controller-revision-hash"] === hash) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

/** What one rolling-update pass creates (node names) and deletes (pods). */
export function rollingUpdatePlan(
  spec: DaemonSetSpec,
  hash: string,
  nodes: readonly Node[],
  eligible: ReadonlyMap<string, boolean>,
  podsOn: (node: string) => Pod[],
  now: number,
): { create: string[]; delete: Pod[] } {
  const names = nodes.map((n) => n.metadata.name ?? "").filter((n) => eligible.get(n));
  const desired = names.length;
  const ru = spec.updateStrategy.rollingUpdate;
  let maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true) ?? 1;
  const maxSurge = scaledValue(ru?.maxSurge ?? 0, desired, true) ?? 0;
  if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const min = spec.minReadySeconds;
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: Pod[] = [];
    const candidates: Pod[] = [];
    for (const n of names) {
      const { newPod, oldPod, ok } = findUpdated(podsOn(n), hash);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++;
      } else if (newPod) {
        if (!isPodAvailable(newPod, min, now)) numUnavailable++;
      } else if (oldPod) {
        if (!isPodAvailable(oldPod, min, now)) allowed.push(oldPod);
        else if (numUnavailable >= maxUnavailable) continue;
        else candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { create: [], delete: [...allowed, ...candidates.slice(0, remaining)] };
  }
  let numSurge = 0;
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  const oldToDelete: Pod[] = [];
  for (const n of names) {
    const { newPod, oldPod, ok } = findUpdated(podsOn(n), hash);
    if (!ok) continue;
    if (!oldPod) continue;
    if (!newPod) {
      if (!isPodAvailable(oldPod, min, now)) allowedNew.push(n);
      else if (numSurge >= maxSurge) continue;
      else candidateNew.push(n);
    } else if (!isPodAvailable(newPod, min, now)) {
      numSurge++;
    } else {
      oldToDelete.push(oldPod);
    }
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
  return { create: [...allowedNew, ...candidateNew.slice(0, remaining)], delete: oldToDelete };
}
