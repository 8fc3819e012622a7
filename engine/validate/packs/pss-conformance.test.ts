/**
 * Pod Security Standards conformance: every official pod-security-admission fixture
 * (../shared/conformance/pod-security-admission/test/testdata/<level>/v1.<minor>/{pass,fail}/*.yaml)
 * must be allowed (pass) or denied by the check its file name names (fail), with the upstream
 * harness's expected error substring in the message, at its own level and version, for v1.0–v1.37. Each pod is also checked wrapped in a Deployment template, as the upstream
 * harness does (test/run.go Run), with the findings' pointers moved under /spec/template.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import type { SourceDocument } from "../../io/yaml.js";
import { checkDocument, loadPacks } from "./index.js";

const ROOT = join(import.meta.dirname, "../../../../shared/conformance/pod-security-admission/test/testdata");

/** Check ID (file-name prefix, lower-cased) → the rule ids that implement it (all version variants). */
const CHECK_RULES: Readonly<Record<string, readonly string[]>> = {
  apparmorprofile: ["pod-security-baseline/app-armor"],
  capabilities_baseline: ["pod-security-baseline/capabilities"],
  hostnamespaces: ["pod-security-baseline/host-namespaces"],
  hostpathvolumes: ["pod-security-baseline/host-path-volumes"],
  hostports: ["pod-security-baseline/host-ports"],
  hostprobesandhostlifecycle: ["pod-security-baseline/host-probes-lifecycle"],
  privileged: ["pod-security-baseline/privileged"],
  procmount: ["pod-security-baseline/proc-mount", "pod-security-baseline/proc-mount-host-users"],
  seccompprofile_baseline: ["pod-security-baseline/seccomp-annotations", "pod-security-baseline/seccomp-profile"],
  selinuxoptions: ["pod-security-baseline/se-linux-options"],
  sysctls: ["pod-security-baseline/sysctls"],
  windowshostprocess: ["pod-security-baseline/windows-host-process"],
  allowprivilegeescalation: [
    "pod-security-restricted/allow-privilege-escalation",
    "pod-security-restricted/allow-privilege-escalation-linux",
  ],
  capabilities_restricted: [
    "pod-security-restricted/capabilities-drop-all",
    "pod-security-restricted/capabilities-drop-all-linux",
    "pod-security-restricted/capabilities-add",
    "pod-security-restricted/capabilities-add-linux",
  ],
  procmount_restricted: ["pod-security-restricted/proc-mount"],
  restrictedvolumes: ["pod-security-restricted/volume-types"],
  runasnonroot: ["pod-security-restricted/run-as-non-root", "pod-security-restricted/run-as-non-root-host-users"],
  runasuser: ["pod-security-restricted/run-as-user", "pod-security-restricted/run-as-user-host-users"],
  seccompprofile_restricted: [
    "pod-security-restricted/seccomp-profile",
    "pod-security-restricted/seccomp-profile-linux",
  ],
};

/**
 * The substring upstream's harness expects in the denial (test/run.go expectErrorSubstring; the check
 * ID when none is registered). kubespec's messages start with pod-security-admission's ForbiddenReason.
 */
const EXPECTED_SUBSTRING: Readonly<Record<string, string>> = {
  apparmorprofile: "forbidden AppArmor profile",
  capabilities_baseline: "capabilities",
  capabilities_restricted: "unrestricted capabilities",
  hostnamespaces: "host namespaces",
  hostpathvolumes: "hostPath",
  hostports: "hostPort",
  hostprobesandhostlifecycle: "probe or lifecycle host",
  procmount: "procMount",
  procmount_restricted: "procMount",
  restrictedvolumes: "restricted volume types",
  selinuxoptions: "seLinuxOptions",
  seccompprofile_baseline: "seccompProfile",
  seccompprofile_restricted: "seccompProfile",
  sysctls: "forbidden sysctl",
  windowshostprocess: "hostProcess",
  allowprivilegeescalation: "allowPrivilegeEscalation",
  privileged: "privileged",
  runasnonroot: "runAsNonRoot",
  runasuser: "runAsUser",
};

