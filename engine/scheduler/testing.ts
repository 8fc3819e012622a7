/** Test builders for scheduler tests: nodes and pods with the fields the scheduler reads. */
import type { Container, Node, Pod, Taint } from "../model/k8s.js";

export interface NodeOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly labels?: Record<string, string>;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
  readonly extra?: Record<string, string>;
  readonly images?: readonly { names: string[]; sizeBytes: number }[];
}

/** A Ready node with allocatable = the given sizes (default 4 cpu, 8Gi, 110 pods). */
export function makeNode(name: string, o: NodeOptions = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110", ...(o.extra ?? {}) },
      conditions: [{ type: "Ready", status: "True" }],
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

export interface PodOptions {
  readonly namespace?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly labels?: Record<string, string>;
  readonly nodeName?: string;
  readonly spec?: Partial<Pod["spec"]>;
  readonly containers?: readonly Container[];
}

/** A pod with one container requesting the given cpu/memory (none when omitted). */
export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: o.namespace ?? "default", ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      containers: o.containers ?? [{ name: "c", image: "app:1", resources: { requests } }],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.spec ?? {}),
    },
    status: o.nodeName ? { phase: "Running" } : { phase: "Pending" },
  };
}
