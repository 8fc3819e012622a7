import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { collectInputs } from "../io/inputs.js";
import { toPointer } from "../model/pointer.js";
import { fastLoad, fastLoadAll, fastPositions } from "./fast-yaml.js";
import { listenerPositions, locate } from "./positions.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));

/** Same values (Object.is on leaves, prototypes) and the same key order everywhere. */
function same(a: unknown, b: unknown): boolean {
  if (!isDeepStrictEqual(a, b)) return false;
  if (a === null || typeof a !== "object") return true;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.join("\0") !== kb.join("\0")) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function pointers(v: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown, path: (string | number)[]): void => {
    out.push(toPointer(path));
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) walk(x[i], [...path, i]);
    else if (x && typeof x === "object")
      for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], [...path, k]);
  };
  walk(v, []);
  return out;
}

interface Outcome {
  /** The fast reader answered. */
  fast: boolean;
  /** js-yaml refused the text. */
  refused: boolean;
  /** Pointers whose positions were compared with the listener's. */
  compared: number;
  /** The fast reader read a text with repeated block-mapping keys (which js-yaml refuses). */
  repeated: boolean;
}

/**
 * Texts with repeated block-mapping keys: fastLoad reads them as js-yaml's `json` option does (the
 * last value wins, in the first key's place), js-yaml itself refuses them at the first repeated
 * key's offset, and fastLoadAll (js-yaml's contract) leaves them to js-yaml.
 */
function checkRepeated(text: string, read: NonNullable<ReturnType<typeof fastLoad>>): void {
  let mark: number | undefined;
  try {
    jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch (e) {
    expect((e as jsyaml.YAMLException).reason).toBe("duplicated mapping key");
    mark = (e as jsyaml.YAMLException).mark.position;
  }
  expect(mark, `js-yaml accepts what the fast reader reports as a repeated key:\n${text}`).toBe(read.dups[0]);
  const lenient = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, json: true });
  expect(same(read.values, lenient), `different values for:\n${text}`).toBe(true);
  const roots = fastPositions(text);
  expect(
    same(
      roots?.map((r) => r?.result ?? null),
      lenient,
    ),
  ).toBe(true);
}

/**
 * The contract: whenever the fast reader answers, js-yaml (CORE_SCHEMA) accepts the text and
 * builds the same documents, and the fast position trees give every key and value the offsets
 * the js-yaml listener parse gives.
 */
function check(text: string): Outcome {
  let reference: unknown[] | undefined;
  try {
    reference = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    reference = undefined;
  }
  const fast = fastLoadAll(text);
  const loose = fastLoad(text);
  const outcome: Outcome = {
    fast: fast !== undefined,
    refused: reference === undefined,
    compared: 0,
    repeated: loose !== undefined && loose.dups.length > 0,
  };
  if (outcome.repeated) {
    expect(fast).toBeUndefined();
    checkRepeated(text, loose!);
    return outcome;
  }
  if (fast === undefined) {
    expect(loose).toBeUndefined();
    expect(fastPositions(text)).toBeUndefined();
    return outcome;
  }
  expect(same(loose?.values, fast)).toBe(true);
  expect(reference, `js-yaml refuses what the fast reader read:\n${text}`).toBeDefined();
  expect(same(fast, reference), `different values for:\n${text}`).toBe(true);
  const roots = fastPositions(text);
  expect(roots?.length).toBe(fast.length);
  expect(
    same(
      roots?.map((r) => r?.result ?? null),
      reference,
    ),
  ).toBe(true);
  const listener = listenerPositions(text);
  if (!listener) return outcome;
  for (let d = 0; d < fast.length; d++) {
    if (fast[d] === null) continue;
    for (const p of pointers(fast[d])) {
      for (const wantKey of [false, true]) {
        const got = locate(roots![d]!, p, wantKey);
        const want = locate(listener[d]!, p, wantKey);
        expect(got, `document ${d} ${p} key=${wantKey} in:\n${text}`).toBe(want);
      }
      outcome.compared++;
    }
  }
  return outcome;
}

