/**
 * Scalar helpers of the fast block-YAML reader (fast-yaml.ts), each mirroring the js-yaml 4.1.0
 * loader function named in its comment (node_modules/js-yaml/lib/loader.js) so the fast reader
 * builds exactly the values js-yaml builds with CORE_SCHEMA. Anything outside what they handle
 * throws BAIL: the caller then parses the text with js-yaml itself.
 */
import jsyaml from "js-yaml";

/** Thrown (never escapes fast-yaml.ts) when the text is outside the fast reader's subset. */
export const BAIL: unique symbol = Symbol("fast-yaml: not in the subset");

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** CORE_SCHEMA's implicit types in js-yaml's order (null, bool, int, float), as composeNode tries them. */
const IMPLICIT = (jsyaml.CORE_SCHEMA as unknown as { compiledImplicit: readonly ImplicitType[] }).compiledImplicit;

/**
 * Whether a plain scalar starting with this character can only be a string: every CORE_SCHEMA
 * implicit type needs a first character in `~nNtTfF+-.0-9` (null, bool, int, float).
 */
function onlyString(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return false; // 0-9
  return !(
    c === 0x7e || // ~
    c === 0x6e || // n
    c === 0x4e || // N
    c === 0x74 || // t
    c === 0x54 || // T
    c === 0x66 || // f
    c === 0x46 || // F
    c === 0x2b || // +
    c === 0x2d || // -
    c === 0x2e // .
  );
}

/** A plain scalar's value: composeNode's implicit resolution (tag "?") over CORE_SCHEMA. */
export function resolvePlain(s: string): unknown {
  if (onlyString(s.charCodeAt(0))) return s;
  for (const t of IMPLICIT) if (t.resolve(s)) return t.construct(s);
  return s;
}

/** Whether a plain scalar may start with `c` (readPlainScalar's first-character test, block context). */
export function plainStart(c: number, next: number): boolean {
  switch (c) {
    case 0x20: // space
    case 0x09: // tab
    case 0x0a: // LF
    case 0x0d: // CR
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return false;
    case 0x3f: // ?
    case 0x2d: // -
    case 0x3a: // : (readPlainScalar stops at once on a `:` followed by a space)
      return !(next === 0x20 || next === 0x0a || next === 0x09 || next === 0x0d || Number.isNaN(next));
    default:
      return true;
  }
}

/** simpleEscapeSequence of js-yaml: the character a one-letter escape stands for, or "". */
function simpleEscape(c: number): string {
  switch (c) {
    case 0x30:
      return "\x00";
    case 0x61:
      return "\x07";
    case 0x62:
      return "\x08";
    case 0x74:
    case 0x09:
      return "\x09";
    case 0x6e:
      return "\x0A";
    case 0x76:
      return "\x0B";
    case 0x66:
      return "\x0C";
    case 0x72:
      return "\x0D";
    case 0x65:
      return "\x1B";
    case 0x20:
      return " ";
    case 0x22:
      return '"';
    case 0x2f:
      return "/";
    case 0x5c:
      return "\\";
    case 0x4e:
      return "\x85";
    case 0x5f:
      return "\xA0";
    case 0x4c:
      return "\u2028";
    case 0x50:
      return "\u2029";
    default:
      return "";
  }
}

/** `n` line breaks (common.repeat("\n", n) in js-yaml). */
function breaks(n: number): string {
  return n === 0 ? "" : n === 1 ? "\n" : "\n".repeat(n);
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** One-line quoted scalar result: the value and the offset just past the closing quote. */
export interface Quoted {
  value: string;
  end: number;
}

/**
 * A double-quoted scalar that closes on its line (readDoubleQuotedScalar without line folding):
 * escapes as js-yaml reads them; a line break inside, or a bad escape, bails.
 */
export function doubleQuoted(text: string, start: number): Quoted {
  let out = "";
  let seg = start + 1;
  let i = seg;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      return { value: out + text.slice(seg, i), end: i + 1 };
    }
    if (c === 0x0a || Number.isNaN(c)) throw BAIL;
    if (c !== 0x5c) {
      i++;
      continue;
    }
    out += text.slice(seg, i);
    const e = text.charCodeAt(i + 1);
    const simple = simpleEscape(e);
    if (simple !== "") {
      out += simple;
      i += 2;
    } else {
      const len = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
      if (len === 0) throw BAIL;
      let code = 0;
      for (let k = 0; k < len; k++) {
        const h = hexDigit(text.charCodeAt(i + 2 + k));
        if (h < 0) throw BAIL;
        code = code * 16 + h;
      }
      if (code > 0x10ffff) throw BAIL;
      out +=
        code <= 0xffff
          ? String.fromCharCode(code)
          : String.fromCharCode(((code - 0x10000) >> 10) + 0xd800, ((code - 0x10000) & 0x3ff) + 0xdc00);
      i += 2 + len;
    }
    seg = i;
  }
}