/** At restricted, a baseline check a restricted check overrides is reported under the overriding check (policy/checks.go OverrideCheckIDs). */
function overriddenBy(level: string, minor: number, check: string): string | undefined {
  if (level !== "restricted") return undefined;
  if (check === "capabilities_baseline" && minor >= 22) return "capabilities_restricted";
  if (check === "seccompprofile_baseline" && minor >= 19) return "seccompprofile_restricted";
  if (check === "hostpathvolumes") return "restrictedvolumes";
  if (check === "procmount" && minor >= 35) return "procmount_restricted";
  return undefined;
}

function checkOf(file: string): string {
  return file.replace(/\.yaml$/, "").replace(/\d+$/, "");
}

function wrapInDeployment(pod: Record<string, unknown>): Record<string, unknown> {
  const meta = (pod.metadata ?? {}) as Record<string, unknown>;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: meta.name },
    spec: {
      selector: { matchLabels: { app: "x" } },
      template: { metadata: { ...meta, labels: { app: "x" } }, spec: pod.spec },
    },
  };
}

const LEVELS = ["baseline", "restricted"] as const;
const HAVE_FIXTURES = existsSync(ROOT);

describe.skipIf(!HAVE_FIXTURES)("Pod Security Standards conformance (official pod-security-admission fixtures)", () => {
  for (const level of LEVELS) {
    it(`agrees with every ${level} fixture for v1.0 to v1.37`, () => {
      const summary: string[] = [];
      const failures: string[] = [];
      let files = 0;
      for (let minor = 0; minor <= 37; minor++) {
        const dir = join(ROOT, level, `v1.${minor}`);
        const packs = loadPacks([`pod-security-${level}`], `1.${minor}`);
        let passed = 0;
        let total = 0;
        for (const outcome of ["pass", "fail"] as const) {
          for (const file of readdirSync(join(dir, outcome)).sort()) {
            total++;
            const path = join(dir, outcome, file);
            // Decisions only (positions are covered by the rule tester): js-yaml parses 4,537 files fast.
            const doc: SourceDocument = {
              file: path,
              index: 0,
              value: load(readFileSync(path, "utf8")),
              basePointer: "",
              positionOf: () => ({ line: 1, column: 1 }),
              keyPositionOf: () => ({ line: 1, column: 1 }),
            };
            const found = checkDocument(packs, doc);
            const deployment = { ...doc, value: wrapInDeployment(doc.value as Record<string, unknown>) };
            const wrapped = checkDocument(packs, deployment);
            let ok: boolean;
            if (outcome === "pass") {
              ok = found.length === 0 && wrapped.length === 0;
              if (!ok)
                failures.push(
                  `${path}: expected allowed, got ${found.map((d) => `${d.ruleId}@${d.instancePath}`).join(", ")}`,
                );
            } else {
              const check = checkOf(file);
              const effective = overriddenBy(level, minor, check) ?? check;
              const expected = CHECK_RULES[effective] ?? [];
              const substring = EXPECTED_SUBSTRING[effective] ?? "\u0000";
              const hit = found.some((d) => expected.includes(d.ruleId) && d.message.includes(substring));
              const wrappedHit = wrapped.some(
                (d) => expected.includes(d.ruleId) && d.instancePath?.startsWith("/spec/template/"),
              );
              ok = expected.length > 0 && hit && wrappedHit;
              if (!ok) {
                failures.push(
                  `${path}: expected denial by ${expected.join("|") || `(unmapped check ${check})`}, got ${found.map((d) => d.ruleId).join(", ") || "nothing"}`,
                );
              }
            }
            if (ok) passed++;
          }
        }
        files += total;
        summary.push(`v1.${minor} ${passed}/${total}`);
      }
      console.log(`PSS ${level}: ${files} files; ${summary.join(", ")}`);
      expect(failures).toEqual([]);
    });
  }
});
