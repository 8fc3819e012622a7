/**
 * A fast reader for the block-style YAML that Kubernetes manifests are written in: block mappings
 * and sequences, one-line plain, quoted and flow scalars/collections, literal and folded block
 * scalars, comments and `---` separators. It builds exactly the values js-yaml 4.1.0 builds with
 * CORE_SCHEMA (the functions it mirrors are named in fast-yaml-scalars.ts and below), in about half
 * js-yaml's time, and can record the same source positions as the js-yaml listener parse
 * (positions.ts) for the documents that have findings.
 *
 * Anything outside that subset — anchors, aliases, tags, directives, explicit keys, multi-line
 * plain or quoted scalars, multi-line flow collections, tabs or non-printable characters on a
 * structural line, duplicate keys in flow mappings, anything js-yaml would refuse — makes it
 * return undefined, and the caller parses the text with js-yaml as before. It never guesses: a
 * property test (fast-yaml.test.ts) checks on generated and corpus texts that whenever it answers,
 * js-yaml answers the same values and the listener the same positions.
 *
 * Duplicate keys in block mappings, which js-yaml refuses, are read only when the caller asks
 * (fastLoad, fastPositions): as js-yaml's `json` option reads them (the last value wins, in the
 * first key's place), with the offset of every repeated key in `dups`, so that a file with a
 * repeated key is reported and still validated without a second parser (load.ts).
 */
import { BAIL, blockScalarBody, doubleQuoted, plainStart, resolvePlain, singleQuoted } from "./fast-yaml-scalars.js";
import type { PNode } from "./positions.js";

/**
 * Characters the fast reader leaves to js-yaml wherever they are: C0 controls but tab and LF
 * (CR included: js-yaml's line handling of CRLF is not mirrored), DEL and C1 controls, surrogates
 * (js-yaml refuses unpaired ones), BOM and U+FFFE/U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSUPPORTED = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
/** Anything but tab, LF and printable ASCII (a cheaper first test: most manifests are ASCII). */
const NOT_PLAIN_ASCII = /[^\t\n\x20-\x7E]/;

const NO_CHILDREN: PNode[] = [];

function wsOrEol(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || Number.isNaN(c);
}

/** A mapping key found at an offset: its string and the offset of its `:`. */
interface Key {
  key: string;
  colon: number;
}

/**
 * Recently seen plain keys by length and first character: manifests repeat a few keys thousands
 * of times (`description`, `type`, `properties`, `name`), and reusing the string a property was
 * already stored under spares a fresh slice and its hashing into V8's string table per key.
 * A candidate is used only when the text at the key equals it character for character.
 */
const KEYS: Array<string | undefined> = new Array(4096);

/** The property name of the plain key `s[i, e)`: composeNode's resolution, then String(). */
function keyString(s: string, i: number, e: number): string {
  const slot = ((e - i) * 131 + s.charCodeAt(i)) & 4095;
  const seen = KEYS[slot];
  if (seen !== undefined && seen.length === e - i && s.startsWith(seen, i)) return seen;
  const key = String(resolvePlain(s.slice(i, e)));
  // Only keys that are their own text (not `1` for `0x1`, `true` for `TRUE`) can answer for a text.
  if (key.length === e - i && s.startsWith(key, i)) KEYS[slot] = key;
  return key;
}

/** storeMappingPair: `__proto__` becomes an own property; true when the key was already there. */
function store(obj: Record<string, unknown>, key: string, value: unknown): boolean {
  const repeated = Object.hasOwn(obj, key);
  if (key === "__proto__")
    Object.defineProperty(obj, key, { configurable: true, enumerable: true, writable: true, value });
  else obj[key] = value;
  return repeated;
}

class Reader {
  /** Start of the current content line (or the text's length at the end). */
  private ls = 0;
  /** Indentation of the current content line; -1 at the end of the text or on a document marker. */
  private ind = 0;
  /** Whether the current line is a `---`/`...` marker. */
  private marker = false;
  /** Offset just past the last flow collection or quoted scalar read. */
  private end = 0;
  /** Position node of the last value read (positions mode only). */
  private pn: PNode | undefined;
  private readonly len: number;

