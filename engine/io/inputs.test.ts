import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectInputs, InvalidUtf8Error, loadFile, readUtf8File } from "./inputs.js";

const dir = mkdtempSync(join(tmpdir(), "kubespec-inputs-"));

describe("reading input files", () => {
  it("reads UTF-8 (with or without a byte-order mark) unchanged", () => {
    const p = join(dir, "ok.yaml");
    writeFileSync(p, "\uFEFFkind: Café\n");
    expect(readUtf8File(p)).toBe("\uFEFFkind: Café\n");
  });

  it("refuses bytes that are not UTF-8 with the line and column of the first bad byte", () => {
    const p = join(dir, "latin1.yaml");
    writeFileSync(p, Buffer.concat([Buffer.from("kind: A\ndata: {k: caf"), Buffer.from([0xe9]), Buffer.from("}\n")]));
    expect(() => readUtf8File(p)).toThrow(InvalidUtf8Error);
    const [file] = collectInputs([p]).files;
    const r = loadFile(file!);
    expect(r.documents).toEqual([]);
    expect(r.readError).toMatchObject({ ruleId: "input-unreadable", messageId: "not-utf8", line: 2, column: 14 });
    expect(r.readError!.message).toContain("byte 0xe9");
    expect(r.readError!.fix).toMatch(/UTF-8/);
  });

  it("reports a missing path as unreadable instead of throwing", () => {
    const { files, unreadable } = collectInputs([join(dir, "missing.yaml")]);
    expect(files).toEqual([]);
    expect(unreadable).toEqual([
      expect.objectContaining({ ruleId: "input-unreadable", message: expect.stringContaining("no such file") }),
    ]);
  });
});
