import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stsCase } from "./arbitraries/statefulset-actions.js";
import { runStatefulSetHistory } from "./statefulset-harness.js";

describe("StatefulSet controller properties", () => {
  it("keeps the OrderedReady creation order, one create/delete per monotonic sync, and the partition floor", () => {
    const reached = {
      scaleDownMidRollout: 0,
      crashLoopStall: 0,
      nodeLossWait: 0,
      partitionedUpdate: 0,
      multiDeleteUpdate: 0,
    };
    let runs = 0;
    fc.assert(
      fc.property(stsCase(), (c) => {
        const r = runStatefulSetHistory(c);
        runs++;
        for (const k of Object.keys(reached) as (keyof typeof reached)[]) if (r.coverage[k]) reached[k]++;
        if (r.violation) throw new Error(r.violation);
      }),
      { numRuns: 400, seed: 20261122 },
    );
    console.log(`statefulset property coverage over ${runs} runs: ${JSON.stringify(reached)}`);
    // the generator reaches the interesting states, not only trivial histories
    expect(runs).toBe(400);
    expect(reached.scaleDownMidRollout).toBeGreaterThan(100);
    expect(reached.crashLoopStall).toBeGreaterThan(30);
    expect(reached.nodeLossWait).toBeGreaterThan(30);
    expect(reached.partitionedUpdate).toBeGreaterThan(15);
    expect(reached.multiDeleteUpdate).toBeGreaterThan(3);
  });
});