  constructor(
    private readonly s: string,
    private readonly positions: boolean,
    private readonly tabs: boolean,
    /** Offsets of repeated block-mapping keys, when the caller accepts them (else they bail). */
    private readonly dups: number[] | undefined,
  ) {
    this.len = s.length;
  }

  private leaf(start: number, result: unknown): void {
    if (this.positions) this.pn = { start, result, children: NO_CHILDREN };
  }

  /** Move to the first content line at or after `p` (a line start), past blank and comment lines. */
  private seek(p: number): void {
    const s = this.s;
    for (;;) {
      if (p >= this.len) {
        this.ls = this.len;
        this.ind = -1;
        this.marker = false;
        return;
      }
      let i = p;
      while (s.charCodeAt(i) === 0x20) i++;
      let c = s.charCodeAt(i);
      if (c === 0x09) {
        // A tab in the indentation: fine on a blank or comment line only.
        while (c === 0x09 || c === 0x20) c = s.charCodeAt(++i);
        if (c !== 0x0a && c !== 0x23) throw BAIL;
      }
      if (c === 0x0a) {
        p = i + 1;
        continue;
      }
      if (c === 0x23) {
        p = s.indexOf("\n", i) + 1;
        continue;
      }
      if (i === p && (c === 0x2d || c === 0x2e) && s.charCodeAt(p + 1) === c && s.charCodeAt(p + 2) === c) {
        if (!wsOrEol(s.charCodeAt(p + 3))) throw BAIL;
        this.ls = p;
        this.ind = -1;
        this.marker = true;
        return;
      }
      if (this.tabs) for (let j = i; s.charCodeAt(j) !== 0x0a; j++) if (s.charCodeAt(j) === 0x09) throw BAIL;
      this.ls = p;
      this.ind = i - p;
      this.marker = false;
      return;
    }
  }

  /** After a value that ended at `i`: only spaces and a comment may follow on the line. */
  private endLine(i: number): void {
    const s = this.s;
    while (s.charCodeAt(i) === 0x20) i++;
    const c = s.charCodeAt(i);
    if (c === 0x0a) this.seek(i + 1);
    else if (c === 0x23) this.seek(s.indexOf("\n", i) + 1);
    else throw BAIL;
  }

  /** Every document of the stream (readDocument's loop), with its root position node. */
  documents(): Read {
    const s = this.s;
    const values: unknown[] = [];
    const roots: Array<PNode | undefined> = [];
    const spans: number[] = [];
    // loadDocuments: leading spaces of the first line are skipped, and a document starts only
    // before the stream's final line break (so "\n" and "  \n" hold none, "\n\n" one).
    let p = 0;
    let q = 0;
    while (s.charCodeAt(q) === 0x20) q++;
    while (q < this.len - 1) {
      this.seek(p);
      if (this.marker) {
        if (s.charCodeAt(this.ls) === 0x2e) throw BAIL; // `...`
        this.endLine(this.ls + 3);
      }
      let value: unknown = null;
      this.pn = undefined;
      spans.push(this.ls);
      if (this.ind >= 0) {
        value = this.blockNode();
        if (this.ind >= 0) throw BAIL; // content after the root node ends: js-yaml refuses it
      } else this.leaf(this.ls, null);
      values.push(value);
      roots.push(this.pn);
      p = q = this.marker ? this.ls : this.len;
      spans.push(p);
    }
    return { values, roots, spans, dups: this.dups ?? [] };
  }

  /** A block collection starting on the current content line (scalars there are left to js-yaml). */
  private blockNode(): unknown {
    const at = this.ls + this.ind;
    if (this.s.charCodeAt(at) === 0x2d && wsOrEol(this.s.charCodeAt(at + 1))) return this.sequence(this.ind);
    return this.mapping(this.ind, at);
  }

