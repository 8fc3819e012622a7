/**
 * A persistent (immutable) string-keyed map with structural sharing: a treap whose node priorities
 * are a hash of the key. Because the priority is a function of the key, the tree's shape depends
 * only on the key set (it is canonical), which gives:
 *
 * - `get`/`set`/`delete` in expected O(log n), copying only the nodes on one root-to-leaf path;
 * - `keys()` in ascending code-unit key order for free (in-order walk), as PMap promises;
 * - `diffMaps(a, b)` in roughly O(changes · log n): subtrees shared by both maps are skipped by
 *   identity, which is how controllers find the pods that changed since they last looked
 *   without re-walking the cluster.
 */
import type { PMap } from "./state.js";

interface TNode<V> {
  readonly k: string;
  readonly v: V;
  /** Priority: a hash of k; ties broken by key so the shape stays canonical. */
  readonly p: number;
  readonly l: TNode<V> | null;
  readonly r: TNode<V> | null;
}

/** FNV-1a over UTF-16 code units, then a final avalanche (deterministic, no state). */
function priority(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

function node<V>(k: string, v: V, p: number, l: TNode<V> | null, r: TNode<V> | null): TNode<V> {
  return { k, v, p, l, r };
}

/** Whether a should sit above b. */
function above<V>(a: TNode<V>, b: TNode<V>): boolean {
  return a.p > b.p || (a.p === b.p && a.k < b.k);
}

function lookup<V>(t: TNode<V> | null, k: string): TNode<V> | null {
  while (t) {
    if (k === t.k) return t;
    t = k < t.k ? t.l : t.r;
  }
  return null;
}

/**
 * Insert or replace k. The priority of a new key is computed only when its leaf is created (an
 * existing key keeps its node's). `added.n` is set to 1 when the key was new.
 */
function insert<V>(t: TNode<V> | null, k: string, v: V, added: { n: number }): TNode<V> {
  if (!t) {
    added.n = 1;
    return node(k, v, priority(k), null, null);
  }
  if (k === t.k) return t.v === v ? t : node(k, v, t.p, t.l, t.r);
  if (k < t.k) {
    const l = insert(t.l, k, v, added);
    if (l === t.l) return t;
    if (above(l, t)) return node(l.k, l.v, l.p, l.l, node(t.k, t.v, t.p, l.r, t.r));
    return node(t.k, t.v, t.p, l, t.r);
  }
  const r = insert(t.r, k, v, added);
  if (r === t.r) return t;
  if (above(r, t)) return node(r.k, r.v, r.p, node(t.k, t.v, t.p, t.l, r.l), r.r);
  return node(t.k, t.v, t.p, t.l, r);
}

/** Join two treaps where every key of a is below every key of b. */
function merge<V>(a: TNode<V> | null, b: TNode<V> | null): TNode<V> | null {
  if (!a) return b;
  if (!b) return a;
  if (above(a, b)) return node(a.k, a.v, a.p, a.l, merge(a.r, b));
  return node(b.k, b.v, b.p, merge(a, b.l), b.r);
}

function remove<V>(t: TNode<V> | null, k: string): TNode<V> | null {
  if (!t) return null;
  if (k === t.k) return merge(t.l, t.r);
  if (k < t.k) {
    const l = remove(t.l, k);
    return l === t.l ? t : node(t.k, t.v, t.p, l, t.r);
  }
  const r = remove(t.r, k);
  return r === t.r ? t : node(t.k, t.v, t.p, t.l, r);
}

/** Split into (keys < k, the node with key k, keys > k); subtrees off the search path are shared. */
function split<V>(t: TNode<V> | null, k: string): [TNode<V> | null, TNode<V> | null, TNode<V> | null] {
  if (!t) return [null, null, null];
  if (k === t.k) return [t.l, t, t.r];
  if (k < t.k) {
    const [l, m, g] = split(t.l, k);
    return [l, m, g === t.l ? t : node(t.k, t.v, t.p, g, t.r)];
  }
  const [l, m, g] = split(t.r, k);
  return [l === t.r ? t : node(t.k, t.v, t.p, t.l, l), m, g];
}

function* walk<V>(t: TNode<V> | null): Generator<TNode<V>> {
  const stack: TNode<V>[] = [];
  let cur = t;
  while (cur || stack.length > 0) {
    while (cur) {
      stack.push(cur);
      cur = cur.l;
    }
    const n = stack.pop() as TNode<V>;
    yield n;
    cur = n.r;
  }
}

function forEachNode<V>(t: TNode<V> | null, f: (n: TNode<V>) => void): void {
  if (!t) return;
  forEachNode(t.l, f);
  f(t);
  forEachNode(t.r, f);
}

class TreapMap<V> implements PMap<V> {
  constructor(
    readonly root: TNode<V> | null,
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    return lookup(this.root, key)?.v;
  }

  has(key: string): boolean {
    return lookup(this.root, key) !== null;
  }

  set(key: string, value: V): PMap<V> {
    const added = { n: 0 };
    const root = insert(this.root, key, value, added);
    return root === this.root ? this : new TreapMap(root, this.size + added.n);
  }

  delete(key: string): PMap<V> {
    if (!lookup(this.root, key)) return this;
    return new TreapMap(remove(this.root, key), this.size - 1);
  }

  *keys(): IterableIterator<string> {
    for (const n of walk(this.root)) yield n.k;
  }

  *values(): IterableIterator<V> {
    for (const n of walk(this.root)) yield n.v;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const n of walk(this.root)) yield [n.k, n.v];
  }
}

