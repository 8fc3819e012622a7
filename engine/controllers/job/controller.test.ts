import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller } from "../../model/state.js";
import { timestampAt } from "../common/time.js";
import { settleAll, TestTrace, testState } from "../testing.js";
import { jobController } from "./controller.js";
import { formatIndexes } from "./indexed.js";

const KEY = "Job/default/work";
const job = (spec: Record<string, unknown>, restartPolicy = "Never"): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "work", namespace: "default" },
  spec: { template: { spec: { restartPolicy, containers: [{ name: "c", image: "busybox" }] } }, ...spec },
});
type Outcome = "Succeeded" | "Failed" | "Running";
/** Stand-in kubelet: binds pending pods and runs them to the outcome `decide` picks. */
function runner(decide: (p: Pod) => Outcome): Controller {
  return {
    name: "runner",
    reconcile(s: ClusterState) {
      let pods = s.pods;
      for (const [k, p] of s.pods.entries()) {
        if (p.metadata.deletionTimestamp) {
          pods = pods.delete(k);
          continue;
        }
        if (p.status?.phase !== "Pending") continue;
        const o = decide(p);
        pods = pods.set(k, {
          ...p,
          spec: { ...p.spec, nodeName: "n1" },
          status: {
            phase: o,
            conditions: [{ type: "Ready", status: o === "Running" ? "True" : "False" }],
            containerStatuses: [
              {
                name: "c",
                ready: o === "Running",
                restartCount: 0,
                ...(o === "Running"
                  ? {}
                  : { state: { terminated: { exitCode: o === "Failed" ? 1 : 0, finishedAt: timestampAt(s.time) } } }),
              },
            ],
          },
        });
      }
      return pods === s.pods ? s : { ...s, pods };
    },
  };
}
const status = (s: ClusterState) =>
  s.objects.get(KEY)?.status as Record<string, unknown> & { conditions?: { type: string; reason?: string }[] };
const condTypes = (s: ClusterState) => (status(s).conditions ?? []).map((c) => c.type);

