/**
 * Pod and node resources as the scheduler counts them.
 *
 * `podRequests` mirrors component-helpers/resource/helpers.go PodRequests (AggregateContainerRequests:
 * regular containers summed, sidecars (restartable init containers) added and accumulated, each init
 * container's use = itself + earlier sidecars, the max of those against the sum; pod-level requests
 * override cpu/memory; overhead added). Sums are exact (quantities), converted at the end like
 * framework.Resource.Add: cpu as MilliValue, everything else as Value.
 * `NonMissingContainerRequests` (cpu 100m, memory 200Mi for an absent request) gives the "non-zero"
 * requests that scoring uses (pkg/scheduler/util/pod_resources.go, framework/types.go).
 */
import type { Container, Node, Pod, ResourceList } from "../model/k8s.js";
import { type ExactQuantity, parseQuantity, quantityMilliValue, quantityValue } from "../model/quantity.js";

/** framework.Resource: cpu in milli-cores, memory/ephemeral-storage in bytes, scalars in units. */
export interface Resources {
  cpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended, hugepages-*, attachable-volumes-* and prefixed native resources, by name. */
  scalar: Map<string, number> | undefined;
}

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResources(): Resources {
  return { cpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined };
}

/** v1helper.IsPrefixedNativeResource: "kubernetes.io/" in the name. */
export function isPrefixedNativeResource(name: string): boolean {
  return name.includes("kubernetes.io/");
}

/** v1helper.IsExtendedResourceName: domain-prefixed, not native, not a quota "requests." name. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes("/") || isPrefixedNativeResource(name)) return false;
  return !name.startsWith("requests.");
}

/** schedutil.IsScalarResourceName. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    name.startsWith("hugepages-") ||
    isPrefixedNativeResource(name) ||
    name.startsWith("attachable-volumes-")
  );
}

type ExactList = Map<string, ExactQuantity>;

const parsedLists = new WeakMap<ResourceList, ExactList>();

/** The list's quantities parsed (once per list object; lists are immutable), as a fresh map. */
function toExact(list: ResourceList | undefined): ExactList {
  if (!list) return new Map();
  let parsed = typeof list === "object" ? parsedLists.get(list) : undefined;
  if (!parsed) {
    parsed = new Map();
    for (const [k, v] of Object.entries(list)) {
      const q = parseQuantity(v);
      if (q) parsed.set(k, q);
    }
    if (typeof list === "object") parsedLists.set(list, parsed);
  }
  return new Map(parsed);
}
function add(a: ExactQuantity, b: ExactQuantity): ExactQuantity {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}
function greater(a: ExactQuantity, b: ExactQuantity): boolean {
  return a.num * b.den > b.num * a.den;
}
function addInto(dst: ExactList, src: ExactList): void {
  for (const [k, v] of src) {
    const cur = dst.get(k);
    dst.set(k, cur ? add(cur, v) : v);
  }
}
function maxInto(dst: ExactList, src: ExactList): void {
  for (const [k, v] of src) {
    const cur = dst.get(k);
    if (!cur || greater(v, cur)) dst.set(k, v);
  }
}

const DEFAULT_CPU: ExactQuantity = { num: 100n, den: 1000n };
const DEFAULT_MEM: ExactQuantity = { num: BigInt(DEFAULT_MEMORY_REQUEST), den: 1n };

function containerRequests(c: Container, nonMissing: ExactList | undefined): ExactList {
  const reqs = toExact(c.resources?.requests);
  if (nonMissing) for (const [k, v] of nonMissing) if (!reqs.has(k)) reqs.set(k, v);
  return reqs;
}

/** component-helpers resource.IsSupportedPodLevelResource (cpu, memory). */
const POD_LEVEL = new Set(["cpu", "memory"]);

function podLevelRequests(pod: Pod): ResourceList | undefined {
  const r = pod.spec.resources?.requests;
  if (!r) return undefined;
  return Object.keys(r).some((k) => POD_LEVEL.has(k)) ? r : undefined;
}

