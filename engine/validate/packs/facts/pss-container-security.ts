/**
 * Pod Security Standards checks on security contexts, as offending-field lists. Mirrors
 * kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/: check_privileged.go,
 * check_capabilities_baseline.go, check_capabilities_restricted.go, check_procMount_*.go,
 * check_allowPrivilegeEscalation.go, check_runAsNonRoot.go, check_runAsUser.go.
 */
import { child, list, prop, str } from "./access.js";
import type { FactContext, Finding } from "./types.js";

function sc(v: unknown): Record<string, unknown> | undefined {
  return child(v, "securityContext");
}

function set(ctx: FactContext, key: string): ReadonlySet<string> {
  return ctx.sets.get(key) ?? new Set();
}

/** check_privileged.go privileged_1_0: securityContext.privileged true in any container. */
export function pssPrivileged(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter((c) => prop(sc(c.value), "privileged") === true)
    .map((c) => ({ pointer: `${c.pointer}/securityContext/privileged`, container: c.name }));
}

function addedOutside(ctx: FactContext, allowed: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const add = list(child(sc(c.value), "capabilities"), "add");
    for (let i = 0; i < add.length; i++) {
      const cap = add[i];
      if (typeof cap !== "string" || !allowed.has(cap)) {
        out.push({
          pointer: `${c.pointer}/securityContext/capabilities/add/${i}`,
          container: c.name,
          capability: String(cap),
        });
      }
    }
  }
  return out;
}

/** check_capabilities_baseline.go capabilitiesBaseline_1_0: capabilities.add outside the default set. */
export function pssCapabilitiesBaseline(ctx: FactContext): Finding[] {
  return addedOutside(ctx, set(ctx, "baselineAddableCapabilities"));
}

/** check_capabilities_restricted.go capabilitiesRestricted_1_22: capabilities.add other than NET_BIND_SERVICE. */
export function pssCapabilitiesAddRestricted(ctx: FactContext): Finding[] {
  return addedOutside(ctx, set(ctx, "restrictedAddableCapabilities"));
}

/** check_capabilities_restricted.go capabilitiesRestricted_1_22: capabilities.drop must contain ALL. */
export function pssCapabilitiesDropAll(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const caps = child(sc(c.value), "capabilities");
    if (!list(caps, "drop").includes("ALL")) {
      out.push({ pointer: `${c.pointer}/securityContext/capabilities/drop`, container: c.name });
    }
  }
  return out;
}

/** check_procMount_restricted.go procMount_1_35_restricted: procMount set to anything but Default. */
export function pssProcMount(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const pm = prop(sc(c.value), "procMount");
    if (pm !== undefined && pm !== null && pm !== "Default") {
      out.push({ pointer: `${c.pointer}/securityContext/procMount`, container: c.name, value: String(pm) });
    }
  }
  return out;
}

/** check_allowPrivilegeEscalation.go allowPrivilegeEscalation_1_8: must be explicitly false in every container. */
export function pssAllowPrivilegeEscalation(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter((c) => prop(sc(c.value), "allowPrivilegeEscalation") !== false)
    .map((c) => ({ pointer: `${c.pointer}/securityContext/allowPrivilegeEscalation`, container: c.name }));
}

/**
 * check_runAsNonRoot.go runAsNonRoot_1_0: runAsNonRoot false anywhere fails; a container that leaves it
 * unset fails unless the pod sets it true.
 */
export function pssRunAsNonRoot(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  const podValue = prop(sc(pod.spec), "runAsNonRoot");
  if (podValue === false)
    out.push({ pointer: `${pod.specPointer}/securityContext/runAsNonRoot`, container: "", where: "pod" });
  for (const c of ctx.containers) {
    const v = prop(sc(c.value), "runAsNonRoot");
    if (v === false || ((v === undefined || v === null) && podValue !== true)) {
      out.push({
        pointer: `${c.pointer}/securityContext/runAsNonRoot`,
        container: c.name,
        where: `container "${c.name}"`,
      });
    }
  }
  return out;
}

/** check_runAsUser.go runAsUser_1_23: runAsUser 0 at pod or container level. */
export function pssRunAsUser(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  if (prop(sc(pod.spec), "runAsUser") === 0)
    out.push({ pointer: `${pod.specPointer}/securityContext/runAsUser`, container: "", where: "pod" });
  for (const c of ctx.containers) {
    if (prop(sc(c.value), "runAsUser") === 0)
      out.push({
        pointer: `${c.pointer}/securityContext/runAsUser`,
        container: c.name,
        where: `container "${c.name}"`,
      });
  }
  return out;
}

/** policy/helpers.go relaxPolicyForUserNamespacePod: spec.hostUsers explicitly false. */
export function podUserNamespace(ctx: FactContext): boolean {
  return ctx.pod !== undefined && prop(ctx.pod.spec, "hostUsers") === false;
}

/** spec.os.name ("" when unset); Windows pods are exempt from some restricted checks from 1.25. */
export function podOS(ctx: FactContext): string {
  return (ctx.pod && str(child(ctx.pod.spec, "os"), "name")) ?? "";
}