  /** The mapping key starting at `i`, or undefined when the line holds no `key:` there. */
  private keyAt(i: number): Key | undefined {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x27) {
      const q = c === 0x22 ? doubleQuoted(s, i) : singleQuoted(s, i);
      let j = q.end;
      while (s.charCodeAt(j) === 0x20) j++;
      if (s.charCodeAt(j) !== 0x3a) return undefined;
      if (!wsOrEol(s.charCodeAt(j + 1))) throw BAIL;
      return { key: q.value, colon: j };
    }
    if (!plainStart(c, s.charCodeAt(i + 1))) return undefined;
    // readPlainScalar: the key ends at the first `: ` (or `:` ending the line); a ` #` before it
    // starts a comment, so the line holds a scalar, not a key.
    let colon = i + 1;
    for (;;) {
      const ch = s.charCodeAt(colon);
      if (ch === 0x0a) return undefined;
      if (ch === 0x3a) {
        const next = s.charCodeAt(colon + 1);
        if (next === 0x20 || next === 0x0a) break;
      } else if (ch === 0x23 && s.charCodeAt(colon - 1) === 0x20) return undefined;
      colon++;
    }
    let e = colon;
    while (s.charCodeAt(e - 1) === 0x20) e--;
    return { key: keyString(s, i, e), colon };
  }

  /** A block mapping whose first key starts at `first` (column `col`): readBlockMapping. */
  private mapping(col: number, first: number, firstKey?: Key): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const entries = this.positions ? new Map<string, [PNode, PNode | undefined]>() : undefined;
    let k = first;
    for (;;) {
      const found = k === first && firstKey ? firstKey : this.keyAt(k);
      if (!found) throw BAIL;
      const value = this.value(col, found.colon + 1);
      if (store(obj, found.key, value)) {
        if (!this.dups) throw BAIL;
        this.dups.push(k);
      }
      entries?.set(found.key, [{ start: k, result: found.key, children: NO_CHILDREN }, this.pn]);
      if (this.ind < col) break;
      if (this.ind > col) throw BAIL; // more indented than its key: a multi-line scalar or an error
      k = this.ls + col;
    }
    if (entries) this.pn = { start: first, result: obj, children: NO_CHILDREN, entries };
    return obj;
  }

  /** A block sequence at column `col` starting on the current line: readBlockSequence. */
  private sequence(col: number): unknown[] {
    const s = this.s;
    const arr: unknown[] = [];
    const items: PNode[] | undefined = this.positions ? [] : undefined;
    let empty = false;
    const start = this.ls + col;
    for (;;) {
      let i = this.ls + col + 1;
      while (s.charCodeAt(i) === 0x20) i++;
      const c = s.charCodeAt(i);
      let v: unknown;
      if (c === 0x0a || c === 0x23) {
        this.seek((c === 0x0a ? i : s.indexOf("\n", i)) + 1);
        if (this.ind > col) v = this.blockNode();
        else {
          v = null;
          this.pn = undefined; // js-yaml opens no node for an empty item
          // ...nor checks the next line's indentation: a less indented `- ` continues this sequence.
          const d = this.ls + this.ind;
          if (this.ind >= 0 && this.ind < col && s.charCodeAt(d) === 0x2d && wsOrEol(s.charCodeAt(d + 1))) throw BAIL;
        }
      } else if (c === 0x2d && wsOrEol(s.charCodeAt(i + 1))) {
        throw BAIL; // `- - a`
      } else {
        const key = this.keyAt(i);
        v = key ? this.mapping(i - this.ls, i, key) : this.inline(col, i);
      }
      arr.push(v);
      if (items && this.pn) items.push(this.pn);
      else if (items) empty = true;
      if (this.ind < col) break;
      if (this.ind > col) throw BAIL;
      const d = this.ls + col;
      if (!(s.charCodeAt(d) === 0x2d && wsOrEol(s.charCodeAt(d + 1)))) break;
    }
    if (items) this.pn = { start, result: arr, children: NO_CHILDREN, items: empty ? pairItems(arr, items) : items };
    return arr;
  }

  /** The value after a key's `:` at `p`, in a mapping at column `col`. */
  private value(col: number, p: number): unknown {
    const s = this.s;
    let i = p;
    while (s.charCodeAt(i) === 0x20) i++;
    const c = s.charCodeAt(i);
    if (c === 0x0a || c === 0x23) {
      this.seek((c === 0x0a ? i : s.indexOf("\n", i)) + 1);
      if (this.ind > col) return this.blockNode();
      const at = this.ls + col;
      if (this.ind === col && s.charCodeAt(at) === 0x2d && wsOrEol(s.charCodeAt(at + 1))) return this.sequence(col);
      this.leaf(p, null); // an empty value sits right after the `:`
      return null;
    }
    return this.inline(col, i);
  }

  /** A value starting on its key's (or its `-`'s) line at `i`; `col` is the owner's column. */
  private inline(col: number, i: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    let v: unknown;
    if (c === 0x22 || c === 0x27) {
      const q = c === 0x22 ? doubleQuoted(s, i) : singleQuoted(s, i);
      v = q.value;
      this.leaf(i, v);
      this.endLine(q.end);
      return v;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(col, i);
    if (c === 0x5b || c === 0x7b) {
      v = this.flow(i);
      this.endLine(this.end);
      return v;
    }
    if (!plainStart(c, s.charCodeAt(i + 1))) throw BAIL;
    // readPlainScalar to the end of the line or a ` #` comment; a `: ` (or a `:` ending the
    // scalar) inside a value makes js-yaml refuse the line.
    let j = i + 1;
    let e = -1;
    for (;;) {
      const ch = s.charCodeAt(j);
      if (ch === 0x0a) break;
      if (ch === 0x23 && s.charCodeAt(j - 1) === 0x20) {
        e = j;
        break;
      }
      if (ch === 0x3a) {
        const next = s.charCodeAt(j + 1);
        if (next === 0x20 || next === 0x0a) throw BAIL;
      }
      j++;
    }
    const eol = e === -1 ? j : s.indexOf("\n", j);
    if (e === -1) e = j;
    while (s.charCodeAt(e - 1) === 0x20) e--;
    v = resolvePlain(s.slice(i, e));
    this.leaf(i, v);
    this.seek(eol + 1);
    return v;
  }

  /** A literal or folded block scalar whose header is at `h`: the header, then readBlockScalar's body. */
  private blockScalar(col: number, h: number): string {
    const s = this.s;
    const folding = s.charCodeAt(h) === 0x3e;
    let i = h + 1;
    let c = s.charCodeAt(i);
    let chomping: 0 | 1 | 2 = 0;
    if (c === 0x2d || c === 0x2b) {
      chomping = c === 0x2d ? 1 : 2;
      c = s.charCodeAt(++i);
    }
    if (c === 0x20) {
      while (c === 0x20) c = s.charCodeAt(++i);
      if (c === 0x23) i = s.indexOf("\n", i);
    }
    // Indentation indicators, repeated indicators, text after the header: left to js-yaml.
    if (s.charCodeAt(i) !== 0x0a) throw BAIL;
    const body = blockScalarBody(s, i + 1, col + 1, folding, chomping);
    this.leaf(h, body.value);
    this.seek(body.next);
    return body.value;
  }

  /** A flow collection that closes on its line (readFlowCollection); sets `end` past it. */
  private flow(p: number): unknown {
    const s = this.s;
    const isMap = s.charCodeAt(p) === 0x7b;
    const term = isMap ? 0x7d : 0x5d;
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    const items: Array<PNode | undefined> | undefined = this.positions && !isMap ? [] : undefined;
    const entries = this.positions && isMap ? new Map<string, [PNode, PNode | undefined]>() : undefined;
    let i = p + 1;
    let readNext = true;
    for (;;) {
      while (s.charCodeAt(i) === 0x20) i++;
      const c = s.charCodeAt(i);
      if (c === term) {
        this.end = i + 1;
        if (this.positions) {
          this.pn = isMap
            ? { start: p, result: obj, children: NO_CHILDREN, entries: entries! }
            : { start: p, result: arr, children: NO_CHILDREN, items: items! };
        }
        return isMap ? obj : arr;
      }
      if (!readNext || c === 0x2c || c === 0x0a || c === 0x23 || c === 0x3f) throw BAIL;
      const keyStart = i;
      const first = this.flowNode(i);
      const keyNode = this.pn;
      i = this.end;
      while (s.charCodeAt(i) === 0x20) i++;
      if (isMap) {
        if (s.charCodeAt(i) !== 0x3a) throw BAIL; // `{a}`: a key without a value
        i++;
        while (s.charCodeAt(i) === 0x20) i++;
        const v = s.charCodeAt(i);
        if (v === 0x2c || v === term || v === 0x0a || v === 0x23) throw BAIL;
        const key = String(first);
        if (typeof first === "object" && first !== null) throw BAIL;
        const value = this.flowNode(i);
        if (store(obj, key, value)) throw BAIL;
        entries?.set(key, [{ start: keyStart, result: key, children: NO_CHILDREN }, this.pn]);
        i = this.end;
        while (s.charCodeAt(i) === 0x20) i++;
      } else {
        if (s.charCodeAt(i) === 0x3a) throw BAIL; // `[a: b]`: a single-pair mapping
        arr.push(first);
        items?.push(keyNode);
      }
      if (s.charCodeAt(i) === 0x2c) {
        readNext = true;
        i++;
      } else readNext = false;
    }
  }

  /** One node inside a flow collection at `i`; sets `end` past it. */
  private flowNode(i: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) return this.flow(i);
    if (c === 0x22 || c === 0x27) {
      const q = c === 0x22 ? doubleQuoted(s, i) : singleQuoted(s, i);
      this.end = q.end;
      this.leaf(i, q.value);
      return q.value;
    }
    const next = s.charCodeAt(i + 1);
    if (!plainStart(c, next) || ((c === 0x2d || c === 0x3f || c === 0x3a) && isFlowIndicator(next))) throw BAIL;
    // readPlainScalar within a flow collection: up to `: `, a flow indicator, or the line's end.
    let j = i;
    let last = i;
    for (;;) {
      const ch = s.charCodeAt(j);
      if (ch === 0x0a) throw BAIL; // continues on the next line
      if (ch === 0x3a) {
        const f = s.charCodeAt(j + 1);
        if (wsOrEol(f) || isFlowIndicator(f)) break;
      } else if (ch === 0x23) {
        if (s.charCodeAt(j - 1) === 0x20) throw BAIL; // a comment inside a flow collection
      } else if (isFlowIndicator(ch)) break;
      if (ch !== 0x20) last = j + 1;
      j++;
    }
    this.end = j;
    const v = resolvePlain(s.slice(i, last));
    this.leaf(i, v);
    return v;
  }
}

