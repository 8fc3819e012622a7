import { describe, expect, it } from "vitest";
import { parseStream } from "./yaml.js";

describe("parseStream", () => {
  it("keeps every document of a stream with exact positions for nested fields", () => {
    const text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: nginx\n---\n---\nkind: Service\n";
    const r = parseStream(text, "f.yaml");
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(["Pod", "Service"]);
    const pod = r.documents[0]!;
    expect(pod.positionOf("/spec/containers/0/image")).toEqual({ line: 8, column: 12 });
    expect(pod.keyPositionOf("/spec/containers/0/image")).toEqual({ line: 8, column: 5 });
    expect(pod.positionOf("/metadata/name")).toEqual({ line: 4, column: 9 });
    // a missing field points at its nearest existing ancestor
    expect(pod.positionOf("/spec/containers/0/resources/limits")).toEqual({ line: 7, column: 5 });
    expect(r.documents[1]!.positionOf("")).toEqual({ line: 11, column: 1 });
  });

  it("unwraps List kinds and maps item positions back to the source", () => {
    const text =
      "apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: a}\n- kind: Secret\n  metadata: {name: b}\n";
    const r = parseStream(text, "l.yaml");
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(["ConfigMap", "Secret"]);
    expect(r.documents[1]!.basePointer).toBe("/items/1");
    expect(r.documents[1]!.positionOf("/metadata/name")).toEqual({ line: 7, column: 20 });
  });

  it("reports a syntax error with its position and still returns the other documents", () => {
    const text = "kind: A\n---\nkind: [unclosed\n---\nkind: C\n";
    const r = parseStream(text, "bad.yaml");
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(["A", "C"]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      ruleId: "yaml-parse",
      file: "bad.yaml",
      line: 4,
      column: 1,
      severity: "error",
    });
    expect(r.diagnostics[0]!.message).toMatch(/end with a \]/u);
  });

  it("flags duplicate keys but keeps the document usable", () => {
    const r = parseStream("kind: Pod\nmetadata:\n  name: a\n  name: b\n", "d.yaml");
    expect(r.documents).toHaveLength(1);
    expect(r.diagnostics).toEqual([expect.objectContaining({ messageId: "duplicate-key", line: 4, column: 3 })]);
  });

  it("refuses an alias bomb without expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 9; i++) {
      const p = String.fromCharCode(97 + i);
      const n = String.fromCharCode(98 + i);
      lines.push(`${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`);
    }
    const r = parseStream(lines.join("\n"), "bomb.yaml");
    expect(r.documents).toHaveLength(0);
    expect(r.diagnostics[0]).toMatchObject({ messageId: "alias-bomb", line: 1 });
  });

  it("refuses absurd nesting with a diagnostic instead of a stack overflow", () => {
    const depth = 5000;
    const r = parseStream(`${"[".repeat(depth)}${"]".repeat(depth)}`, "deep.yaml");
    expect(r.documents).toHaveLength(0);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", messageId: "too-deep", line: 1, column: 201 }),
    ]);
  });

  it("refuses deep block nesting at the line where it passes the limit and keeps the other documents", () => {
    const block = (levels: number) => Array.from({ length: levels }, (_, i) => `${" ".repeat(i)}a:\n`).join("");
    const r = parseStream(`kind: A\n---\n${block(400)}---\nkind: C\n`, "deep.yaml");
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(["A", "C"]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ messageId: "too-deep", line: 203, column: 201 })]);
  });

  it("refuses block nesting too deep for the YAML parser's own stack before parsing it", () => {
    // 4,000 levels followed by another document overflow yaml's Parser (it recurses when closing them).
    const r = parseStream(`kind: A\n---\n${"- ".repeat(4000)}x\n---\nkind: C\n`, "deep.yaml");
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(["A", "C"]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ messageId: "too-deep", line: 3, column: 501 })]);
  });

  it("refuses a document that contains itself through an alias", () => {
    for (const text of ["a: &a [*a]\n", "a: &a {b: *a}\n"]) {
      const r = parseStream(text, "cycle.yaml");
      expect(r.documents).toHaveLength(0);
      expect(r.diagnostics).toEqual([expect.objectContaining({ messageId: "cyclic", line: 1, column: 1 })]);
    }
  });

  it("counts the depth an alias adds when it nests a deep anchor", () => {
    const nest = (inner: string) => `${"[".repeat(120)}${inner}${"]".repeat(120)}`;
    const r = parseStream(`a: &a ${nest("x")}\nb: ${nest("*a")}\n`, "alias-deep.yaml");
    expect(r.documents).toHaveLength(0);
    expect(r.diagnostics).toEqual([expect.objectContaining({ messageId: "too-deep" })]);
  });

  it("refuses a document holding control characters (a binary file) at their position and keeps the others", () => {
    const r = parseStream('kind: A\n---\nkind: B\ndata: "x\u0000y"\n---\nkind: C\n', "bin.yaml");
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(["A", "C"]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ messageId: "control-character", line: 4, column: 9, fix: expect.any(String) }),
    ]);
    expect(r.diagnostics[0]!.message).toContain("U+0000");
  });

  it("merges `<<: *anchor` keys as kubectl's YAML 1.1 decoder does, explicit keys winning", () => {
    const r = parseStream(
      "base: &b {app: x, tier: web}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    <<: *b\n    tier: db\n",
      "merge.yaml",
    );
    expect(r.diagnostics).toEqual([]);
    expect((r.documents[0]!.value as { metadata: unknown }).metadata).toEqual({
      name: "a",
      labels: { app: "x", tier: "db" },
    });
    expect(r.documents[0]!.positionOf("/metadata/labels/tier")).toEqual({ line: 8, column: 11 });
  });

  it("refuses a merge-key bomb like an alias bomb", () => {
    const lines = ["a: &a {x: 1}"];
    for (let i = 0; i < 9; i++)
      lines.push(
        `b${i}: &b${i}\n  <<: [${
          i
            ? Array(9)
                .fill(`*b${i - 1}`)
                .join(", ")
            : "*a"
        }]`,
      );
    const r = parseStream(lines.join("\n"), "merge-bomb.yaml");
    expect(r.documents).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ messageId: "alias-bomb" })]);
  });

  it("treats __proto__ keys as plain data", () => {
    const r = parseStream("metadata:\n  __proto__: {polluted: true}\n", "p.yaml");
    const v = r.documents[0]!.value as { metadata: Record<string, unknown> };
    expect(Object.keys(v.metadata)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
