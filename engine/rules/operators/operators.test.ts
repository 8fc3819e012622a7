import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "json-rules-engine";
import { describe, expect, test } from "vitest";
import { EQUALITY_OPERATORS } from "./equality.js";
import { labelSelectorMatches } from "./label-selector.js";
import { MEMBERSHIP_OPERATORS } from "./membership.js";
import { NUMERIC_OPERATORS } from "./numeric.js";
import { isEmptyValue } from "./presence.js";
import { unsafeRegexReason } from "./regex.js";
import { getOperator, OPERATORS, registerOn } from "./registry.js";
import { toleratesTaint, tolerationsTolerateTaint } from "./toleration.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/rules/operators");
const table = <T>(name: string): T[] =>
  (JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as { cases: T[] }).cases;

const op = (name: string) => {
  const o = getOperator(name);
  if (!o) throw new Error(`no operator ${name}`);
  return o;
};

describe("standard operators behave exactly like json-rules-engine 7's own", () => {
  // json-rules-engine's OperatorMap: get(name).evaluate(factValue, jsonValue), validator included.
  const reference = (
    new Engine() as unknown as { operators: { get(n: string): { evaluate(a: unknown, b: unknown): boolean } } }
  ).operators;
  const values: unknown[] = [
    undefined,
    null,
    true,
    false,
    0,
    1,
    -1,
    1.5,
    Number.NaN,
    "",
    "1",
    "12abc",
    " 7",
    "abc",
    "b",
    [],
    [1],
    ["a", "b"],
    [null],
    {},
    { a: 1 },
    [5],
    { toString: "x" },
  ];
  const show = (v: unknown): string => (v === undefined ? "undefined" : Number.isNaN(v) ? "NaN" : JSON.stringify(v));
  const outcome = (f: () => boolean): string => {
    try {
      return String(f());
    } catch (e) {
      return `throws ${(e as Error).name}`;
    }
  };
  for (const def of [...EQUALITY_OPERATORS, ...MEMBERSHIP_OPERATORS, ...NUMERIC_OPERATORS]) {
    test(`${def.name} agrees on every pair of ${values.length} edge values, including when it throws`, () => {
      for (const a of values) {
        for (const b of values) {
          const mine = outcome(() => def.evaluate(a, b));
          expect(mine, `${def.name}(${show(a)}, ${show(b)})`).toBe(
            outcome(() => reference.get(def.name).evaluate(a, b)),
          );
          // mayThrow must cover every input that throws, or the compiled engine could miss an error.
          if (mine.startsWith("throws"))
            expect(def.mayThrow?.(a, b), `${def.name} mayThrow(${show(a)}, ${show(b)})`).toBe(true);
        }
      }
    });
  }

  test("the coercions kubespec mirrors are really json-rules-engine's", () => {
    expect(op("greaterThan").evaluate("12abc", 10)).toBe(false); // passes parseFloat's validator, then "12abc" > 10 is NaN > 10
    expect(op("greaterThan").evaluate(" 7", 5)).toBe(true); // Number(" 7") is 7
    expect(op("greaterThan").evaluate([7], 5)).toBe(true); // [7] → "7" → 7
    expect(op("lessThan").evaluate(null, 5)).toBe(false); // NaN fails the validator
    expect(op("lessThan").evaluate("10", "9")).toBe(true); // string comparison
    expect(op("contains").evaluate("abc", "a")).toBe(false); // a string fact never "contains"
    expect(op("doesNotContain").evaluate(undefined, "a")).toBe(false); // neither "does not contain"
    expect(op("in").evaluate(Number.NaN, [Number.NaN])).toBe(false); // indexOf uses ===
    expect(() => op("in").evaluate("a", undefined)).toThrow(TypeError);
  });
});

describe("labelSelectorMatches follows apimachinery label selectors", () => {
  const cases = table<{ source: string; selector: unknown; labels: unknown; match: boolean }>(
    "label-selector-matches.json",
  );
  test.each(cases.map((c) => [c.source, c] as const))("%s", (_source, c) => {
    expect(labelSelectorMatches(c.labels, c.selector)).toBe(c.match);
  });

  test("a selector that is not an object, or labels that are not a map, never match", () => {
    expect(labelSelectorMatches({ a: "b" }, "a=b")).toBe(false);
    expect(labelSelectorMatches(["a"], {})).toBe(false);
    expect(labelSelectorMatches({ a: "b" }, { matchLabels: { a: 1 } })).toBe(false);
    expect(labelSelectorMatches({ a: "b" }, { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] })).toBe(
      false,
    );
  });

  test("prototype-named keys are labels like any other, never inherited properties", () => {
    const labels = JSON.parse('{"constructor": "x"}');
    expect(labelSelectorMatches(labels, { matchLabels: JSON.parse('{"constructor": "x"}') })).toBe(true);
    expect(labelSelectorMatches({}, { matchExpressions: [{ key: "constructor", operator: "Exists" }] })).toBe(false);
    expect(labelSelectorMatches({}, { matchExpressions: [{ key: "toString", operator: "DoesNotExist" }] })).toBe(true);
    // "__proto__" is not a qualified name: such a selector is invalid and matches nothing.
    expect(
      labelSelectorMatches(JSON.parse('{"__proto__": "x"}'), { matchLabels: JSON.parse('{"__proto__": "x"}') }),
    ).toBe(false);
  });
});

