/**
 * The scheduler's snapshot (pkg/scheduler/backend/cache/snapshot.go + framework.NodeInfo): per-node
 * aggregates kept incrementally on bind/unbind — requested and non-zero requested resources, used
 * host ports, image states, pods (and those with affinity) — plus the cluster-wide image spread and
 * the objects scoring consults (namespaces, Services, ReplicaSets, StatefulSets, RCs).
 * Node order is nodeTree's zone round-robin (backend/cache/node_tree.go list).
 */
import type { KubeObject, Node, Pod, Taint } from "../model/k8s.js";
import { type MatchCounts, updateMatchCounts } from "./match-counts.js";
import { buildNodeTable, type NodeTable, syncNodeTable } from "./node-table.js";
import { hasAffinity, type PodInfo, podInfo } from "./pod-info.js";
import { type Allocatable, addResources, emptyResources, nodeAllocatable, type Resources } from "./resources.js";
import type { Labels } from "./selectors.js";

export interface NodeInfo {
  readonly node: Node;
  /** Position in Snapshot.nodes (indexes per-node tables such as MatchCounts.perNode). */
  readonly index: number;
  readonly name: string;
  readonly labels: Labels;
  /** spec.unschedulable (cordoned). */
  readonly unschedulable: boolean;
  /** spec.taints with effect NoSchedule or NoExecute (what the TaintToleration filter checks). */
  readonly noScheduleTaints: readonly Taint[];
  /** spec.taints with effect PreferNoSchedule (what the TaintToleration score counts). */
  readonly preferNoScheduleTaints: readonly Taint[];
  readonly allocatable: Allocatable;
  readonly requested: Resources;
  readonly nonZeroRequested: Resources;
  /** Pods on the node by key, in insertion order. */
  readonly pods: Map<string, PodInfo>;
  /** Pods with (anti-)affinity (NodeInfo.PodsWithAffinity). */
  readonly podsWithAffinity: Map<string, PodInfo>;
  /** Pods with required anti-affinity (NodeInfo.PodsWithRequiredAntiAffinity). */
  readonly podsWithRequiredAntiAffinity: Map<string, PodInfo>;
  /** "protocol/port" → hostIP → count (framework.HostPortInfo). */
  readonly usedPorts: Map<string, Map<string, number>>;
  /** Image name → size in bytes (NodeInfo.ImageStates, from node.status.images). */
  readonly imageSizes: Map<string, number>;
}

/** Cluster objects scoring reads (default spreading selectors, namespace labels). */
export interface SnapshotObjects {
  readonly namespaces: ReadonlyMap<string, Labels>;
  /** Services, ReplicaSets, StatefulSets, ReplicationControllers by "Kind/namespace/name". */
  readonly byKey: ReadonlyMap<string, KubeObject>;
  /** Services per namespace. */
  readonly services: ReadonlyMap<string, readonly KubeObject[]>;
}

export interface Snapshot {
  /** All nodes in nodeTree order. */
  readonly nodes: NodeInfo[];
  readonly byName: Map<string, NodeInfo>;
  /** Image name → number of nodes that have it (ImageStateSummary.NumNodes). */
  readonly imageNumNodes: Map<string, number>;
  readonly objects: SnapshotObjects;
  /** Number of assigned pods with required anti-affinity, cluster-wide. */
  podsWithRequiredAntiAffinity: number;
  /** Number of assigned pods with any pod (anti-)affinity, cluster-wide. */
  podsWithAffinity: number;
  /** Cordoned nodes (spec.unschedulable) in the snapshot. */
  readonly cordonedNodes: number;
  /** Nodes with a NoSchedule/NoExecute taint, and with a PreferNoSchedule taint. */
  readonly noScheduleTaintedNodes: number;
  readonly preferNoScheduleTaintedNodes: number;
  /** Lazily built: label key → value → nodes with it (nodes never change within a snapshot). */
  readonly labelIndex: Map<string, Map<string, NodeInfo[]>>;
  /**
   * Memoised countPodsMatchSelector per "namespace\0selector key", kept exact by addPod/removePod
   * (match-counts.ts). Absent when the snapshot was built with `matchCounts: false` (the reference).
   */
  readonly matchCounts: Map<string, MatchCounts> | undefined;
  /** The nodes' numbers as columns by NodeInfo.index (node-table.ts), kept in step by addPod/removePod. */
  readonly table: NodeTable;
}

/** buildSnapshot options. */
export interface SnapshotOptions {
  /** Memoise pod-selector counts (default true; false gives the straightforward computation). */
  readonly matchCounts?: boolean;
}

