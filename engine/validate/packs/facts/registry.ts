/**
 * The named fact extractors packs may use: a rule condition names a fact, the runner computes only the
 * facts some enabled rule reads. Adding a fact = one pure function + one line here.
 */
import * as bp from "./best-practice.js";
import * as cf from "./correctness-config.js";
import * as cn from "./correctness-containers.js";
import * as co from "./correctness-objects.js";
import * as cs from "./correctness-scheduling.js";
import * as psc from "./pss-container-security.js";
import * as psh from "./pss-host.js";
import * as psp from "./pss-profiles.js";
import type { Extractor } from "./types.js";

/** Every fact a pack rule may name, by name. */
export const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  // Pod Security Standards
  pssHostNamespaces: psh.pssHostNamespaces,
  pssHostPorts: psh.pssHostPorts,
  pssHostPathVolumes: psh.pssHostPathVolumes,
  pssWindowsHostProcess: psh.pssWindowsHostProcess,
  pssHostProbesLifecycle: psh.pssHostProbesLifecycle,
  pssPrivileged: psc.pssPrivileged,
  pssCapabilitiesBaseline: psc.pssCapabilitiesBaseline,
  pssCapabilitiesAddRestricted: psc.pssCapabilitiesAddRestricted,
  pssCapabilitiesDropAll: psc.pssCapabilitiesDropAll,
  pssProcMount: psc.pssProcMount,
  pssAllowPrivilegeEscalation: psc.pssAllowPrivilegeEscalation,
  pssRunAsNonRoot: psc.pssRunAsNonRoot,
  pssRunAsUser: psc.pssRunAsUser,
  podUserNamespace: psc.podUserNamespace,
  podOS: psc.podOS,
  pssAppArmor: psp.pssAppArmor,
  pssSeccompAnnotations: psp.pssSeccompAnnotations,
  pssSeccompBaseline: psp.pssSeccompBaseline,
  pssSeccompRestricted: psp.pssSeccompRestricted,
  pssSELinuxOptions: psp.pssSELinuxOptions,
  pssSysctls: psp.pssSysctls,
  pssRestrictedVolumes: psp.pssRestrictedVolumes,
  // correctness
  ...cn.CONTAINER_FACTS,
  ...co.OBJECT_FACTS,
  ...cs.SCHEDULING_FACTS,
  ...cf.CONFIG_FACTS,
  // best practice
  ...bp.BEST_PRACTICE_FACTS,
};

/**
 * Facts that read nothing of a document but its pod spec (`ctx.pod`, `ctx.containers`) and the
 * version (`ctx.minor`, `ctx.kubernetesVersion`, `ctx.sets`): on a document without a pod spec
 * (two thirds of the corpus: Services, ConfigMaps, CRDs, RBAC...) each has one value, which the
 * runner computes once per loaded packs instead of once per document. pod-scoped.test.ts checks
 * the extractors' sources and their values on generated and corpus documents without a pod.
 */
export const POD_SCOPED: ReadonlySet<string> = new Set([
  "pssHostNamespaces",
  "pssHostPorts",
  "pssHostPathVolumes",
  "pssWindowsHostProcess",
  "pssHostProbesLifecycle",
  "pssPrivileged",
  "pssCapabilitiesDropAll",
  "pssProcMount",
  "pssAllowPrivilegeEscalation",
  "pssRunAsNonRoot",
  "pssRunAsUser",
  "podUserNamespace",
  "podOS",
  "pssSeccompAnnotations",
  "duplicateContainerNames",
  "invalidContainerNames",
  "duplicateHostPorts",
  "duplicateContainerPorts",
  "badPortNames",
  "undeclaredNamedProbePorts",
  "undeclaredNumericProbePorts",
  "requestsAboveLimits",
  "initContainerForbiddenFields",
  "ephemeralForbiddenFields",
  "probeSuccessThreshold",
  "duplicateMountPaths",
  "badVolumeNames",
  "duplicateEnvVars",
  "badProbeHandlers",
  "nonOvercommitMismatch",
  "templateLabels",
  "badTolerations",
  "badTopologySpread",
  "badNodeSelector",
  "writableRootFilesystem",
  "privilegeEscalationAllowed",
  "capabilitiesNotDropped",
  "dangerousCapabilities",
  "sensitiveHostPaths",
  "secretsInEnv",
  "automountToken",
  "deprecatedServiceAccount",
  "sshPorts",
  "unpinnedImages",
  "pullPolicyNotAlways",
  "missingCpuRequests",
  "missingMemoryRequests",
  "missingCpuLimits",
  "missingMemoryLimits",
  "noPriorityClass",
]);

/** Whether `name` is a known fact. */
export function isKnownFact(name: string): boolean {
  return Object.hasOwn(EXTRACTORS, name);
}
