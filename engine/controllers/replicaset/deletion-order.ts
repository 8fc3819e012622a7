/**
 * Which pods a ReplicaSet deletes first when it has too many: pkg/controller/replicaset/replica_set.go
 * getPodsToDelete + getPodsRankedByRelatedPodsOnSameNode, ordered by
 * pkg/controller/controller_utils.go ActivePodsWithRanks.Less (with LogarithmicScaleDown, GA, and
 * PodDeletionCost, beta and on by default).
 */
import type { Pod } from "../../model/k8s.js";
import { isPodActive, isPodReady, maxContainerRestarts } from "../common/pods.js";
import { msOfTimestamp } from "../common/time.js";

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[DELETION_COST];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  return Number(v);
}

/** logarithmicRankDiff: floor(log2(now - t)) of each, with -1 for non-positive ages; times in ns upstream. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** podReadyTime: the Ready condition's lastTransitionTime; undefined is Go's zero time. */
function readyTime(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === "Ready" && x.status === "True");
  return msOfTimestamp(c?.lastTransitionTime);
}

/** afterOrZero: a zero time sorts first, otherwise the later time does. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** The logarithmic comparison of two non-zero times (then UID), or afterOrZero when one is zero. */
function compareTimes(a: Pod, b: Pod, t1: number | undefined, t2: number | undefined, now: number): boolean {
  if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const diff = logRank(t1, now) - logRank(t2, now);
  if (diff !== 0) return diff < 0;
  return (a.metadata.uid ?? "") < (b.metadata.uid ?? "");
}

interface Ranked {
  readonly pod: Pod;
  readonly rank: number;
}

/**
 * ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. Upstream falls back to UID
 * order for equal logarithmic buckets; when nothing else differs kubespec breaks ties by name (upstream
 * leaves them to an unstable sort).
 */
export function deletesBefore(a: Ranked, b: Ranked, now: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec.nodeName ?? "";
  const nb = pb.spec.nodeName ?? "";
  // 1. unassigned < assigned
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. Pending < Unknown < Running
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ""] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ""] ?? 0;
  if (oa !== ob) return oa < ob;
  // 3. not ready < ready
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. lower pod-deletion-cost first
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. doubled up (more related pods on the same node) first
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. ready for less time first (logarithmic buckets; a zero time first)
  if (ra && rb) {
    const ta = readyTime(pa);
    const tb = readyTime(pb);
    if (ta !== tb) return compareTimes(pa, pb, ta, tb, now);
  }
  // 7. more restarts first
  const xa = maxContainerRestarts(pa);
  const xb = maxContainerRestarts(pb);
  if (xa !== xb) return xa > xb;
  // 8. newer first (logarithmic buckets; a zero time first)
  const ka = msOfTimestamp(pa.metadata.creationTimestamp);
  const kb = msOfTimestamp(pb.metadata.creationTimestamp);
  if (ka !== kb) return compareTimes(pa, pb, ka, kb, now);
  return false;
}

/**
 * getPodsToDelete: the `diff` pods to delete among `pods`, ranking each by the number of active
 * `related` pods (the pods of every ReplicaSet of the same Deployment) on its node.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec.nodeName ?? "";
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? "") ?? 0 }));
  ranked.sort((a, b) => {
    if (deletesBefore(a, b, now)) return -1;
    if (deletesBefore(b, a, now)) return 1;
    const x = a.pod.metadata.name ?? "";
    const y = b.pod.metadata.name ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}
