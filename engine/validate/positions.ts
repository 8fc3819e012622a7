/**
 * Source positions from a second js-yaml parse with its `listener` hook (open/close of every
 * node), about ten times cheaper than the positional `yaml` parse. Only called for a file that has
 * findings. Each node's start is where js-yaml opened it, past separation space and comments; a
 * container's children (key, value, key, ... or items) are matched to the keys of the value
 * js-yaml built. Whenever the events do not line up with the value (an unusual construct), the
 * caller falls back to engine/io/yaml.ts parseStream, so positions are never guessed.
 */
import jsyaml from "js-yaml";
import type { Position } from "../model/diagnostic.js";
import { unescapePointerSegment } from "../model/pointer.js";

/** A node of the listener's tree: where it starts, what js-yaml built, its children. */
export interface PNode {
  start: number;
  result: unknown;
  children: PNode[];
  /** For sequences: the node of each item (absent for an empty item). */
  items?: Array<PNode | undefined>;
  /** For mappings: key → [key node, value node (absent when the value was empty)]. */
  entries?: Map<string, [PNode, PNode | undefined]>;
}

interface ListenerState {
  position: number;
  result: unknown;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else return i;
  }
}

function keyString(v: unknown): string {
  return typeof v === "string" ? v : String(v);
}

/**
 * Pair a mapping's children (key, value, key, ...; an empty value may have no node) with the
 * entries of the value js-yaml built; false when they do not line up. Document order is taken
 * from the children, not from Object.keys (which puts integer-like keys first).
 */
function pairEntries(node: PNode): boolean {
  const obj = node.result as Record<string, unknown>;
  const entries = new Map<string, [PNode, PNode | undefined]>();
  const children = node.children;
  let c = 0;
  while (c < children.length) {
    const keyNode = children[c]!;
    const key = keyString(keyNode.result);
    if (!Object.hasOwn(obj, key) || entries.has(key)) {
      // js-yaml may open one more (empty) node where a next key could start, e.g. before `---`.
      if (keyNode.result === null) {
        c++;
        continue;
      }
      return false;
    }
    c++;
    const value = obj[key];
    const next = children[c];
    let valueNode: PNode | undefined;
    if (value !== null) {
      if (!next || next.result !== value) return false;
      valueNode = next;
      c++;
    } else if (next && next.result === null) {
      valueNode = next;
      c++;
    }
    entries.set(key, [keyNode, valueNode]);
  }
  if (entries.size !== Object.keys(obj).length) return false;
  node.entries = entries;
  return true;
}

/** Pair a sequence's children with its items (an empty item `-` has no node); false when they do not line up. */
function pairItems(node: PNode): boolean {
  const items = node.result as unknown[];
  if (node.children.length === items.length) {
    node.items = node.children;
    return true;
  }
  const out: Array<PNode | undefined> = [];
  let c = 0;
  for (const item of items) {
    const child = node.children[c];
    if (child && child.result === item) {
      out.push(child);
      c++;
    } else if (item === null) out.push(undefined);
    else return false;
  }
  while (c < node.children.length && node.children[c]!.result === null) c++;
  if (c !== node.children.length) return false;
  node.items = out;
  return true;
}

/** Check (and index) a closed node against its value; false if the events do not explain it. */
function indexNode(node: PNode): boolean {
  const v = node.result;
  if (v === null || typeof v !== "object") return true;
  // js-yaml wraps some nodes (a flow collection where a block mapping could start) in a second
  // node with the same result: the inner one carries the structure.
  const only = node.children.length === 1 ? node.children[0]! : undefined;
  if (only && only.result === v) {
    node.items = only.items;
    node.entries = only.entries;
    return true;
  }
  if (Array.isArray(v)) return pairItems(node);
  return pairEntries(node);
}

/** Positions of every document of a stream (index = document index), or undefined to fall back. */
export function listenerPositions(text: string): Array<PNode | undefined> | undefined {
  const roots: PNode[] = [];
  const stack: PNode[] = [];
  let ok = true;
  const listener = (event: "open" | "close", state: ListenerState): void => {
    if (!ok) return;
    if (event === "open") {
      stack.push({ start: state.position, result: undefined, children: [] });
      return;
    }
    const node = stack.pop();
    if (!node) {
      ok = false;
      return;
    }
    node.result = state.result;
    const open = node.start;
    node.start = skipSpace(text, open);
    // An empty (null) value sits where js-yaml opened it, as in the positional parser.
    if (node.result === null && (node.start >= text.length || text.slice(open, node.start).includes("\n"))) {
      node.start = open;
    }
    if (!indexNode(node)) ok = false;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
  };
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, undefined, {
      schema: jsyaml.CORE_SCHEMA,
      listener: listener as unknown as jsyaml.LoadOptions["listener"],
    });
  } catch {
    return undefined;
  }
  if (!ok || stack.length !== 0 || roots.length !== values.length) return undefined;
  for (let i = 0; i < roots.length; i++) if (roots[i]!.result !== values[i]) return undefined;
  return roots;
}

/** Line starts of a text, for offset → line:column. */
export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

/** 1-based line:column of an offset. */
export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * Offset of the value (or, with `wantKey`, the key) at `pointer` under `root`; the nearest
 * existing ancestor's when the pointer leads nowhere (as parseStream's positionOf does).
 */
export function locate(root: PNode, pointer: string, wantKey: boolean): number {
  let node = root;
  let last = root.start;
  if (pointer !== "" && pointer.charCodeAt(0) !== 47) return last; // not a JSON Pointer
  // parsePointer's split, unescaping only segments with a `~` (its two regex passes per segment
  // cost more than the walk itself: every finding asks for a position).
  const segs = pointer === "" ? [] : pointer.slice(1).split("/");
  for (let i = 0; i < segs.length; i++) if (segs[i]!.includes("~")) segs[i] = unescapePointerSegment(segs[i]!);
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const isLast = i === segs.length - 1;
    let keyNode: PNode | undefined;
    let child: PNode | undefined;
    if (node.entries) {
      const e = node.entries.get(seg);
      if (!e) return last;
      [keyNode, child] = e;
    } else if (node.items) {
      const n = Number(seg);
      child = Number.isInteger(n) ? node.items[n] : undefined;
      if (!child) return last;
    } else return last;
    if (isLast && wantKey && keyNode) return keyNode.start;
    last = child ? child.start : keyNode!.start;
    if (!child) return last;
    node = child;
  }
  return last;
}