const ZONE = ["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"];
const REGION = ["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"];

/** utilnode.GetZoneKey. */
export function zoneKey(labels: Labels | undefined): string {
  if (!labels) return "";
  const region = labels[REGION[0]!] ?? labels[REGION[1]!] ?? "";
  const zone = labels[ZONE[0]!] ?? labels[ZONE[1]!] ?? "";
  if (region === "" && zone === "") return "";
  return `${region}:\x00:${zone}`;
}

function newNodeInfo(node: Node, index: number): NodeInfo {
  const imageSizes = new Map<string, number>();
  for (const img of node.status?.images ?? []) {
    for (const n of img.names ?? []) imageSizes.set(n, img.sizeBytes ?? 0);
  }
  const taints = node.spec?.taints ?? [];
  return {
    node,
    index,
    name: node.metadata.name ?? "",
    labels: node.metadata.labels ?? {},
    unschedulable: node.spec?.unschedulable === true,
    noScheduleTaints: taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute"),
    preferNoScheduleTaints: taints.filter((t) => t.effect === "PreferNoSchedule"),
    allocatable: nodeAllocatable(node),
    requested: emptyResources(),
    nonZeroRequested: emptyResources(),
    pods: new Map(),
    podsWithAffinity: new Map(),
    podsWithRequiredAntiAffinity: new Map(),
    usedPorts: new Map(),
    imageSizes,
  };
}

/** nodeTree.list: nodes round-robin across zones (zones in first-seen order). */
function nodeTreeOrder(nodes: readonly Node[]): Node[] {
  const zones = new Map<string, Node[]>();
  for (const n of nodes) {
    const z = zoneKey(n.metadata.labels);
    let arr = zones.get(z);
    if (!arr) {
      arr = [];
      zones.set(z, arr);
    }
    arr.push(n);
  }
  if (zones.size === 1) return [...nodes];
  const out: Node[] = [];
  const lists = [...zones.values()];
  for (let i = 0; out.length < nodes.length; i++) {
    for (const l of lists) if (i < l.length) out.push(l[i]!);
  }
  return out;
}

/** Whether the scheduler's cache holds this pod (assigned; the informer drops Succeeded/Failed pods). */
export function isCachedPod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.spec.nodeName && phase !== "Succeeded" && phase !== "Failed";
}

const SPREAD_KINDS = new Set(["Service", "ReplicaSet", "StatefulSet", "ReplicationController"]);

/** Index the objects scoring consults. */
export function snapshotObjects(objects: Iterable<KubeObject>): SnapshotObjects {
  const namespaces = new Map<string, Labels>();
  const byKey = new Map<string, KubeObject>();
  const services = new Map<string, KubeObject[]>();
  for (const o of objects) {
    if (o.kind === "Namespace" && o.metadata.name) {
      namespaces.set(o.metadata.name, { "kubernetes.io/metadata.name": o.metadata.name, ...(o.metadata.labels ?? {}) });
    } else if (SPREAD_KINDS.has(o.kind)) {
      const ns = o.metadata.namespace ?? "default";
      byKey.set(`${o.kind}/${ns}/${o.metadata.name ?? ""}`, o);
      if (o.kind === "Service") {
        let arr = services.get(ns);
        if (!arr) {
          arr = [];
          services.set(ns, arr);
        }
        arr.push(o);
      }
    }
  }
  return { namespaces, byKey, services };
}

/** The nodes carrying label `key`, grouped by value (built once per snapshot and key). */
export function nodesByLabel(s: Snapshot, key: string): Map<string, NodeInfo[]> {
  let idx = s.labelIndex.get(key);
  if (!idx) {
    idx = new Map();
    for (const ni of s.nodes) {
      const v = ni.labels[key];
      if (v === undefined || !Object.hasOwn(ni.labels, key)) continue;
      let arr = idx.get(v);
      if (!arr) {
        arr = [];
        idx.set(v, arr);
      }
      arr.push(ni);
    }
    s.labelIndex.set(key, idx);
  }
  return idx;
}

/** Namespace labels (the API server always sets kubernetes.io/metadata.name). */
export function namespaceLabels(s: Snapshot, ns: string): Labels {
  return s.objects.namespaces.get(ns) ?? { "kubernetes.io/metadata.name": ns };
}