/** A single-quoted scalar that closes on its line (readSingleQuotedScalar without folding): `''` is `'`. */
export function singleQuoted(text: string, start: number): Quoted {
  let out = "";
  let seg = start + 1;
  let i = seg;
  for (;;) {
    const q = text.indexOf("'", i);
    const nl = text.indexOf("\n", i);
    if (q === -1 || (nl !== -1 && nl < q)) throw BAIL;
    if (text.charCodeAt(q + 1) === 0x27) {
      out += text.slice(seg, q + 1);
      seg = i = q + 2;
      continue;
    }
    return { value: out + text.slice(seg, q), end: q + 1 };
  }
}

/** Line break plus n spaces, by n. */
const INDENTS: string[] = [];

/**
 * The common literal body — lines that start with the first line's indentation n (more is
 * content) and empty lines — as the loop below reads it, but with one compare per line and one
 * native replace instead of a slice and two pushes per line. Undefined otherwise (a line of fewer
 * than n spaces and nothing else, a first line that is empty or not past its owner): the loop
 * reads it.
 */
function literalBody(
  text: string,
  lineStart: number,
  nodeIndent: number,
  chomping: 0 | 1 | 2,
): { value: string; next: number } | undefined {
  let i = lineStart;
  while (text.charCodeAt(i) === 0x20) i++;
  const n = i - lineStart;
  if (n === 0 || n <= nodeIndent || i >= text.length || text.charCodeAt(i) === 0x0a) return undefined;
  let nl = INDENTS[n];
  if (nl === undefined) {
    nl = `\n${" ".repeat(n)}`;
    INDENTS[n] = nl;
  }
  // The text ends with a line break (fast-yaml.ts adds one), so every line has one.
  let eol = text.indexOf("\n", i);
  /** The line break ending the last line with content, and the empty lines after it. */
  let last = eol;
  let empty = 0;
  for (;;) {
    const p = eol + 1;
    if (text.startsWith(nl, eol)) {
      if (text.charCodeAt(p + n) === 0x0a) {
        empty++; // exactly n spaces: an empty line
        eol = p + n;
      } else {
        eol = text.indexOf("\n", p + n);
        last = eol;
        empty = 0;
      }
      continue;
    }
    if (text.charCodeAt(p) === 0x0a) {
      empty++;
      eol = p;
      continue;
    }
    let j = p;
    while (text.charCodeAt(j) === 0x20) j++;
    // Fewer than n spaces and a line break: empty, but the replace below would keep its spaces.
    if (j < text.length && text.charCodeAt(j) === 0x0a) return undefined;
    // A less indented line (or the end of the text) ends the body; chomping takes the empty lines.
    const body = text.slice(i, last).replaceAll(nl, "\n");
    const value = chomping === 1 ? body : chomping === 0 ? `${body}\n` : body + "\n".repeat(1 + empty);
    return { value, next: p };
  }
}

/**
 * The body of a block scalar (readBlockScalar, ported statement by statement): `lineStart` is the
 * line after the header, `nodeIndent` the indentation js-yaml passes (owner's indent + 1).
 * Returns the value and the start of the line that ended it.
 */
export function blockScalarBody(
  text: string,
  lineStart: number,
  nodeIndent: number,
  folding: boolean,
  chomping: 0 | 1 | 2,
): { value: string; next: number } {
  // chomping: 0 clip, 1 strip, 2 keep.
  if (!folding) {
    const literal = literalBody(text, lineStart, nodeIndent, chomping);
    if (literal !== undefined) return literal;
  }
  const len = text.length;
  // Parts joined once at the end: one flat string, not a rope of a node per line (a CRD holds
  // thousands of descriptions, and every rope node is one more object for the garbage collector).
  const parts: string[] = [];
  let didReadContent = false;
  let detectedIndent = false;
  let textIndent = nodeIndent;
  let emptyLines = 0;
  let atMoreIndented = false;
  let p = lineStart;
  for (;;) {
    let i = p;
    let lineIndent = 0;
    while ((!detectedIndent || lineIndent < textIndent) && text.charCodeAt(i) === 0x20) {
      lineIndent++;
      i++;
    }
    if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
    const ch = i < len ? text.charCodeAt(i) : 0;
    if (ch === 0x0a) {
      emptyLines++;
      p = i + 1;
      continue;
    }
    if (lineIndent < textIndent) {
      if (chomping === 2) parts.push(breaks(didReadContent ? 1 + emptyLines : emptyLines));
      else if (chomping === 0 && didReadContent) parts.push("\n");
      return { value: parts.length === 1 ? parts[0]! : parts.join(""), next: p };
    }
    if (folding) {
      if (ch === 0x20 || ch === 0x09) {
        atMoreIndented = true;
        parts.push(breaks(didReadContent ? 1 + emptyLines : emptyLines));
      } else if (atMoreIndented) {
        atMoreIndented = false;
        parts.push(breaks(emptyLines + 1));
      } else if (emptyLines === 0) {
        if (didReadContent) parts.push(" ");
      } else {
        parts.push(breaks(emptyLines));
      }
    } else {
      parts.push(breaks(didReadContent ? 1 + emptyLines : emptyLines));
    }
    didReadContent = true;
    detectedIndent = true;
    emptyLines = 0;
    // The text ends with a line break (fast-yaml.ts adds one, as js-yaml does).
    const eol = text.indexOf("\n", i);
    parts.push(text.slice(i, eol));
    p = eol + 1;
  }
}
