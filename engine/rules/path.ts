/**
 * The JSONPath subset rule conditions may use in `path`, evaluated exactly as json-rules-engine 7's
 * default path resolver (jsonpath-plus 10, `wrap: false`) evaluates it.
 *
 * Accepted: `$` followed by any number of segments, each one of
 *   - `.name`       name = [A-Za-z_][A-Za-z0-9_]*
 *   - `['key']`     key = 1-253 characters from [A-Za-z0-9_./-] and space (label keys, annotation keys)
 *   - `[n]`         n = 0 or a positive integer without leading zeros
 * Everything else (wildcards, filters, recursive descent, slices, unions, negative indexes, `$..`,
 * scripts) is refused at load, because it is either not a single-value path or not portable.
 *
 * Resolution semantics mirrored from jsonpath-plus: each step reads an *own* property only (so
 * `__proto__`/`constructor` are plain data, never the prototype), of any truthy value — strings
 * included (`$.name.length` is a string's length, `$.s[0]` its first character), and the empty
 * string, 0 and false have no properties. A missing step yields `undefined`. json-rules-engine's
 * almanac applies the path only when the fact value is a non-null object; otherwise the fact value
 * itself is the result (see almanac.js `factValue`).
 */

const SEGMENT = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['([A-Za-z0-9_./ -]{1,253})'\]|\[(0|[1-9][0-9]{0,8})\])/;

/** Parse a path of the accepted subset into property keys; `undefined` when it is outside the subset. */
export function parsePath(path: string): string[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const keys: string[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    keys.push((m[1] ?? m[2] ?? m[3])!);
    rest = rest.slice(m[0].length);
  }
  return keys;
}

/** How to write an accepted path; used in load diagnostics. */
export const PATH_HELP =
  "use $.a.b, $.a[0] or $['key.with/dots'] (wildcards, filters, slices and '..' are not supported)";

/** Read `keys` from `root` with jsonpath-plus's own-property semantics. */
export function walkPath(root: unknown, keys: readonly string[]): unknown {
  let cur: unknown = root;
  for (const k of keys) {
    // jsonpath-plus: `val && hasOwnProp(val, loc)`; primitives are boxed by hasOwnProperty.
    if (!cur || !Object.hasOwn(Object(cur), k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** json-rules-engine almanac semantics: apply the path only to non-null objects. */
export function resolveFactPath(factValue: unknown, keys: readonly string[] | undefined): unknown {
  if (keys === undefined) return factValue;
  if (factValue !== null && typeof factValue === "object") return walkPath(factValue, keys);
  return factValue;
}
