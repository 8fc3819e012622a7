/**
 * YAML/JSON stream parsing with source positions and resource limits.
 *
 * Uses the `yaml` package because it keeps node ranges (so any later diagnostic can point at the
 * exact field), refuses alias bombs (maxAliasCount) and reports duplicate keys. Values are plain
 * data: keys like `__proto__` become own properties, never prototypes.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
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

/** Depth of the deepest collection in the AST, computed without recursion. */
function astDepthExceeds(root: Node | null | undefined, max: number): boolean {
  if (!root) return false;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (isMap(n) || isSeq(n)) {
      if (d > max) return true;
      for (const item of n.items) {
        if (isPair(item)) {
          stack.push([item.key, d + 1]);
          stack.push([item.value, d + 1]);
        } else stack.push([item, d + 1]);
      }
    }
  }
  return false;
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
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (e) {
    const message = e instanceof RangeError ? "document is nested too deeply to parse" : `cannot parse: ${String(e)}`;
    diagnostics.push(diag(file, { line: 1, column: 1 }, message, "check the YAML structure", "unparseable"));
    return { documents, diagnostics };
  }
  const docs = Array.isArray(parsed) ? parsed : [];
  if (!Array.isArray(parsed)) {
    // An EmptyStream: nothing to do.
  }
  let index = 0;
  for (const doc of docs) {
    const docIndex = index++;
    let fatal = false;
    for (const err of doc.errors) {
      const isDup = err.code === "DUPLICATE_KEY";
      if (!isDup) fatal = true;
      const fix = isDup
        ? "remove the repeated key; YAML mapping keys must be unique and Kubernetes would silently keep only one"
        : "fix the YAML syntax at this position";
      diagnostics.push(
        diag(
          file,
          at(err.pos[0]),
          isDup ? "duplicate mapping key" : err.message.split("\n")[0]!,
          fix,
          isDup ? "duplicate-key" : "syntax",
        ),
      );
    }
    if (fatal) continue;
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    if (astDepthExceeds(doc.contents, limits.maxDepth)) {
      diagnostics.push(
        diag(
          file,
          at(rangeStart(doc.contents)),
          `document nests deeper than ${limits.maxDepth} levels`,
          "Kubernetes objects are never this deep; check for generated or malicious input",
          "too-deep",
        ),
      );
      continue;
    }
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
