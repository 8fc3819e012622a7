/**
 * JSON texts (kubeconform fixtures, `kubectl get -o json` output) read with JSON.parse. A JSON
 * text is one YAML flow collection, and js-yaml 4.1.0 with CORE_SCHEMA builds the same value from
 * it — double-quoted strings with JSON's escapes, numbers through the int/float types, true,
 * false, null, `__proto__` as an own property — with one difference: js-yaml refuses a duplicate
 * key, JSON.parse keeps the last. Duplicates are ruled out by counting: every member of an object
 * in the text has one `:` outside strings, so without duplicates the text's colons are exactly
 * the members plus the colons inside the parsed strings (fewer survive when a duplicate was
 * dropped). Anything else — tabs, CR, a BOM, `\u003a` escapes, long digit runs (js-yaml's
 * parseInt may round differently past 20 digits), deep nesting — is left to js-yaml.
 */

/** Deepest nesting read here (js-yaml recurses per level; deeper texts keep its behaviour). */
const MAX_DEPTH = 64;

/** Texts left to js-yaml: tab, CR, BOM, an escaped colon, 16 or more digits in a row. */
const LEFT_TO_JS_YAML = /[\t\r\uFEFF]|\\u003[aA]|[0-9]{16}/;

interface Tally {
  members: number;
  colons: number;
}

function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(":"); i !== -1; i = s.indexOf(":", i + 1)) n++;
  return n;
}

/** Count object members and colons inside strings; false when nesting is too deep. */
function tally(v: unknown, depth: number, t: Tally): boolean {
  if (typeof v === "string") {
    t.colons += colonsIn(v);
    return true;
  }
  if (v === null || typeof v !== "object") return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!tally(x, depth + 1, t)) return false;
    return true;
  }
  for (const k of Object.keys(v)) {
    t.members++;
    t.colons += colonsIn(k);
    if (!tally((v as Record<string, unknown>)[k], depth + 1, t)) return false;
  }
  return true;
}

/** The single document js-yaml's loadAll (CORE_SCHEMA) would return for a JSON text, or undefined. */
export function jsonLoadAll(text: string): unknown[] | undefined {
  let i = 0;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x0a) i++;
  const first = text.charCodeAt(i);
  if (first !== 0x7b && first !== 0x5b) return undefined;
  if (LEFT_TO_JS_YAML.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const t: Tally = { members: 0, colons: 0 };
  if (!tally(value, 0, t)) return undefined;
  if (t.members + t.colons !== colonsIn(text)) return undefined;
  return [value];
}
