import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState } from "../../model/state.js";
import { EPOCH_MS } from "../common/time.js";
import { settleAll, TestTrace, testState } from "../testing.js";
import { activationsBetween, cronJobController as cjc, jobNameFor } from "./controller.js";
import { parseCron } from "./cron.js";

const cronJob = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "backup", namespace: "default" },
  spec: {
    schedule: "*/10 * * * *",
    jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "b" }] } } } },
    ...spec,
  },
});
const jobs = (s: ClusterState) =>
  [...s.objects.values()]
    .filter((o) => o.kind === "Job")
    .map((o) => o.metadata.name ?? "")
    .sort();
const advance = (s: ClusterState, ms: number) => settleAll({ ...s, time: ms }, [cjc], new TestTrace());
const finishAll = (s: ClusterState): ClusterState => {
  let objects = s.objects;
  for (const [k, o] of s.objects.entries())
    if (o.kind === "Job" && !o.status)
      objects = objects.set(k, {
        ...o,
        status: { conditions: [{ type: "Complete", status: "True" }], completionTime: "2025-01-01T00:00:01Z" },
      });
  return { ...s, objects };
};

describe("CronJob", () => {
  it("lists the activations of a schedule in a window", () => {
    const s = parseCron("0 */6 * * *");
    expect(activationsBetween(s, EPOCH_MS, EPOCH_MS + 86_400_000).map((t) => new Date(t).toISOString())).toEqual([
      "2025-01-01T06:00:00.000Z",
      "2025-01-01T12:00:00.000Z",
      "2025-01-01T18:00:00.000Z",
      "2025-01-02T00:00:00.000Z",
    ]);
  });

  it("creates one Job per activation, named after the scheduled minute, waking 100ms after it", () => {
    let s = settleAll(testState([cronJob({})]), [cjc], new TestTrace());
    expect(jobs(s)).toEqual([]);
    expect([...s.timers.values()].map((t) => t.at)).toEqual([600_100]);
    s = advance(finishAll(s), 600_100);
    expect(jobs(s)).toEqual([jobNameFor("backup", EPOCH_MS + 600_000)]);
    const j = s.objects.get(`Job/default/${jobNameFor("backup", EPOCH_MS + 600_000)}`);
    expect(j?.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe("2025-01-01T00:10:00Z");
    s = advance(finishAll(s), 1_200_100);
    expect(jobs(s)).toHaveLength(2);
  });

  it("with Forbid, skips an activation while the previous Job runs", () => {
    let s = settleAll(testState([cronJob({ concurrencyPolicy: "Forbid" })]), [cjc], new TestTrace());
    s = advance(s, 600_100);
    const t = new TestTrace();
    s = settleAll({ ...s, time: 1_200_100 }, [cjc], t);
    expect(jobs(s)).toHaveLength(1);
    expect(t.rules).toContain("cronjob/forbid-concurrent");
  });

  it("with Replace, deletes the running Job and starts the new one", () => {
    let s = settleAll(testState([cronJob({ concurrencyPolicy: "Replace" })]), [cjc], new TestTrace());
    s = advance(s, 600_100);
    s = advance(s, 1_200_100);
    expect(jobs(s)).toEqual([jobNameFor("backup", EPOCH_MS + 1_200_000)]);
  });

  it("with Allow, runs Jobs concurrently", () => {
    let s = settleAll(testState([cronJob({})]), [cjc], new TestTrace());
    s = advance(s, 600_100);
    s = advance(s, 1_200_100);
    expect(jobs(s)).toHaveLength(2);
  });

  it("starts only the most recent missed activation, and none past startingDeadlineSeconds", () => {
    let s = settleAll(testState([cronJob({})]), [cjc], new TestTrace());
    s = advance(s, 3_000_000); // 50 min: activations at 10..50 were missed; only :50 runs
    expect(jobs(s)).toEqual([jobNameFor("backup", EPOCH_MS + 3_000_000)]);
    let d = settleAll(testState([cronJob({ startingDeadlineSeconds: 30 })]), [cjc], new TestTrace());
    d = advance(d, 600_000 + 45_000);
    expect(jobs(d)).toEqual([]);
  });

  it("keeps successfulJobsHistoryLimit finished Jobs", () => {
    let s = settleAll(testState([cronJob({ successfulJobsHistoryLimit: 1 })]), [cjc], new TestTrace());
    for (let i = 1; i <= 3; i++) s = advance(finishAll(s), i * 600_000 + 100);
    s = advance(finishAll(s), 3 * 600_000 + 200);
    expect(jobs(s)).toEqual([jobNameFor("backup", EPOCH_MS + 1_800_000)]);
  });
});