// ---- generated block YAML: the constructs manifests use, their near misses, and errors ----

/** Plain scalars, valid as values: every CORE_SCHEMA type and strings that look like them. */
const plainScalars = [
  "a",
  "hello world",
  "1",
  "-1",
  "+12",
  "0",
  "-0",
  "012",
  "0x1F",
  "0o17",
  "0b101",
  "1_000",
  "1.5",
  "-.5",
  ".5e3",
  "1e3",
  "6.02e+23",
  ".inf",
  "-.Inf",
  ".NaN",
  "~",
  "null",
  "Null",
  "NULL",
  "nul",
  "true",
  "True",
  "TRUE",
  "tRue",
  "false",
  "yes",
  "on",
  "2024-01-01",
  "a#b",
  "a #b",
  "a:b",
  "-a",
  "--flag=1",
  ":x",
  "::a",
  "?a",
  "a, b",
  "a]",
  "a\tb",
  "x  ",
  "é ü",
  "a\u2028b",
  "__proto__",
  "constructor",
  "<<",
  "\\",
];

/** Plain scalars js-yaml refuses or reads differently in a value position (indicators, tags, anchors). */
const badPlainScalars = [
  "a: b",
  "a:",
  "- a",
  "-",
  "? a",
  ": a",
  ":a",
  "[a",
  "{a",
  "@a",
  "`a",
  "%a",
  "&anchor a",
  "*alias",
  "!tag a",
  "!!str 1",
  "|",
  ">-",
  "'q'",
  '"dq"',
  "'unclosed",
  '"unclosed',
  "💡",
  "a\u0085b",
  "---",
  "...",
];

const quotedScalars = [
  '""',
  "''",
  '"a b"',
  '"a # b"',
  '"a: b"',
  '"esc \\n \\t \\\\ \\" \\/ \\0 \\a \\e \\N \\_ \\L \\P \\ "',
  '"\\x41\\u00e9\\U0001F600"',
  '"\\ud83d\\ude00"',
  '"\\q"',
  '"\\x4"',
  '"\\U00110000"',
  '"tab\there"',
  "'it''s'",
  "'a \" b'",
  "'#'",
  '"1"',
  "'true'",
  '"a" b',
  '"a"#c',
  "'a' # c",
];

const flows = [
  "[]",
  "{}",
  "[a, b]",
  "[ 1 , 2.5, true, ~ ]",
  "[\"a\", 'b', c d]",
  "[a, [b, [c]], {d: e}]",
  "{a: 1, b: [x, y], c: {d: null}}",
  '{"a":1}',
  "[-a, --b]",
  "[a] # c",
  "{__proto__: 1}",
  "[a,]",
  "[:a, b]",
  "{:a: 1}",
];

/** Flow collections js-yaml refuses, reads as something else, or that span lines. */
const badFlows = [
  "{a:1}",
  "{a}",
  "{a: }",
  "[a: 1]",
  "[a,,b]",
  "[a b",
  "{a: 1, a: 2}",
  "[-a, -]",
  "[a #c]",
  "[a]: b",
  "[a]x",
  "[? a]",
  "[a,\n b]",
  "[:]",
  "[a, :]",
];

const blockHeaders = ["|", "|-", "|+", ">", ">-", ">+", "|  # c", ">- # c"];
const badBlockHeaders = ["|2", ">1-", "|-2", "|#c", "| x", "|--", ">+-"];

const indentArb = fc.integer({ min: 1, max: 4 });

/** A block scalar body: lines at, above and below the content indentation, blank lines with spaces. */
const blockBody = fc.array(
  fc.oneof(
    fc.constantFrom("text", "more  text", "# not a comment", "- not an item", "key: not a key", "a\tb", "\tlead tab"),
    fc.constantFrom("  more indented", "    much more", " one more"),
    fc.constant(""),
    fc.constantFrom(" ", "   ", "      "),
  ),
  { minLength: 0, maxLength: 5 },
);

