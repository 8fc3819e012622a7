import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { memoryIO } from "./io.js";
import { main } from "./main.js";

const contract = JSON.parse(
  readFileSync(new URL("../../../shared/contracts/simulate.schema.json", import.meta.url), "utf8"),
);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(contract);

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe("kubespec simulate", () => {
  for (const name of ["crash-loop", "init-failure-never", "sidecar-ordering", "node-loss", "image-pull-backoff"]) {
    it(`prints JSON for ${name} that satisfies the simulate contract`, async () => {
      const r = await run(["simulate", `fixtures/scenarios/${name}.yaml`, "-o", "json"]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(doc.timeline.length).toBeGreaterThan(0);
    });
  }

  it("prints a readable text timeline naming the rules", async () => {
    const r = await run(["simulate", "fixtures/scenarios/crash-loop.yaml"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("ContainerExited pod=web-0 container=app exitCode=1");
    expect(r.out).toContain("waiting:CrashLoopBackOff");
    expect(r.out).toContain("rules: ");
    expect(r.out).toContain("app: running, restarts 4, ready true");
  });

  it("stops at --until and reports the state then", async () => {
    const r = await run(["simulate", "fixtures/scenarios/node-loss.yaml", "--until", "5m", "-o", "json"]);
    const doc = JSON.parse(r.out);
    expect(doc.timeline.at(-1).t).toBe("2m");
    expect(doc.final.pods.map((p: { name: string; phase: string }) => `${p.name}:${p.phase}`)).toEqual([
      "tolerant:Running",
      "web-0:Running",
    ]);
  });

  it("is deterministic: the same scenario prints byte-identical JSON", async () => {
    const a = await run(["simulate", "fixtures/scenarios/sidecar-ordering.yaml", "-o", "json"]);
    const b = await run(["simulate", "fixtures/scenarios/sidecar-ordering.yaml", "-o", "json"]);
    expect(a.out).toBe(b.out);
  });

  const bad: [string, string, RegExp][] = [
    ["unknown-event", "fixtures/scenarios/bad/unknown-event.yaml:10:21", /unknown event type "ContainerExploded"/],
    ["bad-duration", "fixtures/scenarios/bad/bad-duration.yaml:10:10", /"10 seconds" is not a duration/],
    ["unknown-pod", "fixtures/scenarios/bad/unknown-pod.yaml:10:43", /unknown pod "wbe"/],
    ["bad-field", "fixtures/scenarios/bad/bad-field.yaml:10:67", /probe must be one of readiness, liveness, startup/],
  ];
  for (const [name, where, msg] of bad) {
    it(`refuses the ${name} scenario with its file:line:column and exit 2`, async () => {
      const r = await run(["simulate", `fixtures/scenarios/bad/${name}.yaml`]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(where);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    });
  }

  it("reads manifests from files: relative to the scenario, and stops an endless back-off at the 1h horizon", async () => {
    const r = await run(["simulate", "fixtures/scenarios/with-files.yaml", "-o", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(validate(doc)).toBe(true);
    const web = doc.final.pods[0];
    expect(web.name).toBe("web");
    expect(web.phase).toBe("Pending");
    expect(web.containerStatuses[0].state.waiting.reason).toMatch(/^(ImagePullBackOff|ErrImagePull)$/);
    const times = doc.timeline.map((e: { t: string }) => e.t);
    expect(times.at(-1)).toMatch(/^(5[0-9]m|1h)/);
  });

  it("refuses a bad --until with exit 2", async () => {
    const r = await run(["simulate", "fixtures/scenarios/crash-loop.yaml", "--until", "soon"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--until/);
  });

  it("refuses a missing scenario file with exit 2", async () => {
    const r = await run(["simulate", "fixtures/scenarios/nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read scenario/);
    expect(r.err).toMatch(/fix: check the path of the scenario file/);
  });

  it("reads the scenario from standard input when given -, with the same timeline as from the file", async () => {
    const file = "fixtures/scenarios/crash-loop.yaml";
    const fromFile = await run(["simulate", file, "-o", "json"]);
    const io = memoryIO(readFileSync(file, "utf8"));
    const code = await main(["simulate", "-", "-o", "json"], io);
    expect(code).toBe(0);
    expect(io.out).toBe(fromFile.out);
  });
});
