/**
 * Indexes over the state's persistent maps, maintained incrementally (upstream controllers read
 * informer caches with indexers; kubespec keeps the equivalent index and brings it up to date with a
 * persistent-map diff, so a settle round costs the changes, not the cluster size).
 *
 * The indexes are caches keyed to the last map they saw; asked about another map they diff from
 * there (any two maps can be diffed), so results never depend on call history.
 */
import type { KubeObject, ObjectMeta, Pod } from "../../model/k8s.js";
import { diffMaps } from "../../model/pmap.js";
import type { ClusterState, PMap } from "../../model/state.js";

type Meta = { readonly metadata: ObjectMeta };

/** Values grouped by a string key (or keys) derived from each value, each group in map-key order. */
class GroupIndex<V extends Meta> {
  private base: PMap<V> | undefined;
  private readonly groups = new Map<string, Map<string, V>>();
  private readonly arrays = new Map<string, V[]>();
  constructor(private readonly keysOf: (mapKey: string, v: V) => readonly string[]) {}

  private add(group: string, k: string, v: V): void {
    let g = this.groups.get(group);
    if (!g) {
      g = new Map();
      this.groups.set(group, g);
    }
    g.set(k, v);
    this.arrays.delete(group);
  }

  private remove(group: string, k: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    g.delete(k);
    if (g.size === 0) this.groups.delete(group);
    this.arrays.delete(group);
  }

  /** Brings the index up to date with `map`. */
  sync(map: PMap<V>): this {
    if (map === this.base) return this;
    if (!this.base) {
      for (const [k, v] of map.entries()) for (const g of this.keysOf(k, v)) this.add(g, k, v);
    } else {
      diffMaps(this.base, map, (k, from, to) => {
        if (from) for (const g of this.keysOf(k, from)) this.remove(g, k);
        if (to) for (const g of this.keysOf(k, to)) this.add(g, k, to);
      });
    }
    this.base = map;
    return this;
  }

  /** The group's values in map-key order (undefined when empty). */
  get(group: string): V[] | undefined {
    const cached = this.arrays.get(group);
    if (cached) return cached;
    const g = this.groups.get(group);
    if (!g) return undefined;
    const arr = [...g.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
    this.arrays.set(group, arr);
    return arr;
  }

  /** Whether any value is in the group. */
  has(group: string): boolean {
    return this.groups.has(group);
  }
}

/** The shared empty group (stable identity, so "no pods" compares equal between syncs). */
export const NONE: readonly never[] = Object.freeze([]);

/** Read access to a grouping. */
export interface Grouped<V> {
  get(group: string): V[] | undefined;
}

const controllerOf = (o: Meta): string | undefined => o.metadata.ownerReferences?.find((r) => r.controller)?.uid;

const podsByOwner = new GroupIndex<Pod>((_k, p) => {
  const u = controllerOf(p);
  return u ? [u] : [];
});
const objectsByKind = new GroupIndex<KubeObject>((_k, o) => [o.kind]);
const objectsByOwnerAndKind = new GroupIndex<KubeObject>((_k, o) => {
  const u = controllerOf(o);
  return u ? [`${o.kind}\u0000${u}`] : [];
});

/** Pods grouped by the uid of their controller ownerReference, each list in key (name) order. */
export function podsByController(state: ClusterState): Grouped<Pod> {
  return podsByOwner.sync(state.pods);
}

/** Objects of one kind, in key order. */
export function objectsOfKind(state: ClusterState, kind: string): KubeObject[] {
  return objectsByKind.sync(state.objects).get(kind) ?? [];
}

/** Objects of one kind grouped by the uid of their controller ownerReference. */
export function objectsByController(state: ClusterState, kind: string): Grouped<KubeObject> {
  const idx = objectsByOwnerAndKind.sync(state.objects);
  return { get: (uid: string) => idx.get(`${kind}\u0000${uid}`) };
}

/** Pods and objects grouped by every owner uid they reference (for the garbage collector). */
const podDependents = new GroupIndex<Pod>((_k, p) => (p.metadata.ownerReferences ?? []).map((r) => r.uid));
const objectDependents = new GroupIndex<KubeObject>((_k, o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
const podUids = new GroupIndex<Pod>((_k, p) => (p.metadata.uid ? [p.metadata.uid] : []));
const objectUids = new GroupIndex<KubeObject>((_k, o) => (o.metadata.uid ? [o.metadata.uid] : []));

/** Dependents (by ownerReference uid) and uid existence, for the garbage collector. */
export function ownership(state: ClusterState): {
  podsOwnedBy(uid: string): Pod[];
  objectsOwnedBy(uid: string): KubeObject[];
  exists(uid: string): boolean;
} {
  const pd = podDependents.sync(state.pods);
  const od = objectDependents.sync(state.objects);
  const pu = podUids.sync(state.pods);
  const ou = objectUids.sync(state.objects);
  return {
    podsOwnedBy: (uid) => pd.get(uid) ?? [],
    objectsOwnedBy: (uid) => od.get(uid) ?? [],
    exists: (uid) => pu.has(uid) || ou.has(uid),
  };
}
