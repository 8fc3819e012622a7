import { describe, expect, it } from "vitest";
import { DiagnosticError } from "../../model/diagnostic.js";
import { defaultPacks, listPacks, loadPacks } from "./index.js";

describe("loading packs", () => {
  it("lists the four bundled packs, correctness and best-practice being the default", () => {
    expect(listPacks()).toEqual(["pod-security-baseline", "pod-security-restricted", "correctness", "best-practice"]);
    expect(defaultPacks()).toEqual(["correctness", "best-practice"]);
  });

  it("rejects an unknown pack name with a diagnostic that lists the known packs", () => {
    let error: unknown;
    try {
      loadPacks(["correctness", "pod-security-strict"], "1.36");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DiagnosticError);
    const d = (error as DiagnosticError).diagnostics[0];
    expect(d?.message).toBe(
      'unknown pack "pod-security-strict"; known packs: pod-security-baseline, pod-security-restricted, correctness, best-practice',
    );
    expect(d?.fix).toContain("pod-security-restricted");
  });

  it("rejects a malformed Kubernetes version and accepts any 1.N, including v-prefixed ones", () => {
    expect(() => loadPacks(["correctness"], "latest")).toThrow(DiagnosticError);
    expect(loadPacks(["pod-security-baseline"], "v1.37").kubernetesVersion).toBe("v1.37");
    expect(loadPacks(["pod-security-baseline"], "1.0").compiled[0]?.rules.length).toBeGreaterThan(5);
  });

  it("computes only the facts the selected packs' rules read", () => {
    const baseline = loadPacks(["pod-security-baseline"], "1.36").facts.map(([name]) => name);
    expect(baseline).toContain("pssPrivileged");
    expect(baseline).not.toContain("pssRunAsNonRoot");
    expect(baseline).not.toContain("unpinnedImages");
    const old = loadPacks(["pod-security-baseline"], "1.18").facts.map(([name]) => name);
    expect(old).toContain("pssSeccompAnnotations");
    expect(old).not.toContain("pssSeccompBaseline");
    expect(old).not.toContain("pssHostProbesLifecycle");
  });

  it("drops the baseline rules a restricted check overrides at that version", () => {
    const ids = (v: string) =>
      loadPacks(["pod-security-restricted"], v).compiled.flatMap((c) => c.rules.map((r) => r.id));
    expect(ids("1.21")).toContain("pod-security-baseline/capabilities");
    expect(ids("1.22")).not.toContain("pod-security-baseline/capabilities");
    expect(ids("1.36")).not.toContain("pod-security-baseline/host-path-volumes");
    expect(ids("1.34")).toContain("pod-security-baseline/proc-mount");
    expect(ids("1.35")).not.toContain("pod-security-baseline/proc-mount-host-users");
    expect(ids("1.35")).toContain("pod-security-restricted/proc-mount");
  });
});
