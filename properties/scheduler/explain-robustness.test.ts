import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { explainScheduling } from "../../engine/cli/explain-scheduling.js";
import { memoryIO } from "../../engine/cli/io.js";
import { mistypedObject } from "../cli/yamlish.arbitrary.js";

describe("explain scheduling on random mistyped Pods", () => {
  test("refuses a mistyped Pod with exit 2 and a positioned diagnostic, never an internal error", async () => {
    let refused = 0;
    let explained = 0;
    await fc.assert(
      fc.asyncProperty(
        mistypedObject().filter((o) => o.kind === "Pod"),
        async ({ yaml }) => {
          const io = memoryIO(yaml);
          const code = await explainScheduling(
            ["--pod", "-", "--nodes", "fixtures/scheduler/explain/nodes.yaml", "-o", "json"],
            io,
          );
          expect([0, 1, 2]).toContain(code);
          if (code === 2) {
            refused++;
            expect(io.err).toMatch(/^-:\d+:\d+: error \[/m);
          } else explained++;
        },
      ),
      { numRuns: 150, seed: 3 },
    );
    expect(refused).toBeGreaterThan(50);
    expect(refused + explained).toBe(150);
  });
});
