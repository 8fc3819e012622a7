/**
 * `matchesRegex`: the fact is a string matched (unanchored, like Go's regexp.MatchString) by the
 * value, a pattern fixed in the rule file.
 *
 * Rule files are untrusted, so patterns must be safe from catastrophic backtracking; the policy is
 * checked at load (and again on first use):
 * - at most 256 characters, valid with the `u` flag;
 * - no backreferences (`\1`, `\k<n>`) and no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`);
 * - star height 1: no repeating quantifier (`*`, `+`, `{n,m}` with m > 1) applied to a group that
 *   itself contains a quantifier or an alternation — this excludes `(a+)+`, `(a|a)*`, `(\w+\s?)*`,
 *   `(a|aa){20}` and every other exponential pattern (an optional group such as the DNS-label
 *   pattern's `([-a-z0-9]*[a-z0-9])?` is fine);
 * - at most 4 unbounded quantifiers (`*`, `+`, `{n,}`), which bounds the remaining polynomial cost.
 * Matching uses V8's linear-time engine (engine/model/linear-regex.ts) whenever it can run the
 * pattern, so the polynomial patterns the policy lets through (`a*a*a*a*b`) match in linear time;
 * patterns it cannot run (bounded repetition above 16) may have at most one unbounded quantifier.
 * A non-string fact never matches. Value references (`{fact: ...}`) are refused: the pattern must be
 * known at load time.
 */
import { linearRegExp, linearRegExpProblem } from "../../model/linear-regex.js";
import type { OperatorDefinition } from "./types.js";

const MAX_LENGTH = 256;
const MAX_UNBOUNDED = 4;

/** Why a pattern is refused, or undefined when it is safe. */
export function unsafeRegexReason(pattern: unknown): string | undefined {
  if (typeof pattern !== "string") return "matchesRegex needs a string pattern";
  if (pattern.length > MAX_LENGTH) return `pattern is longer than ${MAX_LENGTH} characters`;
  try {
    new RegExp(pattern, "u");
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
  // Scan once, tracking for each open group whether it contains a quantifier or an alternation.
  const stack: { inner: boolean }[] = [];
  let lastAtomWasRiskyGroup = false;
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (/[1-9]/.test(n) || n === "k") return "backreferences are not allowed";
      i++;
      lastAtomWasRiskyGroup = false;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      lastAtomWasRiskyGroup = false;
      continue;
    }
    if (c === "(") {
      if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return "lookahead/lookbehind is not allowed";
      stack.push({ inner: false });
      lastAtomWasRiskyGroup = false;
      // group modifiers are not quantifiers: (?:...) and (?<name>...)
      if (pattern[i + 1] === "?") {
        const named = /^\(\?<[A-Za-z_][A-Za-z0-9_]*>/.exec(pattern.slice(i));
        i += named ? named[0].length - 1 : 2;
      }
      continue;
    }
    if (c === ")") {
      const g = stack.pop();
      lastAtomWasRiskyGroup = g?.inner ?? false;
      if (lastAtomWasRiskyGroup && stack.length > 0) stack[stack.length - 1]!.inner = true;
      continue;
    }
    if (c === "|") {
      if (stack.length > 0) stack[stack.length - 1]!.inner = true;
      continue;
    }
    const brace = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) : null;
    if (c === "*" || c === "+" || c === "?" || brace) {
      // Repeating (more than once) a group that has its own quantifier or alternation is what makes
      // backtracking exponential; an optional group (`?`, {0,1}) is not repetition.
      const max = brace
        ? brace[2] === undefined
          ? Number(brace[1])
          : brace[3] === ""
            ? Infinity
            : Number(brace[3])
        : c === "?"
          ? 1
          : Infinity;
      if (lastAtomWasRiskyGroup && max > 1) {
        return "nested quantifiers (a repeated group containing a quantifier or |) are not allowed";
      }
      if (c === "*" || c === "+" || (brace && brace[2] !== undefined && brace[3] === "")) unbounded++;
      if (unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} unbounded quantifiers (*, +, {n,})`;
      for (const g of stack) g.inner = true;
      if (brace) i += brace[0].length - 1;
      // a lazy/possessive suffix is part of this quantifier
      if (pattern[i + 1] === "?") i++;
      lastAtomWasRiskyGroup = false;
      continue;
    }
    lastAtomWasRiskyGroup = false;
  }
  // V8's linear-time engine runs most patterns (not bounded repetition above 16, e.g. [a-f0-9]{64});
  // for those it cannot run, keep backtracking polynomial of degree 1.
  if (unbounded > 1 && linearRegExpProblem(pattern) !== undefined) {
    return "more than one unbounded quantifier (*, +, {n,}) in a pattern with large bounded repetition";
  }
  return undefined;
}

/**
 * Compile a pattern from an untrusted file: `null` when the policy refuses it, otherwise a RegExp
 * that runs on the linear-time engine when V8 can, or (bounded repetition above 16) on the ordinary
 * engine, where the policy keeps matching polynomial of degree at most 1.
 */
export function compileUntrustedPattern(pattern: string): RegExp | null {
  if (unsafeRegexReason(pattern) !== undefined) return null;
  return linearRegExpProblem(pattern) === undefined ? linearRegExp(pattern) : new RegExp(pattern, "u");
}

const compiled = new Map<string, RegExp | null>();

function regexFor(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = compileUntrustedPattern(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** matchesRegex. */
export const REGEX_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: "matchesRegex",
    description: "the fact (a string) matches the value (a safe regular expression, unanchored)",
    builtin: false,
    literalOnly: true,
    evaluate: (a, b) => {
      if (typeof a !== "string" || typeof b !== "string") return false;
      const re = regexFor(b);
      return re?.test(a) === true;
    },
    checkValue: unsafeRegexReason,
    compile: (b) => {
      const re = typeof b === "string" ? regexFor(b) : null;
      if (re === null) return () => false;
      return (a) => typeof a === "string" && re.test(a);
    },
  },
];
