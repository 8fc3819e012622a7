/**
 * DaemonSet coverage at quiescence: a node the daemon should run on (selector matches, no untolerated
 * NoSchedule/NoExecute taint, counting the automatic daemon tolerations) has exactly one active daemon
 * pod; a node it must leave (selector mismatch or untolerated NoExecute) has none; a node that only
 * gained an untolerated NoSchedule taint keeps at most one.
 */
import type { Node, Pod, Taint } from "../../../engine/model/k8s.js";

/** Taints every daemon pod tolerates (daemon/util AddOrUpdateDaemonPodTolerations; hostNetwork not used here). */
const AUTO: readonly { key: string; effect: string }[] = [
  { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" },
];

function tolerated(t: Taint, tolerateDedicated: boolean): boolean {
  if (AUTO.some((a) => a.key === t.key && a.effect === t.effect)) return true;
  return tolerateDedicated && t.key === "dedicated";
}

/** The violation message, or undefined. */
export function daemonSetOnePerNode(
  nodes: readonly Node[],
  podsByNode: ReadonlyMap<string, readonly Pod[]>,
  selectPool: string | undefined,
  tolerateDedicated: boolean,
): string | undefined {
  for (const n of nodes) {
    const name = n.metadata.name ?? "";
    const count = podsByNode.get(name)?.length ?? 0;
    const selected = selectPool === undefined || n.metadata.labels?.pool === selectPool;
    const taints = n.spec?.taints ?? [];
    const blocks = taints.some(
      (t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerated(t, tolerateDedicated),
    );
    const evicts = taints.some((t) => t.effect === "NoExecute" && !tolerated(t, tolerateDedicated));
    if (selected && !blocks && count !== 1) return `node ${name} should run exactly one daemon pod, has ${count}`;
    if ((!selected || evicts) && count !== 0) return `node ${name} must not run a daemon pod, has ${count}`;
    if (count > 1) return `node ${name} runs ${count} daemon pods`;
  }
  return undefined;
}
