/**
 * framework.PodInfo: what the scheduler precomputes once per pod (requests, host ports, parsed
 * affinity terms). Memoised per pod object (pods are immutable).
 */
import type { Pod, PodAffinityTerm, Toleration } from "../model/k8s.js";
import { type PodResources, podResources } from "./resources.js";
import { compileLabelSelector, type LabelMatcher, type Labels, MATCH_NOTHING } from "./selectors.js";

/** framework.AffinityTerm. */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** Namespace selector (nil → matches nothing; {} → every namespace). */
  readonly namespaceSelector: LabelMatcher;
  readonly selector: LabelMatcher;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A wanted host port: (hostIP, protocol, hostPort) after sanitising ("" → 0.0.0.0 / TCP). */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

export interface PodInfo {
  readonly pod: Pod;
  readonly key: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly resources: PodResources;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** deletionTimestamp set. */
  readonly terminating: boolean;
  /** spec.nodeName ("" when unset). */
  readonly nodeName: string;
  /** spec.tolerations ([] when unset). */
  readonly tolerations: readonly Toleration[];
  readonly priority: number;
}

/**
 * framework.AffinityTerm.Matches: the pod's namespace is listed or selected, and its labels match.
 */
export function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: Labels | undefined): boolean {
  if (t.namespaces.has(pod.namespace) || t.namespaceSelector(nsLabels)) return t.selector(pod.labels);
  return false;
}

/**
 * newAffinityTerm + getNamespacesFromPodAffinityTerm; matchLabelKeys / mismatchLabelKeys are merged
 * into the selector as `key in (value)` / `key notin (value)` (MatchLabelKeysInPodAffinity).
 */
function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const ns = pod.metadata.namespace ?? "default";
  const namespaces =
    (term.namespaces ?? []).length === 0 && !term.namespaceSelector ? new Set([ns]) : new Set(term.namespaces ?? []);
  let selector = term.labelSelector ? compileLabelSelector(term.labelSelector) : MATCH_NOTHING;
  const labels = pod.metadata.labels ?? {};
  const extra: [string, string, boolean][] = [];
  for (const k of term.matchLabelKeys ?? []) if (Object.hasOwn(labels, k)) extra.push([k, labels[k]!, true]);
  for (const k of term.mismatchLabelKeys ?? []) if (Object.hasOwn(labels, k)) extra.push([k, labels[k]!, false]);
  if (extra.length > 0 && term.labelSelector) {
    const base = selector;
    selector = (l) =>
      base(l) && extra.every(([k, v, eq]) => (eq ? l?.[k] === v : !(l && Object.hasOwn(l, k) && l[k] === v)));
  }
  return {
    namespaces,
    namespaceSelector: term.namespaceSelector ? compileLabelSelector(term.namespaceSelector) : MATCH_NOTHING,
    selector,
    topologyKey: term.topologyKey,
  };
}

function sanitizeIP(ip: string | undefined): string {
  return ip ? ip : "0.0.0.0";
}

/**
 * Host ports of containers and sidecars (restartable init containers). With hostNetwork the API
 * defaults hostPort to containerPort (pkg/apis/core/v1/defaults.go defaultHostNetworkPorts).
 */
function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const cs = [
    ...(pod.spec.containers ?? []),
    ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
  ];
  for (const c of cs) {
    if (!c || !Array.isArray(c.ports)) continue;
    for (const p of c.ports) {
      if (!p) continue;
      const port = p.hostPort ? p.hostPort : pod.spec.hostNetwork ? p.containerPort : 0;
      if (port > 0) out.push({ ip: sanitizeIP(p.hostIP), protocol: p.protocol || "TCP", port });
    }
  }
  return out;
}

const cache = new WeakMap<Pod, PodInfo>();

/** framework.NewPodInfo, memoised. */
export function podInfo(pod: Pod): PodInfo {
  let pi = cache.get(pod);
  if (pi) return pi;
  const a = pod.spec.affinity;
  const namespace = pod.metadata.namespace ?? "default";
  const weighted = (ts: readonly { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined) =>
    (ts ?? []).map((t) => ({ ...affinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
  pi = {
    pod,
    key: `${namespace}/${pod.metadata.name ?? ""}`,
    namespace,
    labels: pod.metadata.labels ?? {},
    resources: podResources(pod),
    hostPorts: hostPorts(pod),
    requiredAffinityTerms: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      affinityTerm(pod, t),
    ),
    requiredAntiAffinityTerms: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      affinityTerm(pod, t),
    ),
    preferredAffinityTerms: weighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    terminating: pod.metadata.deletionTimestamp !== undefined,
    nodeName: pod.spec.nodeName ?? "",
    tolerations: pod.spec.tolerations ?? [],
    priority: pod.spec.priority ?? 0,
  };
  cache.set(pod, pi);
  return pi;
}

/** Whether the pod has any pod affinity or anti-affinity (NodeInfo.PodsWithAffinity). */
export function hasAffinity(pi: PodInfo): boolean {
  const a = pi.pod.spec.affinity;
  return a?.podAffinity !== undefined || a?.podAntiAffinity !== undefined;
}