type Tree =
  | { kind: "map"; entries: Array<[string, Tree]> }
  | { kind: "seq"; items: Tree[] }
  | { kind: "leaf"; text: string };

const leafArb: fc.Arbitrary<Tree> = fc
  .oneof(
    { weight: 16, arbitrary: fc.constantFrom(...plainScalars) },
    { weight: 1, arbitrary: fc.constantFrom(...badPlainScalars) },
    { weight: 3, arbitrary: fc.constantFrom(...quotedScalars) },
    { weight: 2, arbitrary: fc.constantFrom(...flows) },
    { weight: 1, arbitrary: fc.constantFrom(...badFlows) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...blockHeaders) }, fc.constantFrom(...badBlockHeaders)),
          blockBody,
          fc.integer({ min: 0, max: 3 }),
        )
        .map(
          ([h, body, extra]) => `${h}\n${body.map((b) => (b.trim() === "" ? b : " ".repeat(extra) + b)).join("\n")}`,
        ),
    },
    { weight: 1, arbitrary: fc.constant("") },
  )
  .map((text) => ({ kind: "leaf", text }));

const keyArb = fc.oneof(
  { weight: 12, arbitrary: fc.nat(40).map((n) => `k${n}`) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "name",
      "x y",
      "a.b/c",
      "k8s.io/name",
      "1",
      "0x10",
      "1.0",
      "true",
      "TRUE",
      "True",
      "16",
      "~",
      "null",
      "Null",
      "-k",
      "?k",
      ":k",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('"q"', "'s'", '"a: b"', "'it''s'", "__proto__", "constructor", "<<", "a:b", "a "),
  },
  { weight: 1, arbitrary: fc.constantFrom("a #c", "[k]", "{k}", "&a k", "!t k", "k\tk", "- k", "? k", '"q" x') },
);

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true, maxDepth: 4 },
    leafArb,
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(keyArb, tie("tree")), { minLength: 1, maxLength: 4, selector: ([k]) => k }),
        fc.nat(9),
        tie("tree"),
      )
      // One mapping in ten repeats one of its keys (later, with another value): read, and reported.
      .map(([entries, repeat, again]): Tree => {
        const [key] = entries[repeat % entries.length]!;
        return { kind: "map", entries: repeat < 1 ? [...entries, [key, again]] : entries };
      }),
    fc.array(tie("tree"), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: "seq", items })),
  ),
}));

/** Render a tree as block YAML with the given indentation step; compact `- key:` items when asked. */
function render(t: Tree, step: number, compact: boolean): string {
  const lines: string[] = [];
  const leafText = (text: string, indent: number): string =>
    text.includes("\n")
      ? text
          .split("\n")
          .map((l, i) => (i === 0 || l.trim() === "" ? l : " ".repeat(indent) + l))
          .join("\n")
      : text;
  const emit = (node: Tree, indent: number): void => {
    const pad = " ".repeat(indent);
    if (node.kind === "map") {
      for (const [k, v] of node.entries) {
        if (v.kind === "leaf") lines.push(`${pad}${k}: ${leafText(v.text, indent + step)}`.trimEnd());
        else if (v.kind === "seq" && compact) {
          lines.push(`${pad}${k}:`);
          emit(v, indent);
        } else {
          lines.push(`${pad}${k}:`);
          emit(v, indent + step);
        }
      }
    } else if (node.kind === "seq") {
      for (const item of node.items) {
        if (item.kind === "leaf") lines.push(`${pad}- ${leafText(item.text, indent + 2)}`.trimEnd());
        else if (item.kind === "map" && compact) {
          const start = lines.length;
          emit(item, indent + 2);
          lines[start] = `${pad}- ${lines[start]!.slice(indent + 2)}`;
        } else {
          lines.push(`${pad}-`);
          emit(item, indent + step);
        }
      }
    } else lines.push(`${pad}${leafText(node.text, indent + step)}`);
  };
  emit(t, 0);
  return lines.join("\n");
}

