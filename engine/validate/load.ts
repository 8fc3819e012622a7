/**
 * Fast manifest loading: js-yaml (about 10× faster than `yaml`) parses the stream; source positions
 * are only needed when a document has a finding, so the positional `yaml` parse
 * (engine/io/yaml.ts parseStream) runs lazily, on the first position asked for, and its documents
 * answer. Anything js-yaml cannot vouch for goes through parseStream directly:
 * - documents that use aliases (js-yaml has no alias-expansion limit: alias bombs);
 * - js-yaml errors (syntax, duplicate keys — js-yaml refuses those by default, deep nesting):
 *   parseStream reports them with positions and keeps the other documents.
 * The fast reader (fast-yaml.ts) comes first; a repeated block-mapping key does not send a file to
 * parseStream: the fast reader keeps the last value, as parseStream does, and loadText reports
 * each repeat with the same finding.
 */
import jsyaml from "js-yaml";
import {
  DEFAULT_LIMITS,
  duplicateKeyDiagnostic,
  type ParseLimits,
  type ParseResult,
  parseStream,
  type SourceDocument,
} from "../io/yaml.js";
import type { Diagnostic, Position } from "../model/diagnostic.js";
import { jsonLoadAll } from "./fast-json.js";
import { fastLoad, fastPositions } from "./fast-yaml.js";
import { lineStarts, listenerPositions, locate, type PNode, positionAt } from "./positions.js";

/** Characters after which a node (and so an anchor) may start: line start, space, `[`, `{`, `,`. */
function mayStartNode(c: number): boolean {
  // Any non-ASCII character counts too (Unicode spaces): conservative, it only costs a walk.
  return c <= 32 || c === 0x5b || c === 0x7b || c === 0x2c || c >= 0x80;
}

/** Characters that cannot be the first of an anchor name: space, `,`, `[`, `]`, `{`, `}`. */
function endsAnchorName(c: number): boolean {
  return c <= 32 || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/**
 * Cheap, conservative prefilter: could the text define an anchor (`&a` at the start of a node)?
 * Every alias needs an anchor, so text without one cannot share objects. `&&` followed by a space
 * (CEL rules in CRDs) is not an anchor. A scan from `&` to `&` (a regex over the whole text cost
 * ~4% of a corpus round, most of it in megabyte CRDs without any `&`).
 */
export function mayHaveAnchor(text: string): boolean {
  for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1)) {
    if (i > 0 && !mayStartNode(text.charCodeAt(i - 1))) continue;
    const next = text.charCodeAt(i + 1);
    if (Number.isNaN(next) || endsAnchorName(next)) continue;
    if (next === 0x26 && text.charCodeAt(i + 2) <= 32) continue;
    return true;
  }
  return false;
}

/**
 * Whether a js-yaml value shares an object between two places (what an alias produces: js-yaml
 * keeps one object and refers to it twice, so walking the value — as validation does — could
 * take exponential time on an alias bomb). Linear: stops at the first repeated object.
 */
export function sharesObjects(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (seen.has(v)) return true;
    seen.add(v);
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else for (const k in v) if (Object.hasOwn(v, k)) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}

const JS_YAML_OPTIONS: jsyaml.LoadOptions = { schema: jsyaml.CORE_SCHEMA };

function isListValue(v: unknown): v is { kind: string; items: unknown[] } {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray(o.items);
}

/**
 * Offset where the first document's content starts (past blank lines, comments and one `---`
 * line), or undefined when a directive (`%YAML`) makes it worth asking the parser.
 */
