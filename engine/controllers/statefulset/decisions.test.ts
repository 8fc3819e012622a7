import { describe, expect, it } from "vitest";
import { decideCondemned, decideReplica, decideUpdateBudget, decideUpdateTarget, updatePath } from "./decisions.js";
import { decideCondemned as oracleCondemned, decideReplica as oracleReplica } from "./decisions-oracle.js";

const bools = [false, true];

describe("spec/kubernetes/statefulset.yaml against upstream's control flow", () => {
  it("decides processReplica like upstream for every fact combination", () => {
    let n = 0;
    for (const created of bools)
      for (const phase of ["", "Pending", "Running", "Succeeded", "Failed"])
        for (const terminating of bools)
          for (const runningAndReady of bools)
            for (const available of bools)
              for (const monotonic of bools) {
                const f = { created, phase: created ? phase : "", terminating, runningAndReady, available, monotonic };
                for (const v of ["1.32", "1.36"])
                  expect(decideReplica(f, v), JSON.stringify(f)).toEqual(oracleReplica(f));
                n++;
              }
    expect(n).toBe(160);
  });

  it("decides processCondemned like upstream for every fact combination", () => {
    for (const terminating of bools)
      for (const runningAndReady of bools)
        for (const available of bools)
          for (const firstUnhealthy of bools)
            for (const monotonic of bools) {
              const f = { terminating, runningAndReady, available, firstUnhealthy, monotonic };
              expect(decideCondemned(f, "1.34"), JSON.stringify(f)).toEqual(oracleCondemned(f));
            }
  });

  it("takes the maxUnavailable update path from 1.35, when MaxUnavailableStatefulSet became beta", () => {
    expect(["1.32", "1.33", "1.34", "1.35", "1.36"].map((v) => updatePath(v).path)).toEqual([
      "legacy",
      "legacy",
      "legacy",
      "max-unavailable",
      "max-unavailable",
    ]);
  });

  it("deletes an outdated target, waits on an unavailable one, and moves past a current one", () => {
    expect(decideUpdateTarget({ outdated: true, terminating: false, unavailable: false }, "1.34").action).toBe(
      "delete",
    );
    expect(decideUpdateTarget({ outdated: true, terminating: true, unavailable: true }, "1.34").action).toBe("wait");
    expect(decideUpdateTarget({ outdated: false, terminating: false, unavailable: true }, "1.34").action).toBe("wait");
    expect(decideUpdateTarget({ outdated: false, terminating: false, unavailable: false }, "1.34").action).toBe("next");
  });

  it("stops deleting once as many pods as maxUnavailable are unavailable", () => {
    expect(decideUpdateBudget({ unavailable: 1, maxUnavailable: 2 }, "1.36").action).toBe("delete");
    expect(decideUpdateBudget({ unavailable: 2, maxUnavailable: 2 }, "1.36").action).toBe("wait");
    expect(decideUpdateBudget({ unavailable: 3, maxUnavailable: 2 }, "1.36").action).toBe("wait");
  });
});
