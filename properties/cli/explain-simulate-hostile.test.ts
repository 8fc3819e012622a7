/**
 * `kubespec explain pod`, `explain scheduling` (--pod/--nodes/--existing/--config) and `simulate`
 * on hostile inputs: a broken or unusable input is refused with exit 2 at file:line:column with a
 * fix; nothing crashes, nothing pollutes a prototype.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type CliRun, cli, expectNoCrash, expectRefused, hostile, prototypeKeys, ROOT, scratch } from "./harness.js";

const PROTO_BEFORE = prototypeKeys();
const POD = `${ROOT}fixtures/scheduler/explain/pod.yaml`;
const NODES = `${ROOT}fixtures/scheduler/explain/nodes.yaml`;

/** Hostile texts every input slot must survive; each is refused (exit 2) where a usable object is required. */
const BROKEN: Readonly<Record<string, string>> = {
  "unclosed-flow": "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n",
  tabs: "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n",
  "top-level-list": "- a\n- b\n",
  scalar: "hello\n",
  number: "42\n",
  empty: "",
  nul: "kind: Pod\nx: \u0000\n",
  "alias-bomb": `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`).join("\n")}\n`,
  "deep-flow": `a: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
  "deep-block": Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}a:\n`).join(""),
  "recursive-alias": "a: &a {b: *a}\n",
};
const files = Object.fromEntries(Object.entries(BROKEN).map(([k, v]) => [k, scratch(`broken/${k}.yaml`, v)]));

function refusedAt(r: CliRun, file: string): void {
  expectRefused(r, file);
}

describe("explain pod on hostile files", () => {
  it.each(Object.keys(BROKEN))("refuses %s with exit 2 at a position with a fix", async (name) => {
    refusedAt(await cli(["explain", "pod", files[name]!]), files[name]!);
  });

  it("refuses a Pod whose spec is a string, and a missing file, and a directory", async () => {
    const f = scratch("pod-spec-string.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: hello\n");
    const ds = expectRefused(await cli(["explain", "pod", f]), f);
    expect(ds[0]).toMatchObject({ line: 4, column: 7 });
    expectRefused(await cli(["explain", "pod", "/nonexistent/pod.yaml"]), "/nonexistent/pod.yaml");
    const dir = scratch("dir-with-pod/pod.yaml", "kind: Pod\n").replace(/\/pod\.yaml$/, "");
    const r = await cli(["explain", "pod", dir]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
  });

  it("reads a Pod from standard input and refuses broken standard input at its position", async () => {
    const r = await cli(["explain", "pod", "-"], BROKEN["unclosed-flow"]);
    refusedAt(r, "-");
  });

  it("keeps __proto__ and constructor keys as data", async () => {
    const r = await cli(["explain", "pod", hostile("explain/pod-proto-keys.yaml"), "-o", "json"]);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).pod).toMatchObject({ name: "p", namespace: "default" });
    expect(prototypeKeys()).toEqual(PROTO_BEFORE);
  });

  it.each([
    ["pod-scalar-containers.yaml", "Cannot read properties of null (reading 'imagePullPolicy')"],
    ["pod-init-containers-number.yaml", "spec.initContainers.map is not a function"],
    ["pod-ports-number.yaml", "out.ports?.some is not a function"],
  ])("refuses %s at the offending field (BUG kubelet/explain-pod: internal error %s)", async (name) => {
    const file = hostile(`explain/${name}`);
    expectRefused(await cli(["explain", "pod", file]), file);
  });

  it("refuses a Pod whose metadata is a string (BUG explain-pod: it explains 'Pod default/' with exit 0)", async () => {
    const file = hostile("explain/pod-metadata-string.yaml");
    expectRefused(await cli(["explain", "pod", file]), file);
  });
});

describe("explain scheduling on hostile files", () => {
  it.each(Object.keys(BROKEN))("refuses %s given as --pod, --nodes, --existing or --config (exit 2)", async (name) => {
    const f = files[name]!;
    const runs = [
      ["--pod", f, "--nodes", NODES],
      ["--pod", POD, "--nodes", f],
      ["--pod", POD, "--nodes", NODES, "--config", f],
    ];
    for (const args of runs) refusedAt(await cli(["explain", "scheduling", ...args]), f);
    // --existing may hold no pods at all (an empty cluster); what it holds must still parse.
    const existing = await cli(["explain", "scheduling", "--pod", POD, "--nodes", NODES, "--existing", f]);
    expectNoCrash(existing);
    if (["top-level-list", "scalar", "number", "empty"].includes(name)) expect(existing.code).toBe(0);
    else refusedAt(existing, f);
  });

  it("refuses missing files for every option (exit 2)", async () => {
    const missing = "/nonexistent/x.yaml";
    for (const args of [
      ["--pod", missing, "--nodes", NODES],
      ["--pod", POD, "--nodes", missing],
      ["--pod", POD, "--nodes", NODES, "--existing", missing],
      ["--pod", POD, "--nodes", NODES, "--config", missing],
    ])
      refusedAt(await cli(["explain", "scheduling", ...args]), missing);
  });

  it("refuses a Pod or an existing object without a name at its metadata", async () => {
    const f = scratch(
      "pod-number-name.yaml",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: 123}\nspec: {containers: []}\n",
    );
    const ds = expectRefused(await cli(["explain", "scheduling", "--pod", f, "--nodes", NODES]), f);
    expect(ds[0]).toMatchObject({ line: 3, column: 11 });
    const ex = await cli(["explain", "scheduling", "--pod", POD, "--nodes", NODES, "--existing", f]);
    expectRefused(ex, f);
  });

  it("keeps prototype keys in node labels, allocatable and node selectors as data", async () => {
    const nodes = scratch(
      "proto-nodes.yaml",
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {__proto__: x, constructor: '1'}}\nstatus: {allocatable: {__proto__: '1', cpu: '4', memory: 8Gi, pods: '110'}}\n",
    );
    const r = await cli(["explain", "scheduling", "--pod", hostile("explain/pod-proto-keys.yaml"), "--nodes", nodes]);
    expectNoCrash(r);
    expect([0, 1]).toContain(r.code);
    expect(prototypeKeys()).toEqual(PROTO_BEFORE);
    // A __proto__ key whose value is an object is a schema error at its position, not a prototype.
    const objectProto = scratch(
      "proto-nodes-object.yaml",
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {__proto__: {cpu: 1}, cpu: '4', memory: 8Gi, pods: '110'}}\n",
    );
    const refused = await cli(["explain", "scheduling", "--pod", POD, "--nodes", objectProto]);
    expect(expectRefused(refused, objectProto)[0]).toMatchObject({ line: 4, column: 35, ruleId: "schema/type" });
    expect(prototypeKeys()).toEqual(PROTO_BEFORE);
  });

  it.each([
    ["--pod", "pod-scalar-containers.yaml", "Cannot read properties of null (reading 'resources')"],
    ["--pod", "pod-init-containers-number.yaml", "number 5 is not iterable"],
    ["--nodes", "node-wrong-types.yaml", "q.trim is not a function"],
  ])(
    "refuses %s %s at the offending field (it crashed with the internal error %s before explain scheduling schema-checked its input)",
    async (opt, name) => {
      const file = hostile(`explain/${name}`);
      const args = opt === "--pod" ? ["--pod", file, "--nodes", NODES] : ["--pod", POD, "--nodes", file];
      expectRefused(await cli(["explain", "scheduling", ...args]), file);
    },
  );
});

describe("simulate on hostile scenarios", () => {
  it.each(Object.keys(BROKEN))("refuses %s with exit 2 at a position with a fix", async (name) => {
    refusedAt(await cli(["simulate", files[name]!]), files[name]!);
  });

  it.each([
    ["events-not-a-list.yaml", 7, /\/spec\/events must be array/],
    ["unclosed-flow.yaml", 8, /yaml-parse|end with a \]/],
  ])("refuses %s at its line (exit 2)", async (name, line, message) => {
    const file = hostile(`scenarios/${name}`);
    const ds = expectRefused(await cli(["simulate", file]), file);
    expect(ds[0]!.line).toBe(line);
    expect(`[${ds[0]!.ruleId}] ${ds[0]!.message}`).toMatch(message);
  });

  it("refuses a nonexistent scenario and a directory (exit 2)", async () => {
    for (const p of ["/nonexistent/scenario.yaml", `${ROOT}fixtures/hostile`]) {
      const r = await cli(["simulate", p]);
      expectNoCrash(r);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${p}:1:1`);
    }
  });

  it("says how to fix an unreadable scenario (BUG simulate: 'cannot read scenario: ENOENT: no such file or directory, open ...' has no fix line, and '-' is read as a file named '-')", async () => {
    expectRefused(await cli(["simulate", "/nonexistent/scenario.yaml"]), "/nonexistent/scenario.yaml");
    const r = await cli(["simulate", "-"], BROKEN["unclosed-flow"]);
    expect(r.err).not.toContain("ENOENT");
  });

  it.each([
    ["pod-without-spec.yaml", "Cannot read properties of undefined (reading 'hostNetwork')"],
    ["wrong-container-types.yaml", "image.indexOf is not a function"],
    ["wrong-node-types.yaml", "node.status?.conditions?.find is not a function"],
  ])("refuses %s at the offending field (BUG scenario loader: internal error %s)", async (name) => {
    const file = hostile(`scenarios/${name}`);
    expectRefused(await cli(["simulate", file]), file);
  });

  it("refuses or bounds absurd replica and completion counts (BUG scenario/controllers: replicas: 1e18 or Job completions: 1e18 never finish; replicas: 100000 takes over 25 s)", {
    timeout: 30_000,
  }, async () => {
    for (const name of ["absurd-replicas.yaml", "absurd-completions.yaml"]) {
      const file = hostile(`scenarios/${name}`);
      expectRefused(await cli(["simulate", file]), file);
    }
  });
});

afterAll(() => {
  expect(prototypeKeys()).toEqual(PROTO_BEFORE);
});