export function firstContent(text: string): number | undefined {
  let i = 0;
  let marker = false;
  for (;;) {
    while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
    if (text[i] === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (text[i] === "%") return undefined;
    if (text.startsWith("---", i) && /^---(?:[ \t\r\n]|$)/.test(text.slice(i, i + 4))) {
      const nl = text.indexOf("\n", i);
      if (marker || nl === -1 || text.slice(i + 3, nl).trim() !== "") return undefined;
      marker = true;
      i = nl + 1;
      continue;
    }
    return i < text.length ? i : undefined;
  }
}

/**
 * The same document (value, positions) holding on to its own position tree and the file's line
 * starts only, not the file's text and the trees of its other documents. For documents kept
 * beyond their file (custom resources deferred until every CRD has been seen): without this, one
 * deferred document per file kept every file's text and position trees alive while streaming.
 */
export function detachDocument(doc: SourceDocument): SourceDocument {
  return doc instanceof LoadedDocument ? doc.detach() : doc;
}

/**
 * A document answering positions from its own listener tree. Built at module level on purpose: a
 * closure created inside loadText would keep loadText's whole scope (the text, every root) alive.
 */
function detached(
  file: string,
  index: number,
  value: unknown,
  base: string,
  root: PNode,
  lines: readonly number[],
): SourceDocument {
  return {
    file,
    index,
    value,
    basePointer: base,
    positionOf: (p) => positionAt(lines, locate(root, base + p, false)),
    keyPositionOf: (p) => positionAt(lines, locate(root, base + p, true)),
  };
}

/**
 * One file's positions, shared by its documents: computed on first demand (the fast reader or
 * js-yaml's listener, else the positional parser). The documents' closures capture this object
 * and their own value, never loadText's scope: a closure kept alive anywhere (an engine cache, a
 * deferred document) would otherwise keep every value of its file alive, and the scavenger copied
 * whole CRDs from file to file.
 */
class FilePositions {
  starts: number[] | undefined;
  private slow: SourceDocument[] | undefined;
  private tried: boolean;

  constructor(
    readonly text: string,
    readonly file: string,
    private readonly limits: ParseLimits,
    public roots: Array<PNode | undefined> | null,
    private readonly fastReader: boolean,
  ) {
    this.starts = roots ? lineStarts(text) : undefined;
    this.tried = roots !== null;
  }

  root(index: number): PNode | undefined {
    if (this.roots === null && !this.tried) {
      this.tried = true;
      this.roots = (this.fastReader && fastPositions(this.text)) || listenerPositions(this.text) || null;
      this.starts = this.roots ? lineStarts(this.text) : undefined;
    }
    return this.roots?.[index];
  }

  private slowDocs(): SourceDocument[] {
    this.slow ??= parseStream(this.text, this.file, this.limits).documents;
    return this.slow;
  }

  /** Position of `p` in document `index` (the `at`-th document made, List items included). */
  position(index: number, at: number, base: string, p: string, wantKey: boolean): Position {
    // The first document itself (missing kind, not an object): no parse needed.
    if (p === "" && base === "" && index === 0 && this.roots === null) {
      const first = firstContent(this.text);
      if (first !== undefined) return positionAt(lineStarts(this.text.slice(0, first + 1)), first);
    }
    const root = this.root(index);
    if (root && this.starts) return positionAt(this.starts, locate(root, base + p, wantKey));
    const d = this.slowDocs()[at];
    if (!d || d.index !== index || d.basePointer !== base) return { line: 1, column: 1 };
    return wantKey ? d.keyPositionOf(p) : d.positionOf(p);
  }
}

/**
 * A document of loadText: its methods read positions from the file's shared FilePositions. No
 * closure per document (closures made here kept whole files' values alive through scavenges:
 * ~14 MB promoted per corpus round with them, ~2 MB without).
 */
class LoadedDocument implements SourceDocument {
  source?: () => string;
  /** Span of the document's source text (from, to), when known. */
  span?: readonly [number, number];

  readonly file: string;

  constructor(
    readonly fp: FilePositions,
    readonly index: number,
    /** Ordinal among the documents made from the file (List items included). */
    private readonly at: number,
    readonly value: unknown,
    readonly basePointer: string,
  ) {
    this.file = fp.file;
  }

  positionOf(p: string): Position {
    return this.fp.position(this.index, this.at, this.basePointer, p, false);
  }

  keyPositionOf(p: string): Position {
    return this.fp.position(this.index, this.at, this.basePointer, p, true);
  }

  /** detachDocument: the document with its own position tree and line starts only. */
  detach(): SourceDocument {
    const root = this.fp.root(this.index);
    const lines = this.fp.starts;
    if (!root || !lines) return this; // positions come from the positional parser: keep it
    return detached(this.file, this.index, this.value, this.basePointer, root, lines);
  }
}

/** LoadedDocument's `source`: its text, sliced on demand. */
function sourceOf(this: LoadedDocument): string {
  const [from, to] = this.span!;
  return this.fp.text.slice(from, to);
}

/** How a file was loaded (for tests and the benchmark). */
export type LoadPath = "fast" | "positional";

export interface LoadedFile extends ParseResult {
  path: LoadPath;
}

/**
 * Parse one file's text into documents. Same documents, indices and List unwrapping as
 * parseStream; positions are computed on demand, or recorded while parsing with `eagerPositions`
 * (worth it when most documents will have findings, e.g. when packs run).
 */
export function loadText(
  text: string,
  file: string,
  limits: ParseLimits = DEFAULT_LIMITS,
  eagerPositions = false,
): LoadedFile {
  if (text.length > limits.maxBytes / 4) return { ...parseStream(text, file, limits), path: "positional" };
  let raw: unknown[];
  // The fast reader first (fast-yaml.ts: js-yaml's values, and positions, for the block YAML of
  // manifests); js-yaml for the rest. Eager: the same single pass also records positions.
  let roots: Array<PNode | undefined> | null = null;
  const read = fastLoad(text, eagerPositions);
  let fast = read?.values;
  // A document's source text reads as its value through js-yaml (the CRD cache relies on it): not
  // with a repeated key, which js-yaml refuses.
  const spans = read && read.dups.length === 0 ? read.spans : undefined;
  if (read && eagerPositions) roots = read.roots;
  // Positions of the fast reader's documents come from the fast reader, on demand when not eager.
  const fastReader = fast !== undefined;
  // JSON texts: JSON.parse builds js-yaml's values (fast-json.ts); positions from the listener.
  fast ??= jsonLoadAll(text);
  if (fast) raw = fast;
  else {
    if (eagerPositions) roots = listenerPositions(text) ?? null;
    if (roots) raw = roots.map((r) => r?.result);
    else {
      try {
        raw = jsyaml.loadAll(text, undefined, JS_YAML_OPTIONS);
      } catch {
        return { ...parseStream(text, file, limits), path: "positional" };
      }
    }
    // Anchors/aliases: parseStream applies the alias-expansion limit (and reports a bomb). The fast
    // readers never share objects, so only js-yaml's values can.
    if (mayHaveAnchor(text) && raw.some(sharesObjects))
      return { ...parseStream(text, file, limits), path: "positional" };
  }
  const fp = new FilePositions(text, file, limits, roots, fastReader);
  // Repeated keys (the fast reader only): reported, and the document is still validated.
  const diagnostics: Diagnostic[] = [];
  if (read && read.dups.length > 0) {
    const starts = fp.starts ?? lineStarts(text);
    for (const at of read.dups) diagnostics.push(duplicateKeyDiagnostic(file, positionAt(starts, at)));
  }
  const documents: SourceDocument[] = [];
  let ordinal = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index];
    if (value === null || value === undefined) continue;
    if (isListValue(value)) {
      value.items.forEach((item, i) => {
        if (item !== null && item !== undefined)
          documents.push(new LoadedDocument(fp, index, ordinal++, item, `/items/${i}`));
      });
    } else {
      const doc = new LoadedDocument(fp, index, ordinal++, value, "");
      if (spans) {
        doc.span = [spans[2 * index]!, spans[2 * index + 1]!];
        doc.source = sourceOf;
      }
      documents.push(doc);
    }
  }
  return { documents, diagnostics, path: "fast" };
}