/** Noise applied to some lines: comments, blank lines, markers, indentation slips, tabs, CR. */
const noiseEdits = fc.array(
  fc.tuple(
    fc.nat(),
    fc.constantFrom(
      "comment",
      "trailing-comment",
      "blank",
      "spaces",
      "marker",
      "end-marker",
      "indent+1",
      "indent-1",
      "tab-indent",
      "cr",
      "directive",
      "duplicate",
      "trailing-space",
      "control",
    ),
  ),
  { minLength: 1, maxLength: 2 },
);
const noise = fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: noiseEdits });

function applyNoise(text: string, edits: ReadonlyArray<readonly [number, string]>): string {
  const lines = text.split("\n");
  for (const [at, what] of edits) {
    const i = at % (lines.length + 1);
    const line = lines[i] ?? "";
    switch (what) {
      case "comment":
        lines.splice(i, 0, `${" ".repeat(at % 5)}# comment: with - things`);
        break;
      case "trailing-comment":
        lines[i] = `${line} # note`;
        break;
      case "blank":
        lines.splice(i, 0, "");
        break;
      case "spaces":
        lines.splice(i, 0, " ".repeat(1 + (at % 7)));
        break;
      case "marker":
        lines.splice(i, 0, at % 2 ? "---" : "--- # doc");
        break;
      case "end-marker":
        lines.splice(i, 0, "...");
        break;
      case "indent+1":
        lines[i] = ` ${line}`;
        break;
      case "indent-1":
        lines[i] = line.replace(/^ /, "");
        break;
      case "tab-indent":
        lines[i] = `\t${line}`;
        break;
      case "cr":
        lines[i] = `${line}\r`;
        break;
      case "directive":
        lines.splice(0, 0, "%YAML 1.2", "---");
        break;
      case "duplicate":
        lines.splice(i, 0, line);
        break;
      case "trailing-space":
        lines[i] = `${line}  `;
        break;
      case "control":
        lines[i] = `${line}\u0007`;
        break;
    }
  }
  return lines.join("\n");
}

const generated = fc
  .tuple(
    fc.array(tree, { minLength: 1, maxLength: 2 }),
    indentArb,
    fc.boolean(),
    noise,
    fc.constantFrom("", "\n", "\n\n", "\n---\n"),
    fc.boolean(),
  )
  .map(([docs, step, compact, edits, tail, leadingMarker]) => {
    const body = docs.map((d) => render(d, step, compact)).join("\n---\n");
    return applyNoise((leadingMarker ? "---\n" : "") + body, edits) + tail;
  });

