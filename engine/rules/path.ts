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

const PROTOTYPES: readonly object[] = [
  Object.prototype,
  Array.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
];

/**
 * Whether reading `key` from plain data could find something that is not an own property (or an
 * own property jsonpath-plus would not see, like the length of ""). Only such keys need the slow,
 * exact own-property check; for all others `value[key]` is already exact.
 */
export function needsOwnCheck(key: string): boolean {
  return PROTOTYPES.some((p) => key in p);
}

type Step = (cur: unknown) => unknown;

function stepFor(key: string): Step {
  if (needsOwnCheck(key))
    return (cur) => (cur && Object.hasOwn(Object(cur), key) ? (cur as Record<string, unknown>)[key] : undefined);
  // Falsy values (0, "", false) have no properties under a key no prototype defines.
  return (cur) => (cur == null ? undefined : (cur as Record<string, unknown>)[key]);
}

/** A fast resolver with exactly `resolveFactPath(value, keys)`'s semantics, built once per condition. */
export function compilePath(keys: readonly string[]): (factValue: unknown) => unknown {
  const steps = keys.map(stepFor);
  const isObj = (v: unknown): boolean => v !== null && typeof v === "object";
  switch (steps.length) {
    case 0:
      return (v) => v;
    case 1: {
      const [a] = steps as [Step];
      return (v) => (isObj(v) ? a(v) : v);
    }
    case 2: {
      const [a, b] = steps as [Step, Step];
      return (v) => (isObj(v) ? b(a(v)) : v);
    }
    case 3: {
      const [a, b, c] = steps as [Step, Step, Step];
      return (v) => (isObj(v) ? c(b(a(v))) : v);
    }
    case 4: {
      const [a, b, c, d] = steps as [Step, Step, Step, Step];
      return (v) => (isObj(v) ? d(c(b(a(v)))) : v);
    }
    default:
      return (v) => {
        if (!isObj(v)) return v;
        let cur: unknown = v;
        for (const s of steps) cur = s(cur);
        return cur;
      };
  }
}
