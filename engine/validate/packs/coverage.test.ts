/**
 * The coverage table of spec/packs/README.md maps every default check of kube-linter, kube-score and
 * Polaris (fixtures/packs/tool-default-checks.yaml) to a kubespec rule or a written reason, and every
 * rule id it names exists.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listPacks, loadPacks } from "./index.js";

const ROOT = join(import.meta.dirname, "../../..");
const readme = readFileSync(join(ROOT, "spec/packs/README.md"), "utf8");
const table = readme.slice(readme.indexOf("## Coverage"), readme.indexOf("\nBeyond these tools"));
const rows = table.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| concern") && !l.startsWith("|---"));
const tools = parse(readFileSync(join(ROOT, "fixtures/packs/tool-default-checks.yaml"), "utf8")) as Record<
  string,
  string[]
>;
const COLUMN: Record<string, number> = { "kube-linter": 2, "kube-score": 3, polaris: 4 };

describe("coverage of kube-linter, kube-score and Polaris default checks", () => {
  for (const [tool, checks] of Object.entries(tools)) {
    it(`maps every ${tool} default check to a kubespec rule or a reason`, () => {
      expect(checks.length).toBeGreaterThan(15);
      for (const check of checks) {
        const row = rows.find((r) =>
          (r.split("|")[COLUMN[tool] ?? 0] ?? "").split(",").some((c) => c.trim() === check),
        );
        expect(row, `${tool} ${check}`).toBeDefined();
        const answer = row?.split("|")[5] ?? "";
        expect(
          /`(correctness|best-practice|pod-security-[a-z]+)\/[a-z0-9-]+`/.test(answer) ||
            answer.includes("not implemented:"),
          `${tool} ${check}`,
        ).toBe(true);
      }
    });
  }

  it("names only rule ids that exist in the packs", () => {
    const ids = new Set(
      ["1.32", "1.36"].flatMap((v) => loadPacks(listPacks(), v).compiled.flatMap((c) => c.rules.map((r) => r.id))),
    );
    const named = [...table.matchAll(/`((?:correctness|best-practice|pod-security-[a-z]+)\/[a-z0-9-]+)`/g)].map(
      (m) => m[1] as string,
    );
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});