/** resource.PodRequests with or without NonMissingContainerRequests, as exact quantities. */
function podRequestsExact(pod: Pod, nonZero: boolean): ExactList {
  const podLevel = podLevelRequests(pod);
  let nonMissing: ExactList | undefined;
  if (nonZero) {
    nonMissing = new Map();
    // getNonMissingContainerRequests: with pod-level requests set, only for resources missing there.
    if (!podLevel || podLevel.cpu === undefined) nonMissing.set("cpu", DEFAULT_CPU);
    if (!podLevel || podLevel.memory === undefined) nonMissing.set("memory", DEFAULT_MEM);
  }
  const reqs: ExactList = new Map();
  for (const c of pod.spec.containers ?? []) addInto(reqs, containerRequests(c, nonMissing));
  const sidecars: ExactList = new Map();
  const initMax: ExactList = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    if (c.restartPolicy === "Always") {
      addInto(reqs, r);
      addInto(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const use: ExactList = new Map();
      addInto(use, r);
      addInto(use, sidecars);
      maxInto(initMax, use);
    }
  }
  maxInto(reqs, initMax);
  if (podLevel) {
    for (const [k, v] of toExact(podLevel)) if (POD_LEVEL.has(k)) reqs.set(k, v);
  }
  if (pod.spec.overhead) addInto(reqs, toExact(pod.spec.overhead));
  return reqs;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

function toResources(list: ExactList): Resources {
  const r = emptyResources();
  for (const [k, q] of list) {
    if (k === "cpu") r.cpu = Number(ceilDiv(q.num * 1000n, q.den));
    else if (k === "memory") r.memory = Number(ceilDiv(q.num, q.den));
    else if (k === "ephemeral-storage") r.ephemeralStorage = Number(ceilDiv(q.num, q.den));
    else if (isScalarResourceName(k)) {
      r.scalar ??= new Map();
      r.scalar.set(k, Number(ceilDiv(q.num, q.den)));
    }
  }
  return r;
}

/** A pod's resource requests, both as the Fit filter counts them and with non-zero defaults for scoring. */
export interface PodResources {
  /** PodRequests (framework.Resource of computePodResourceRequest). */
  readonly requests: Resources;
  /** PodRequests with NonMissingContainerRequests (NodeInfo.NonZeroRequested contribution). */
  readonly nonZero: Resources;
}

const cache = new WeakMap<Pod, PodResources>();

/** The pod's requests (memoised per pod object; pods are immutable). */
export function podResources(pod: Pod): PodResources {
  let r = cache.get(pod);
  if (!r) {
    r = { requests: toResources(podRequestsExact(pod, false)), nonZero: toResources(podRequestsExact(pod, true)) };
    cache.set(pod, r);
  }
  return r;
}

/** Node allocatable (falling back to capacity, as the kubelet reports allocatable = capacity by default). */
export interface Allocatable extends Resources {
  /** AllowedPodNumber. */
  pods: number;
}

/** framework.NodeInfo.SetNode → Allocatable = NewResource(node.Status.Allocatable). */
export function nodeAllocatable(node: Node): Allocatable {
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  let cpu = 0;
  let memory = 0;
  let ephemeralStorage = 0;
  let pods = 0;
  let scalar: Map<string, number> | undefined;
  for (const [k, v] of Object.entries(list)) {
    if (k === "cpu") cpu = quantityMilliValue(v) || 0;
    else if (k === "memory") memory = quantityValue(v) || 0;
    else if (k === "ephemeral-storage") ephemeralStorage = quantityValue(v) || 0;
    else if (k === "pods") pods = quantityValue(v) || 0;
    else if (isScalarResourceName(k)) {
      scalar ??= new Map();
      scalar.set(k, quantityValue(v) || 0);
    }
  }
  // One literal with the final values keeps every NodeInfo's allocatable on one stable hidden class.
  return { cpu, memory, ephemeralStorage, scalar, pods };
}

/** Add (sign 1) or subtract (sign -1) b into a, in place. */
export function addResources(a: Resources, b: Resources, sign: 1 | -1): void {
  a.cpu += sign * b.cpu;
  a.memory += sign * b.memory;
  a.ephemeralStorage += sign * b.ephemeralStorage;
  if (b.scalar) {
    a.scalar ??= new Map();
    for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) + sign * v);
  }
}

/** The amount of one named resource (cpu in milli). */
export function resourceAmount(r: Resources, name: string): number {
  if (name === "cpu") return r.cpu;
  if (name === "memory") return r.memory;
  if (name === "ephemeral-storage") return r.ephemeralStorage;
  return r.scalar?.get(name) ?? 0;
}