const EMPTY = new TreapMap<never>(null, 0);

/** The empty persistent map. */
export function emptyMap<V>(): PMap<V> {
  return EMPTY as unknown as PMap<V>;
}

/** A persistent map from entries (a later duplicate key wins). */
export function mapFrom<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
  let m = emptyMap<V>();
  for (const [k, v] of entries) m = m.set(k, v);
  return m;
}

/** The entry with the smallest key, in O(log n); undefined when empty. */
export function firstEntry<V>(map: PMap<V>): [string, V] | undefined {
  if (map instanceof TreapMap) {
    let t = (map as TreapMap<V>).root;
    if (!t) return undefined;
    while (t.l) t = t.l;
    return [t.k, t.v];
  }
  for (const e of map.entries()) return e;
  return undefined;
}

/** Call f for every entry in key order (faster than the iterators on hot paths). */
export function forEachEntry<V>(map: PMap<V>, f: (key: string, value: V) => void): void {
  if (map instanceof TreapMap) forEachNode((map as TreapMap<V>).root, (n) => f(n.k, n.v));
  else for (const [k, v] of map.entries()) f(k, v);
}

/** The last diffed pair of treaps and its changes as flat (key, from, to) triples (a cache of a pure function). */
let lastDiff: { before: unknown; after: unknown; changes: readonly unknown[] } = {
  before: undefined,
  after: undefined,
  changes: [],
};

/**
 * Report every key whose value differs (by identity) between `before` and `after`, in ascending key
 * order: `onChange(key, old, new)` with `undefined` for an absent side. Shared subtrees are skipped.
 */
export function diffMaps<V>(
  before: PMap<V>,
  after: PMap<V>,
  onChange: (key: string, from: V | undefined, to: V | undefined) => void,
): void {
  if (before === after) return;
  if (before instanceof TreapMap && after instanceof TreapMap) {
    // Several controllers diff the same pair in one settle round (each against its own cursor,
    // all equal after the previous round): the last pair's changes are replayed in the same order.
    if (before === lastDiff.before && after === lastDiff.after) {
      const c = lastDiff.changes as unknown[];
      for (let i = 0; i < c.length; i += 3)
        onChange(c[i] as string, c[i + 1] as V | undefined, c[i + 2] as V | undefined);
      return;
    }
    const changes: unknown[] = [];
    diffNodes((before as TreapMap<V>).root, (after as TreapMap<V>).root, (k, x, y) => {
      changes.push(k, x, y);
    });
    lastDiff = { before, after, changes };
    for (let i = 0; i < changes.length; i += 3)
      onChange(changes[i] as string, changes[i + 1] as V | undefined, changes[i + 2] as V | undefined);
    return;
  }
  const keys = new Set<string>([...before.keys(), ...after.keys()]);
  for (const k of [...keys].sort()) {
    const a = before.get(k);
    const b = after.get(k);
    if (a !== b) onChange(k, a, b);
  }
}

function diffNodes<V>(
  a: TNode<V> | null,
  b: TNode<V> | null,
  onChange: (key: string, from: V | undefined, to: V | undefined) => void,
): void {
  if (a === b) return;
  if (!a) {
    forEachNode(b, (n) => onChange(n.k, undefined, n.v));
    return;
  }
  if (!b) {
    forEachNode(a, (n) => onChange(n.k, n.v, undefined));
    return;
  }
  if (a.k === b.k) {
    // Same key at both roots (the common case: equal key sets give equal shapes): split(b, a.k)
    // would return [b.l, b, b.r]; recurse directly.
    diffNodes(a.l, b.l, onChange);
    if (b.v !== a.v) onChange(a.k, a.v, b.v);
    diffNodes(a.r, b.r, onChange);
    return;
  }
  const [bl, bm, br] = split(b, a.k);
  diffNodes(a.l, bl, onChange);
  if (!bm) onChange(a.k, a.v, undefined);
  else if (bm.v !== a.v) onChange(a.k, a.v, bm.v);
  diffNodes(a.r, br, onChange);
}