describe("the fast block-YAML reader", () => {
  it("builds exactly js-yaml's documents, or leaves the text to js-yaml, on generated block YAML", () => {
    const tally = {
      runs: 0,
      fast: 0,
      refused: 0,
      fallBack: 0,
      compared: 0,
      blockScalars: 0,
      flows: 0,
      multiDoc: 0,
      repeated: 0,
    };
    fc.assert(
      fc.property(generated, (text) => {
        const o = check(text);
        tally.runs++;
        if (o.repeated) tally.repeated++;
        if (o.fast || o.repeated) {
          if (o.fast) tally.fast++;
          tally.compared += o.compared;
          if (/: [|>][-+]?\n/.test(text)) tally.blockScalars++;
          if (/: [[{]./.test(text)) tally.flows++;
          if (text.includes("\n---")) tally.multiDoc++;
        } else if (o.refused) tally.refused++;
        else tally.fallBack++;
      }),
      { numRuns: 3000, seed: 20261122 },
    );
    // The generator reaches every interesting state: accepted texts with each construct, texts
    // js-yaml refuses (all left to it), and valid texts outside the subset.
    expect(tally.fast).toBeGreaterThan(tally.runs * 0.1);
    expect(tally.refused).toBeGreaterThan(tally.runs * 0.15);
    expect(tally.fallBack).toBeGreaterThan(tally.runs * 0.05);
    expect(tally.blockScalars).toBeGreaterThan(50);
    expect(tally.flows).toBeGreaterThan(50);
    expect(tally.multiDoc).toBeGreaterThan(50);
    expect(tally.compared).toBeGreaterThan(2000);
    expect(tally.repeated).toBeGreaterThan(30);
  });

  it("builds exactly js-yaml's documents for any JSON-like value dumped by js-yaml and yaml in block style", () => {
    let fast = 0;
    let runs = 0;
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
    );
    fc.assert(
      fc.property(
        value,
        fc.integer({ min: 8, max: 120 }),
        fc.boolean(),
        fc.constantFrom<"'" | '"'>("'", '"'),
        (v, lineWidth, useYaml, quotingType) => {
          const text = useYaml
            ? stringify(v, { lineWidth, indentSeq: lineWidth % 2 === 0 })
            : jsyaml.dump(v, { lineWidth, quotingType, flowLevel: lineWidth % 7 === 0 ? 2 : -1 });
          runs++;
          if (check(text).fast) fast++;
        },
      ),
      { numRuns: 1500, seed: 7 },
    );
    expect(fast).toBeGreaterThan(runs * 0.4);
  });

  it("reads literal block bodies as js-yaml does at every edge of their shortcut", () => {
    // Empty lines (none, exactly the indentation, fewer or more spaces) in the middle and at the
    // end, more-indented lines, the body running to the end of the text, every chomping.
    const bodies = [
      ["  a", "  b"],
      ["  a", "    b", "  c"],
      ["  a", "  ", "  b"],
      ["  a", "  "],
      ["  a", " "],
      ["  a", ""],
      ["  a", "   "],
      ["  a", "    "],
      ["  a", "", "", "  b", ""],
      ["    a", "  b"],
      ["  a", "\tb"],
      ["  a", "  b # not a comment", "  - c: d"],
    ];
    let fast = 0;
    for (const header of ["|", "|-", "|+"]) {
      for (const body of bodies) {
        for (const after of ["b: 1\n", "", "---\nc: 2\n"]) {
          const text = `a: ${header}\n${body.join("\n")}\n${after}`;
          if (check(text).fast) fast++;
          if (check(`- k: ${header}\n${body.map((l) => (l.trim() ? `  ${l}` : l)).join("\n")}\n`).fast) fast++;
        }
      }
    }
    expect(fast).toBeGreaterThan(150);
  });

  it("reads most of the corpus, always as js-yaml does, with the listener's positions", () => {
    let bytes = 0;
    let fastBytes = 0;
    let compared = 0;
    for (const f of collectInputs([CORPUS]).files) {
      const text = f.read();
      bytes += text.length;
      const o = check(text);
      if (o.fast) fastBytes += text.length;
      compared += o.compared;
    }
    expect(fastBytes).toBeGreaterThan(bytes * 0.8);
    expect(compared).toBeGreaterThan(50_000);
  });

  it("keeps near misses of corpus manifests exact: single-character edits are read as js-yaml reads them, or left to it", () => {
    const texts = collectInputs([CORPUS])
      .files.map((f) => f.read())
      .filter((t) => t.length < 20_000);
    let fast = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.nat(texts.length - 1),
        fc.nat(),
        fc.constantFrom("", " ", "\n", "#", ":", "-", "'", '"', "|", ">", "[", "{", "\t", "&", "*", "!", "a"),
        fc.boolean(),
        (which, at, insert, replace) => {
          const t = texts[which]!;
          const i = at % (t.length + 1);
          const text = t.slice(0, i) + insert + t.slice(replace ? i + 1 : i);
          const o = check(text);
          if (o.fast) fast++;
          else if (o.refused) refused++;
        },
      ),
      { numRuns: 1500, seed: 11 },
    );
    expect(fast).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(50);
  });
});
