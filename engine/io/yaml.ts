/**
 * YAML/JSON stream parsing with source positions and resource limits.
 *
 * Uses the `yaml` package because it keeps node ranges (so any later diagnostic can point at the
 * exact field), refuses alias bombs (maxAliasCount) and reports duplicate keys. Values are plain
 * data: keys like `__proto__` become own properties, never prototypes.
 */
import { Composer, type CST, type Document, isAlias, isMap, isScalar, isSeq, LineCounter, Parser } from "yaml";
import type { Diagnostic, Position } from "../model/diagnostic.js";
import { parsePointer } from "../model/pointer.js";

/** Limits applied to every document; exceeding one yields a diagnostic, never a crash. */
export interface ParseLimits {
  /** Largest accepted input, in bytes. */
  maxBytes: number;
  /** Alias expansions allowed per document (yaml's resource-exhaustion guard). */
  maxAliasCount: number;
  /** Deepest accepted nesting of collections. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = {
  maxBytes: 64 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 200,
};

/** One parsed document of a stream, with a way back to its source positions. */
export interface SourceDocument {
  /** The file as given on the command line ("-" for stdin). */
  file: string;
  /** Index of the document in its stream (0-based). */
  index: number;
  /** Plain JSON-like value. */
  value: unknown;
  /** Pointer of this document inside the parsed stream document ("" or "/items/3" for List items). */
  basePointer: string;
  /** Position of the value at `pointer` (relative to `value`), or of its nearest existing ancestor. */
  positionOf(pointer: string): Position;
  /** Position of the key naming the member at `pointer`; the value position for array items. */
  keyPositionOf(pointer: string): Position;
  /**
   * The document's own source text, when the loader can give it cheaply: equal texts parse to
   * equal values, so it keys caches of what is derived from the value (compiled CRD schemas).
   */
  source?: () => string;
}

/** A parse problem, tied to the document it belongs to (if any). */
export interface ParseResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

const PARSE_RULE = "yaml-parse";

function diag(file: string, pos: Position, message: string, fix: string, messageId = "syntax"): Diagnostic {
  return { ruleId: PARSE_RULE, messageId, severity: "error", message, file, line: pos.line, column: pos.column, fix };
}

/** The finding for a mapping key that repeats a key of its mapping (the document is still checked). */
export function duplicateKeyDiagnostic(file: string, pos: Position): Diagnostic {
  return diag(
    file,
    pos,
    "duplicate mapping key",
    "remove the repeated key; YAML mapping keys must be unique and Kubernetes would silently keep only one",
    "duplicate-key",
  );
}

/**
 * Column past which a line's leading indentation and compact "- "/"? " indicators mean block
 * nesting deep enough to overflow the stack of yaml's Parser (its pop() recurses once per open
 * block collection; about 2,000 levels overflow). Block depth is at most 2 × column + 2, so 500
 * keeps the Parser far from that, and no real manifest comes near it.
 */
const MAX_BLOCK_COLUMN = 500;
const DOC_MARKER = /^(?:---|\.\.\.)(?:[ \t\r]|$)/;
const LEADING = /^[ ]*(?:[-?][ ]+)*/;

/**
 * Comment out (keeping offsets and line breaks) every document whose block nesting is too deep for
 * yaml's Parser, before it runs; returns the text to parse and where each blanked document went too deep.
 */
function blankDeepBlocks(text: string): { text: string; deep: number[] } {
  const deep: number[] = [];
  const ranges: Array<[number, number]> = [];
  let chunkStart = 0;
  let flagged = false;
  let offset = 0;
  while (offset < text.length) {
    let end = text.indexOf("\n", offset);
    if (end < 0) end = text.length;
    const line = text.slice(offset, Math.min(end, offset + MAX_BLOCK_COLUMN + 64));
    if (DOC_MARKER.test(line)) {
      if (flagged) ranges.push([chunkStart, offset]);
      chunkStart = end + 1;
      flagged = false;
    } else if (!flagged && (LEADING.exec(line)?.[0].length ?? 0) > MAX_BLOCK_COLUMN) {
      flagged = true;
      deep.push(offset + MAX_BLOCK_COLUMN);
    }
    offset = end + 1;
  }
  if (flagged) ranges.push([chunkStart, text.length]);
  if (ranges.length === 0) return { text, deep };
  let out = "";
  let last = 0;
  for (const [from, to] of ranges) {
    // Each line becomes a comment: offsets and line breaks stay, and the lexer skips a comment in one step.
    out += text.slice(last, from) + text.slice(from, to).replace(/^[^\r\n]/gm, "#");
    last = to;
  }
  return { text: out + text.slice(last), deep };
}

/**
 * Characters YAML does not allow in a stream (outside the printable set of YAML 1.2 §5.1, which
 * go-yaml enforces, so kubectl refuses them): C0 controls but tab/LF/CR, DEL, C1 controls but NEL,
 * and U+FFFE/U+FFFF. Their presence usually means a binary file.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\x80-\x84\x86-\x9F\uFFFE\uFFFF]/g;

/** Offsets of the first few non-printable characters. */
function nonPrintableOffsets(text: string, max = 1000): number[] {
  const out: number[] = [];
  NON_PRINTABLE.lastIndex = 0;
  for (let m = NON_PRINTABLE.exec(text); m && out.length < max; m = NON_PRINTABLE.exec(text)) out.push(m.index);
  return out;
}

/**
 * Where a CST document first nests collections deeper than `max`, or undefined. Iterative: the CST
 * comes from yaml's Parser, which keeps its own stack, so this runs before yaml's recursive Composer
 * ever sees the document (a recursion 10k levels deep overflows the stack, and an overflow inside
 * V8's lazy regex compilation kills the process outright instead of throwing).
 */
function cstTooDeep(doc: CST.Document, max: number): number | undefined {
  const stack: Array<[unknown, number]> = [[doc.value, 0]];
  while (stack.length > 0) {
    const [t, d] = stack.pop()!;
    if (!t || typeof t !== "object") continue;
    const items = (t as { items?: unknown }).items;
    if (!Array.isArray(items)) continue;
    if (d + 1 > max) return (t as { offset?: number }).offset ?? doc.offset;
    for (const item of items as Array<{ key?: unknown; value?: unknown }>) {
      if (item.key) stack.push([item.key, d + 1]);
      if (item.value) stack.push([item.value, d + 1]);
    }
  }
  return undefined;
}

/**
 * Whether a parsed value nests deeper than `max` or contains itself (a recursive alias such as
 * `&a [*a]`), which would make every later walk loop or overflow. Iterative; each object's depth is
 * memoised, so values shared through aliases are measured once.
 */
function valueShape(root: unknown, max: number): "too-deep" | "cyclic" | undefined {
  const depth = new Map<object, number>();
  const onPath = new Set<object>();
  const stack: Array<[object, boolean]> = [];
  if (root !== null && typeof root === "object") stack.push([root, false]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const o = top[0];
    const kids = Object.values(o).filter((v): v is object => v !== null && typeof v === "object");
    if (!top[1]) {
      if (depth.has(o)) {
        stack.pop();
        continue;
      }
      top[1] = true;
      onPath.add(o);
      for (const k of kids) {
        if (onPath.has(k)) return "cyclic";
        if (!depth.has(k)) stack.push([k, false]);
      }
      continue;
    }
    stack.pop();
    onPath.delete(o);
    let deepest = 0;
    for (const k of kids) deepest = Math.max(deepest, depth.get(k) ?? 0);
    if (deepest + 1 > max) return "too-deep";
    depth.set(o, deepest + 1);
  }
  return undefined;
}

function childNode(
  node: unknown,
  seg: string,
  doc: { resolveAlias(n: unknown): unknown },
): { key?: unknown; value: unknown } | undefined {
  const n = doc.resolveAlias(node);
  if (isMap(n)) {
    for (const item of n.items) {
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (k === seg) return { key: item.key, value: item.value };
    }
    return undefined;
  }
  if (isSeq(n)) {
    const i = Number(seg);
    if (!Number.isInteger(i) || i < 0 || i >= n.items.length) return undefined;
    return { value: n.items[i] };
  }
  return undefined;
}

function rangeStart(n: unknown): number | undefined {
  if (n && typeof n === "object" && "range" in n) {
    const r = (n as { range?: [number, number, number] }).range;
    if (r) return r[0];
  }
  return undefined;
}

/**
 * Parse a multi-document YAML (or JSON) stream. Empty documents are skipped; `*List` kinds with an
 * `items` array are unwrapped into one document per item. Parse errors become diagnostics and the
 * remaining documents are still returned.
 */
export function parseStream(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  if (Buffer.byteLength(text, "utf8") > limits.maxBytes) {
    diagnostics.push(
      diag(
        file,
        { line: 1, column: 1 },
        `input is larger than ${limits.maxBytes} bytes`,
        "split the input into smaller files",
        "too-large",
      ),
    );
    return { documents, diagnostics };
  }
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Position => {
    if (offset === undefined) return { line: 1, column: 1 };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const tooDeep = (offset: number | undefined): Diagnostic =>
    diag(
      file,
      at(offset),
      `document nests deeper than ${limits.maxDepth} levels`,
      "Kubernetes objects are never this deep; check for generated or malicious input",
      "too-deep",
    );
  // parseAllDocuments, unrolled so that a too-deep document is emptied before the recursive Composer sees it.
  const deepDocs = new Map<number, Diagnostic>();
  const safe = blankDeepBlocks(text);
  let docs: Document.Parsed[];
  let streamErrors: Array<{ code: string; message: string; pos: [number, number] }> = [];
  try {
    const composer = new Composer({ uniqueKeys: true, prettyErrors: false, strict: true, merge: true });
    const tokens = function* (): Generator<CST.Token> {
      let n = 0;
      for (const token of new Parser(lineCounter.addNewLine).parse(safe.text)) {
        if (token.type === "document") {
          const deep = cstTooDeep(token, limits.maxDepth);
          if (deep !== undefined) {
            deepDocs.set(n, tooDeep(deep));
            delete token.value;
          }
          n++;
        }
        yield token;
      }
    };
    docs = Array.from(composer.compose(tokens())) as Document.Parsed[];
    if (docs.length === 0) streamErrors = composer.streamInfo().errors;
  } catch (e) {
    const message = e instanceof RangeError ? "document is nested too deeply to parse" : `cannot parse: ${String(e)}`;
    diagnostics.push(diag(file, { line: 1, column: 1 }, message, "check the YAML structure", "unparseable"));
    return { documents, diagnostics };
  }
  // Positions only after the Parser has seen every line break.
  for (const offset of safe.deep) diagnostics.push(tooDeep(offset));
  for (const err of streamErrors) {
    diagnostics.push(diag(file, at(err.pos[0]), err.message.split("\n")[0]!, "fix the YAML syntax at this position"));
  }
  const controls = nonPrintableOffsets(text);
  let index = 0;
  for (const doc of docs) {
    const docIndex = index++;
    const deep = deepDocs.get(docIndex);
    if (deep) {
      diagnostics.push(deep);
      continue;
    }
    const [docStart, , docEnd] = doc.range;
    const bad = controls.find((o) => o >= docStart && o < docEnd);
    if (bad !== undefined) {
      const code = text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, "0");
      diagnostics.push(
        diag(
          file,
          at(bad),
          `control character U+${code} is not allowed in YAML (is this a binary file?)`,
          "remove the character, or pass only YAML/JSON text files",
          "control-character",
        ),
      );
      continue;
    }
    let fatal = false;
    for (const err of doc.errors) {
      if (err.code === "DUPLICATE_KEY") {
        diagnostics.push(duplicateKeyDiagnostic(file, at(err.pos[0])));
        continue;
      }
      fatal = true;
      diagnostics.push(diag(file, at(err.pos[0]), err.message.split("\n")[0]!, "fix the YAML syntax at this position"));
    }
    if (fatal) continue;
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (e) {
      const alias = e instanceof ReferenceError || /alias/i.test(String(e));
      diagnostics.push(
        diag(
          file,
          at(rangeStart(doc.contents)),
          alias
            ? `document expands too many aliases (more than ${limits.maxAliasCount}); refusing a possible alias bomb`
            : `cannot read document: ${String((e as Error).message ?? e)}`,
          alias ? "remove the YAML anchors/aliases or expand them by hand" : "check the YAML structure",
          alias ? "alias-bomb" : "unreadable",
        ),
      );
      continue;
    }
    if (value === null || value === undefined) continue;
    const shape = valueShape(value, limits.maxDepth);
    if (shape === "too-deep") {
      diagnostics.push(tooDeep(rangeStart(doc.contents)));
      continue;
    }
    if (shape === "cyclic") {
      diagnostics.push(
        diag(
          file,
          at(rangeStart(doc.contents)),
          "document contains itself through a YAML alias",
          "replace the recursive alias with the data it stands for",
          "cyclic",
        ),
      );
      continue;
    }
    const resolver = {
      resolveAlias(n: unknown): unknown {
        return isAlias(n) ? n.resolve(doc) : n;
      },
    };
    const locate = (pointer: string, wantKey: boolean): Position => {
      let node: unknown = doc.contents;
      let last: number | undefined = rangeStart(node);
      let segs: string[];
      try {
        segs = parsePointer(pointer);
      } catch {
        return at(last);
      }
      for (let i = 0; i < segs.length; i++) {
        const c = childNode(node, segs[i]!, resolver);
        if (!c) return at(last);
        const isLast = i === segs.length - 1;
        const start =
          isLast && wantKey && c.key !== undefined ? rangeStart(c.key) : (rangeStart(c.value) ?? rangeStart(c.key));
        if (start !== undefined) last = start;
        node = c.value;
      }
      return at(last);
    };
    const makeDoc = (v: unknown, base: string): SourceDocument => ({
      file,
      index: docIndex,
      value: v,
      basePointer: base,
      positionOf: (p) => locate(base + p, false),
      keyPositionOf: (p) => locate(base + p, true),
    });
    const obj = value as Record<string, unknown>;
    if (
      typeof value === "object" &&
      !Array.isArray(value) &&
      typeof obj.kind === "string" &&
      obj.kind.endsWith("List") &&
      Array.isArray(obj.items)
    ) {
      obj.items.forEach((item, i) => {
        if (item !== null && item !== undefined) documents.push(makeDoc(item, `/items/${i}`));
      });
      continue;
    }
    documents.push(makeDoc(value, ""));
  }
  return { documents, diagnostics };
}