describe("Job", () => {
  it("runs completions 3 with parallelism 2, never more than 2 active, then Complete", () => {
    let maxActive = 0;
    const cs = [jobController, runner(() => "Running")];
    let s = settleAll(testState([job({ completions: 3, parallelism: 2 })]), cs, new TestTrace());
    maxActive = Math.max(maxActive, s.pods.size);
    // finish pods one at a time
    for (let i = 0; i < 3; i++) {
      const running = [...s.pods.entries()].find(([, p]) => p.status?.phase === "Running");
      if (!running) break;
      s = {
        ...s,
        pods: s.pods.set(running[0], { ...running[1], status: { ...running[1].status, phase: "Succeeded" } }),
      };
      s = settleAll(s, cs, new TestTrace());
      maxActive = Math.max(maxActive, [...s.pods.values()].filter((p) => p.status?.phase === "Running").length);
    }
    expect(maxActive).toBe(2);
    expect(status(s)).toMatchObject({ succeeded: 3, failed: 0, active: 0 });
    expect(condTypes(s)).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(status(s).completionTime).toBeDefined();
  });

  it("fails with BackoffLimitExceeded after backoffLimit+1 failed pods, backing off 10s then 20s between them", () => {
    const cs = [jobController, runner(() => "Failed")];
    let s = settleAll(testState([job({ backoffLimit: 2 })]), cs, new TestTrace());
    expect(status(s).failed).toBe(1);
    const t1 = [...s.timers.values()].map((t) => t.at);
    expect(t1).toEqual([10_000]);
    s = settleAll({ ...s, time: 10_000 }, cs, new TestTrace());
    expect(status(s).failed).toBe(2);
    expect([...s.timers.values()].map((t) => t.at)).toContain(30_000);
    s = settleAll({ ...s, time: 30_000 }, cs, new TestTrace());
    expect(status(s).failed).toBe(3);
    expect(condTypes(s)).toEqual(["FailureTarget", "Failed"]);
    expect(status(s).conditions?.[1]?.reason).toBe("BackoffLimitExceeded");
    expect(s.pods.size).toBe(3);
  });

  it("counts container restarts against backoffLimit when restartPolicy is OnFailure", () => {
    let s = settleAll(
      testState([job({ backoffLimit: 3 }, "OnFailure")]),
      [jobController, runner(() => "Running")],
      new TestTrace(),
    );
    const [k, p] = [...s.pods.entries()][0] as [string, Pod];
    s = {
      ...s,
      pods: s.pods.set(k, {
        ...p,
        status: { ...p.status, containerStatuses: [{ name: "c", ready: false, restartCount: 3 }] },
      }),
    };
    const t = new TestTrace();
    s = settleAll(s, [jobController, runner(() => "Running")], t);
    expect(t.rules).toContain("job/backoff-limit-exceeded");
    expect(condTypes(s)).toEqual(["FailureTarget", "Failed"]);
    expect(s.pods.size).toBe(0);
  });

  it("fails with DeadlineExceeded at activeDeadlineSeconds and deletes the running pods first", () => {
    const cs = [jobController, runner(() => "Running")];
    let s = settleAll(
      testState([job({ activeDeadlineSeconds: 30, parallelism: 2, completions: 4 })]),
      cs,
      new TestTrace(),
    );
    expect([...s.timers.values()].map((t) => t.at)).toEqual([30_000]);
    s = { ...s, time: 30_000 };
    s = jobController.reconcile(s, new TestTrace());
    expect(condTypes(s)).toEqual(["FailureTarget"]);
    expect([...s.pods.values()].every((p) => p.metadata.deletionTimestamp)).toBe(true);
    s = settleAll(s, cs, new TestTrace());
    expect(condTypes(s)).toEqual(["FailureTarget", "Failed"]);
    expect(status(s).conditions?.[1]?.reason).toBe("DeadlineExceeded");
  });

  it("gives Indexed pods their completion index, hostname and completedIndexes", () => {
    const cs = [jobController, runner(() => "Succeeded")];
    const s = settleAll(
      testState([job({ completions: 3, parallelism: 3, completionMode: "Indexed" })]),
      cs,
      new TestTrace(),
    );
    const pods = [...s.pods.values()].sort((a, b) => (a.spec.hostname ?? "").localeCompare(b.spec.hostname ?? ""));
    expect(pods.map((p) => p.spec.hostname)).toEqual(["work-0", "work-1", "work-2"]);
    expect(pods.map((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"])).toEqual([
      "0",
      "1",
      "2",
    ]);
    expect(pods.every((p, i) => p.metadata.name?.startsWith(`work-${i}-`))).toBe(true);
    expect(status(s)).toMatchObject({ succeeded: 3, completedIndexes: "0-2" });
    expect(condTypes(s)).toEqual(["SuccessCriteriaMet", "Complete"]);
  });

  it("re-runs a failed index with the same index", () => {
    let first = true;
    const cs = [
      jobController,
      runner((p) => {
        if (p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"] === "1" && first) {
          first = false;
          return "Failed";
        }
        return "Succeeded";
      }),
    ];
    let s = settleAll(
      testState([job({ completions: 2, parallelism: 2, completionMode: "Indexed" })]),
      cs,
      new TestTrace(),
    );
    s = settleAll({ ...s, time: 10_000 }, cs, new TestTrace());
    expect(status(s)).toMatchObject({ succeeded: 2, failed: 1, completedIndexes: "0-1" });
  });

  it("completes a work-queue Job (no completions) when one pod succeeds and the rest finish", () => {
    let n = 0;
    const cs = [jobController, runner(() => (n++ === 0 ? "Succeeded" : "Running"))];
    let s = settleAll(testState([job({ parallelism: 3 })]), cs, new TestTrace());
    expect(condTypes(s)).toEqual([]);
    for (const [k, p] of s.pods.entries())
      if (p.status?.phase === "Running")
        s = { ...s, pods: s.pods.set(k, { ...p, status: { ...p.status, phase: "Succeeded" } }) };
    s = settleAll(s, cs, new TestTrace());
    expect(s.pods.size).toBe(3);
    expect(condTypes(s)).toEqual(["SuccessCriteriaMet", "Complete"]);
  });

  it("formats completed indexes as upstream's ordered intervals", () => {
    expect(formatIndexes([5, 0, 1, 2, 7, 8])).toBe("0-2,5,7-8");
    expect(formatIndexes([])).toBe("");
  });
});
