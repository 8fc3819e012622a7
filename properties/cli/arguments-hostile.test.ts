/**
 * Hostile command lines: prototype-named commands, subjects and option values, absurd numbers in
 * options, directories where files are expected. Usage errors exit 2 with a message and the help
 * hint; nothing reaches a prototype; the exit code is always 0, 1 or 2.
 */
import { describe, expect, it } from "vitest";
import { cli, expectNoCrash, expectRefused, ROOT, scratchEmptyDir } from "./harness.js";

const POD = `${ROOT}fixtures/scheduler/explain/pod.yaml`;
const NODES = `${ROOT}fixtures/scheduler/explain/nodes.yaml`;
const CRASH_LOOP = `${ROOT}fixtures/scenarios/crash-loop.yaml`;

describe("prototype names on the command line", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "treats %s as an unknown command",
    async (name) => {
      const r = await cli([name]);
      expectNoCrash(r);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`unknown command '${name}'`);
    },
  );

  it.each([
    ["--pack", "__proto__"],
    ["--pack", "constructor"],
    ["--fail-on", "__proto__"],
    ["-o", "constructor"],
    ["--kubernetes-version", "1e400"],
    ["--engine", "toString"],
  ])("validate %s %s is a usage error (exit 2)", async (opt, value) => {
    const r = await cli(["validate", "-", opt, value], "");
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Run 'kubespec validate --help' for usage.");
  });

  it("validate --skip __proto__ skips nothing and pollutes nothing", async () => {
    const r = await cli(
      ["validate", "-", "--skip", "__proto__", "--skip", "constructor", "--pack", "correctness"],
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    );
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
  });

  it("explain constructor never leaks a non-numeric exit code (the dispatcher maps it to exit 2)", async () => {
    // Before the dispatcher checked the returned code, the real binary died with
    // ERR_INVALID_ARG_TYPE and a stack trace from process.exitCode.
    const r = await cli(["explain", "constructor"]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  it.each(["constructor", "__proto__", "toString"])(
    "explain %s is an unknown subject, not a property of Object.prototype",
    async (subject) => {
      const r = await cli(["explain", subject, "x"]);
      expectNoCrash(r);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`unknown subject '${subject}'`);
    },
  );
});

describe("absurd option values", () => {
  it("explain scheduling refuses --seed 1e400 and a negative seed as usage errors", async () => {
    for (const seed of ["1e400", "-1", "NaN", "1.5"]) {
      const r = await cli(["explain", "scheduling", "--pod", POD, "--nodes", NODES, `--seed=${seed}`]);
      expectNoCrash(r);
      expect(r.code, seed).toBe(2);
    }
  });

  it("simulate refuses --until that is not a duration and accepts an absurdly long one", async () => {
    for (const until of ["1e400", "-5s", "forever", ""]) {
      const r = await cli(["simulate", CRASH_LOOP, `--until=${until}`]);
      expectNoCrash(r);
      expect(r.code, until).toBe(2);
    }
    const long = await cli(["simulate", CRASH_LOOP, "--until", "99999999999999999999h"]);
    expectNoCrash(long);
    expect(long.code).toBe(0);
  });
});

describe("directories where a file is expected", () => {
  it("explain scheduling --nodes and --config refuse an empty directory (exit 2)", async () => {
    const dir = scratchEmptyDir("empty-for-options");
    const nodes = await cli(["explain", "scheduling", "--pod", POD, "--nodes", dir]);
    expectRefused(nodes, dir);
    const config = await cli(["explain", "scheduling", "--pod", POD, "--nodes", NODES, "--config", dir]);
    expectNoCrash(config);
    expect(config.code).toBe(2);
    expect(config.err).toContain(`${dir}:1:1: error [scheduler-config] no configuration file at ${dir}`);
  });

  it("says how to fix --config pointing at a directory (BUG scheduler/config: 'no configuration file at DIR' has no fix line)", async () => {
    const dir = scratchEmptyDir("empty-for-config");
    expectRefused(await cli(["explain", "scheduling", "--pod", POD, "--nodes", NODES, "--config", dir]), dir);
  });

  it("refuses a --crd directory holding no CRD (BUG validate: an empty --crd directory is accepted silently)", async () => {
    const dir = scratchEmptyDir("empty-crds");
    expect(
      (await cli(["validate", "-", "--crd", dir], "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")).code,
    ).toBe(2);
  });
});