/** Build a snapshot: nodes, then every cached pod added to its node. */
export function buildSnapshot(
  nodes: Iterable<Node>,
  pods: Iterable<Pod>,
  objects: Iterable<KubeObject> = [],
  options: SnapshotOptions = {},
): Snapshot {
  const ordered = nodeTreeOrder([...nodes]);
  const infos = ordered.map((n, i) => newNodeInfo(n, i));
  const byName = new Map(infos.map((n) => [n.name, n]));
  const imageNumNodes = new Map<string, number>();
  for (const n of infos)
    for (const img of n.imageSizes.keys()) imageNumNodes.set(img, (imageNumNodes.get(img) ?? 0) + 1);
  const s: Snapshot = {
    nodes: infos,
    byName,
    imageNumNodes,
    objects: snapshotObjects(objects),
    podsWithRequiredAntiAffinity: 0,
    podsWithAffinity: 0,
    labelIndex: new Map(),
    matchCounts: options.matchCounts === false ? undefined : new Map(),
    table: buildNodeTable(infos),
    cordonedNodes: infos.filter((n) => n.unschedulable).length,
    noScheduleTaintedNodes: infos.filter((n) => n.noScheduleTaints.length > 0).length,
    preferNoScheduleTaintedNodes: infos.filter((n) => n.preferNoScheduleTaints.length > 0).length,
  };
  for (const p of pods) if (isCachedPod(p)) addPod(s, p, p.spec.nodeName!);
  return s;
}

function portKey(protocol: string, port: number): string {
  return `${protocol}/${port}`;
}

/**
 * NodeInfo.AddPod (+ cluster counters). Pods on unknown nodes are ignored. Returns the node, if any.
 * `info` may pass the PodInfo computed for the same pod before binding (only spec.nodeName differs),
 * which spares recomputing its requests.
 */
export function addPod(s: Snapshot, pod: Pod, nodeName: string, info?: PodInfo): NodeInfo | undefined {
  const ni = s.byName.get(nodeName);
  if (!ni) return undefined;
  const pi =
    info && info.key === `${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}` ? info : podInfo(pod);
  if (ni.pods.has(pi.key)) removePod(s, pi.key, nodeName);
  ni.pods.set(pi.key, pi);
  addResources(ni.requested, pi.resources.requests, 1);
  addResources(ni.nonZeroRequested, pi.resources.nonZero, 1);
  for (const hp of pi.hostPorts) {
    const k = portKey(hp.protocol, hp.port);
    let ips = ni.usedPorts.get(k);
    if (!ips) {
      ips = new Map();
      ni.usedPorts.set(k, ips);
    }
    ips.set(hp.ip, (ips.get(hp.ip) ?? 0) + 1);
  }
  if (hasAffinity(pi)) {
    ni.podsWithAffinity.set(pi.key, pi);
    s.podsWithAffinity++;
  }
  if (pi.requiredAntiAffinityTerms.length > 0) {
    ni.podsWithRequiredAntiAffinity.set(pi.key, pi);
    s.podsWithRequiredAntiAffinity++;
  }
  if (s.matchCounts) updateMatchCounts(s.matchCounts, pi, ni, 1);
  syncNodeTable(s.table, ni);
  return ni;
}

/** NodeInfo.RemovePod. */
export function removePod(s: Snapshot, key: string, nodeName: string): void {
  const ni = s.byName.get(nodeName);
  const pi = ni?.pods.get(key);
  if (!ni || !pi) return;
  ni.pods.delete(key);
  addResources(ni.requested, pi.resources.requests, -1);
  addResources(ni.nonZeroRequested, pi.resources.nonZero, -1);
  for (const hp of pi.hostPorts) {
    const k = portKey(hp.protocol, hp.port);
    const ips = ni.usedPorts.get(k);
    const c = ips?.get(hp.ip) ?? 0;
    if (c <= 1) ips?.delete(hp.ip);
    else ips!.set(hp.ip, c - 1);
    if (ips && ips.size === 0) ni.usedPorts.delete(k);
  }
  if (s.matchCounts) updateMatchCounts(s.matchCounts, pi, ni, -1);
  syncNodeTable(s.table, ni);
  if (ni.podsWithAffinity.delete(key)) s.podsWithAffinity--;
  if (ni.podsWithRequiredAntiAffinity.delete(key)) s.podsWithRequiredAntiAffinity--;
}

/** HostPortInfo.CheckConflict. */
export function portConflicts(ni: NodeInfo, ip: string, protocol: string, port: number): boolean {
  if (port <= 0) return false;
  const ips = ni.usedPorts.get(portKey(protocol, port));
  if (!ips || ips.size === 0) return false;
  if (ip === "0.0.0.0") return true;
  return ips.has("0.0.0.0") || ips.has(ip);
}