/**
 * The item nodes positions.ts pairItems gives a sequence with empty items (js-yaml opens no node
 * for those): each node goes to the first remaining item it could be, so a `- ~` after an empty
 * `-` answers for both.
 */
function pairItems(arr: readonly unknown[], nodes: readonly PNode[]): Array<PNode | undefined> {
  const out: Array<PNode | undefined> = [];
  let c = 0;
  for (const item of arr) {
    const node = nodes[c];
    if (node && node.result === item) {
      out.push(node);
      c++;
    } else out.push(undefined);
  }
  return out;
}

function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/** What one reading of a text gives. */
export interface Read {
  values: unknown[];
  roots: Array<PNode | undefined>;
  /** Per document, the start and end offsets of the text its value depends on only (past its `---`). */
  spans: number[];
  /** Offsets of the block-mapping keys that repeat a key of their mapping, in text order. */
  dups: number[];
}

function read(text: string, positions: boolean, dups: boolean): Read | undefined {
  if (NOT_PLAIN_ASCII.test(text) && UNSUPPORTED.test(text)) return undefined;
  // js-yaml reads a text without a final line break as if it had one (offsets do not move).
  const s = text.length === 0 || text.charCodeAt(text.length - 1) === 0x0a ? text : `${text}\n`;
  try {
    return new Reader(s, positions, s.includes("\t"), dups ? [] : undefined).documents();
  } catch (e) {
    if (e === BAIL || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The documents js-yaml's loadAll (CORE_SCHEMA) would return, or undefined when the text is outside the subset. */
export function fastLoadAll(text: string): unknown[] | undefined {
  return read(text, false, false)?.values;
}

/**
 * fastLoadAll with each document's span (`spans[2i]` to `spans[2i + 1]` is the text document i's
 * value is read from: equal texts, equal values, so a content key for caches), and with
 * `positions` fastPositions' trees too.
 */
export function fastLoad(text: string, positions = false): Read | undefined {
  return read(text, positions, true);
}

/**
 * Like positions.ts listenerPositions: each document's position tree (index = document index),
 * with the same start offsets for every key and value a JSON Pointer can reach; undefined when
 * the text is outside the subset.
 */
export function fastPositions(text: string): Array<PNode | undefined> | undefined {
  return read(text, true, true)?.roots;
}