describe("toleratesTaint follows core/v1 Toleration.ToleratesTaint", () => {
  const cases = table<{ source: string; toleration: unknown; taint: unknown; tolerated: boolean }>(
    "tolerates-taint.json",
  );
  test.each(cases.map((c) => [c.source, c] as const))("%s", (_source, c) => {
    expect(toleratesTaint(c.toleration, c.taint)).toBe(c.tolerated);
  });

  test("a list tolerates a taint when any of its tolerations does", () => {
    const taint = { key: "gpu", value: "true", effect: "NoSchedule" };
    expect(
      tolerationsTolerateTaint(
        [
          { key: "other", operator: "Exists" },
          { key: "gpu", value: "true" },
        ],
        taint,
      ),
    ).toBe(true);
    expect(tolerationsTolerateTaint([{ key: "other", operator: "Exists" }], taint)).toBe(false);
    expect(tolerationsTolerateTaint(undefined, taint)).toBe(false);
    expect(
      op("toleratesAllTaints").evaluate([{ operator: "Exists" }], [taint, { key: "x", effect: "NoExecute" }]),
    ).toBe(true);
    expect(
      op("toleratesAllTaints").evaluate(
        [{ key: "gpu", operator: "Exists" }],
        [taint, { key: "x", effect: "NoExecute" }],
      ),
    ).toBe(false);
    expect(op("toleratesAllTaints").evaluate([], [])).toBe(true);
  });
});

describe("quantity operators compare Kubernetes quantities exactly", () => {
  test.each([
    ["quantityEqual", "1Gi", "1024Mi", true],
    ["quantityEqual", "1", "1000m", true],
    ["quantityGreaterThan", "1.5", "1", true],
    ["quantityGreaterThan", "1001m", "1", true],
    ["quantityLessThan", "999m", "1", true],
    ["quantityLessThanInclusive", "1k", "1000", true],
    ["quantityGreaterThanInclusive", "1Ki", "1k", true],
    ["quantityNotEqual", "1Ki", "1k", true],
    ["quantityGreaterThan", 2, "1500m", true],
    ["quantityLessThan", "abc", "1", false],
    ["quantityNotEqual", undefined, "1", false],
    ["quantityGreaterThanInclusive", "1e3", "1k", true],
  ] as const)("%s(%s, %s) is %s", (name, a, b, want) => {
    expect(op(name).evaluate(a, b)).toBe(want);
  });
});

describe("matchesRegex only accepts patterns that cannot backtrack catastrophically", () => {
  test.each([
    ["^(a+)+$"],
    ["(a|a)*"],
    ["(\\w+\\s?)*$"],
    ["(a*)*b"],
    ["(.*a){3}"],
    ["(a|b)+c"],
    ["(x+x+)+y"],
    ["^(\\d+)*$"],
    ["(a|aa){20}"],
  ])("refuses %s", (p) => {
    expect(unsafeRegexReason(p)).toMatch(/nested quantifiers/);
  });
  test.each([
    ["(a)\\1"],
    ["(?<n>a)\\k<n>"],
    ["a(?=b)"],
    ["(?<!a)b"],
    ["x".repeat(300)],
    ["a++"],
    ["[a-"],
    ["a*b*c*d*e*f*"],
  ])("refuses %s", (p) => {
    expect(unsafeRegexReason(p)).toBeDefined();
  });
  test.each([
    ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"],
    ["^(web|db)-[0-9]{1,3}$"],
    ["(?:ab)?c"],
    ["^.*\\.example\\.com$"],
    ["^sha256:[a-f0-9]{64}$"],
  ])("accepts %s", (p) => {
    expect(unsafeRegexReason(p)).toBeUndefined();
  });

  test("matches unanchored like Go's MatchString; non-strings never match", () => {
    const m = op("matchesRegex");
    expect(m.evaluate("my-web-1", "web")).toBe(true);
    expect(m.evaluate("db", "^web")).toBe(false);
    expect(m.evaluate(5, "5")).toBe(false);
    expect(m.evaluate("aaaa", "^(a+)+$")).toBe(false); // unsafe patterns never run
  });

  test("a refused pattern cannot hang: the worst accepted pattern over a long input stays fast", () => {
    const m = op("matchesRegex");
    const started = performance.now();
    expect(m.evaluate(`${"a".repeat(5000)}!`, "^(a|b)c*d*e*$")).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("presence operators", () => {
  test("isEmpty is true for absent, null, '', [] and {}, and false for numbers and booleans", () => {
    for (const v of [undefined, null, "", [], {}]) expect(isEmptyValue(v)).toBe(true);
    for (const v of [0, false, "x", [0], { a: undefined }]) expect(isEmptyValue(v)).toBe(false);
  });
  test("the value says which outcome is wanted", () => {
    expect(op("exists").evaluate(0, true)).toBe(true);
    expect(op("exists").evaluate(null, false)).toBe(true);
    expect(op("notEmpty").evaluate("x", true)).toBe(true);
    expect(op("isEmpty").evaluate("x", "yes")).toBe(false);
  });
});

describe("the registry", () => {
  test("registers exactly the kubespec operators on json-rules-engine, keeping its built-ins", () => {
    const added: string[] = [];
    registerOn({ addOperator: (name) => added.push(name) });
    expect(added.sort()).toEqual(
      [...OPERATORS.values()]
        .filter((o) => !o.builtin)
        .map((o) => o.name)
        .sort(),
    );
    expect(added).not.toContain("equal");
  });
});
