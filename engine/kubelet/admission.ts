/**
 * Kubelet admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go generalFilter):
 * node name, resources (NodeResourcesFit), host ports, required node affinity / nodeSelector, and
 * NoExecute taints only. A rejected pod becomes Failed with the predicate's reason.
 */
import type { Node, Pod, Taint, Toleration } from "../model/k8s.js";
import { isQuantity, parseQuantity, quantityMilliValue } from "../model/quantity.js";
import { decide } from "./ruleset.js";

export interface Rejection {
  readonly reason: string;
  readonly message: string;
  readonly ruleId: string;
}

/** v1helper.TolerationsTolerateTaint for one toleration. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== "" && t.key !== taint.key) return false;
  if ((t.key === undefined || t.key === "") && t.operator !== "Exists") return false;
  if (t.operator === "Exists") return true;
  return (t.value ?? "") === (taint.value ?? "");
}

function requestOf(pod: Pod, resource: string): bigint {
  let sum = 0n;
  for (const c of pod.spec.containers) {
    const q = c.resources?.requests?.[resource];
    if (q !== undefined) sum += milli(q);
  }
  let initMax = 0n;
  for (const c of pod.spec.initContainers ?? []) {
    const q = c.resources?.requests?.[resource];
    if (q === undefined) continue;
    const v = milli(q);
    if (c.restartPolicy === "Always") sum += v;
    else if (v > initMax) initMax = v;
  }
  return sum > initMax ? sum : initMax;
}

function milli(q: string | number): bigint {
  return isQuantity(q) && parseQuantity(q) !== undefined ? BigInt(quantityMilliValue(q)) : 0n;
}

function matchesSelector(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((e) => {
      const has = Object.hasOwn(labels, e.key);
      const val = labels[e.key];
      switch (e.operator) {
        case "In":
          return has && (e.values ?? []).includes(val as string);
        case "NotIn":
          return !has || !(e.values ?? []).includes(val as string);
        case "Exists":
          return has;
        case "DoesNotExist":
          return !has;
        case "Gt":
          return has && Number(val) > Number(e.values?.[0]);
        case "Lt":
          return has && Number(val) < Number(e.values?.[0]);
        default:
          return false;
      }
    }),
  );
}

/** What the pods a kubelet admitted use on its node: summed requests (milli-units) and host ports. */
export interface NodeUsage {
  readonly requests: Readonly<Record<string, bigint>>;
  readonly ports: readonly string[];
}

export const NO_USAGE: NodeUsage = { requests: {}, ports: [] };

function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers)
    for (const port of c.ports ?? []) if (port.hostPort) out.push(`${port.protocol ?? "TCP"}/${port.hostPort}`);
  return out;
}

/** Add (sign 1) or remove (sign -1) a pod's requests and host ports. */
export function addUsage(u: NodeUsage, pod: Pod, resources: readonly string[], sign: 1 | -1): NodeUsage {
  const requests: Record<string, bigint> = { ...u.requests };
  for (const res of resources) {
    const v = requestOf(pod, res);
    if (v !== 0n) requests[res] = (requests[res] ?? 0n) + (sign === 1 ? v : -v);
  }
  let ports = [...u.ports];
  for (const p of hostPorts(pod)) {
    if (sign === 1) ports.push(p);
    else {
      const i = ports.indexOf(p);
      if (i >= 0) ports = [...ports.slice(0, i), ...ports.slice(i + 1)];
    }
  }
  return { requests, ports };
}

/** The resources a node declares (allocatable, else capacity), sorted. */
export function nodeResources(node: Node): string[] {
  return Object.keys(node.status?.allocatable ?? node.status?.capacity ?? {}).sort();
}

/** The facts kubelet admission decides on (rule set kubelet-admission). */
export function admissionFacts(pod: Pod, node: Node, usage: NodeUsage): Record<string, unknown> & { detail: string } {
  let insufficientResource = "";
  let detail = "";
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  for (const res of nodeResources(node)) {
    const want = requestOf(pod, res);
    if (want === 0n) continue;
    const used = usage.requests[res] ?? 0n;
    const cap = milli(alloc[res] as string | number);
    if (used + want > cap) {
      insufficientResource = res;
      detail = `Node didn't have enough resource: ${res}, requested: ${want}, used: ${used}, capacity: ${cap}`;
      break;
    }
  }
  const hostPortConflict = hostPorts(pod).some((p) => usage.ports.includes(p));
  const tols = pod.spec.tolerations ?? [];
  const untoleratedNoExecute = (node.spec?.taints ?? []).some(
    (taint) => taint.effect === "NoExecute" && !tols.some((t) => toleratesTaint(t, taint)),
  );
  return {
    nodeAffinityMatches: matchesSelector(pod, node),
    insufficientResource,
    hostPortConflict,
    untoleratedNoExecute,
    detail,
  };
}

/** Why the kubelet on `node` rejects `pod`, given the pods it already runs; undefined = admitted. */
export function admit(pod: Pod, node: Node, usage: NodeUsage, version: string): Rejection | undefined {
  const facts = admissionFacts(pod, node, usage);
  const f = decide("kubelet-admission", version, facts);
  if (f.type !== "reject") return undefined;
  if (f.params.reasonPrefix !== undefined)
    return {
      reason: `${String(f.params.reasonPrefix)}${String(facts.insufficientResource)}`,
      message: facts.detail,
      ruleId: f.ruleId,
    };
  return { reason: String(f.params.reason), message: String(f.params.message), ruleId: f.ruleId };
}
