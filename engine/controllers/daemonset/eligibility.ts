/**
 * Which nodes a DaemonSet runs on (pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod,
 * predicates) and the tolerations every daemon pod gets (pkg/controller/daemon/util/daemonset_util.go
 * AddOrUpdateDaemonPodTolerations).
 */
import type { Node, PodSpec, Toleration } from "../../model/k8s.js";
import { matchesRequiredNodeAffinity, untoleratedTaint } from "../common/node-match.js";

/**
 * AddOrUpdateDaemonPodTolerations: not-ready and unreachable NoExecute (no tolerationSeconds: daemon
 * pods are never evicted for node problems); disk-pressure, memory-pressure, pid-pressure and
 * unschedulable NoSchedule; network-unavailable NoSchedule for hostNetwork pods.
 */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const add: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (spec.hostNetwork)
    add.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  // AddOrUpdateTolerationInPodSpec: an existing toleration with the same key/operator/effect is replaced
  const same = (a: Toleration, b: Toleration) =>
    a.key === b.key && (a.operator ?? "Equal") === (b.operator ?? "Equal") && (a.effect ?? "") === (b.effect ?? "");
  const out = [...(spec.tolerations ?? [])];
  for (const t of add) {
    const i = out.findIndex((x) => same(x, t));
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** NodeShouldRunDaemonPod: (shouldRun, shouldContinueRunning) plus the reason when it should not run. */
export function nodeShouldRunDaemonPod(
  node: Node,
  template: PodSpec,
): { shouldRun: boolean; shouldContinueRunning: boolean; reason?: string } {
  const name = node.metadata.name ?? "";
  if (template.nodeName && template.nodeName !== name)
    return { shouldRun: false, shouldContinueRunning: false, reason: "spec.nodeName names another node" };
  if (!matchesRequiredNodeAffinity(template, node))
    return { shouldRun: false, shouldContinueRunning: false, reason: "nodeSelector/affinity does not match" };
  const tolerations = daemonTolerations(template);
  const taints = node.spec?.taints ?? [];
  const blocking = untoleratedTaint(taints, tolerations, (t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
  if (blocking) {
    const noExecute = untoleratedTaint(taints, tolerations, (t) => t.effect === "NoExecute");
    return {
      shouldRun: false,
      shouldContinueRunning: noExecute === undefined,
      reason: `untolerated taint ${blocking.key}=${blocking.value ?? ""}:${blocking.effect}`,
    };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
