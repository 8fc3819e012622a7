/**
 * Pod Security Standards checks on kernel security profiles and sysctls, as offending-field lists.
 * Mirrors kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/:
 * check_appArmorProfile.go, check_seccompProfile_baseline.go, check_seccompProfile_restricted.go,
 * check_seLinuxOptions.go, check_sysctls.go.
 */
import { child, list, obj, prop, str } from "./access.js";
import { memberPointer } from "./pod-target.js";
import type { FactContext, Finding } from "./types.js";

const APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

function set(ctx: FactContext, key: string): ReadonlySet<string> {
  return ctx.sets.get(key) ?? new Set();
}

/** Pod-level then container-level securityContext with their pointers. */
function contexts(ctx: FactContext): Array<{ pointer: string; value: unknown; container: string; where: string }> {
  const pod = ctx.pod;
  if (!pod) return [];
  const out = [
    {
      pointer: `${pod.specPointer}/securityContext`,
      value: prop(pod.spec, "securityContext"),
      container: "",
      where: "pod",
    },
  ];
  for (const c of ctx.containers) {
    out.push({
      pointer: `${c.pointer}/securityContext`,
      value: prop(c.value, "securityContext"),
      container: c.name,
      where: `container "${c.name}"`,
    });
  }
  return out;
}

/**
 * check_appArmorProfile.go appArmorProfile_1_0: AppArmor annotations other than runtime/default,
 * localhost/* or empty, and securityContext.appArmorProfile.type Unconfined (pod or any container).
 */
export function pssAppArmor(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  const annotations = child(pod.meta, "annotations") ?? {};
  for (const [k, v] of Object.entries(annotations)) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue;
    const value = typeof v === "string" ? v : String(v);
    if (value === "" || value === "runtime/default" || value.startsWith("localhost/")) continue;
    out.push({
      pointer: memberPointer(`${pod.metaPointer}/annotations`, k),
      container: k.slice(APPARMOR_PREFIX.length),
      where: `annotation ${k}`,
      value,
    });
  }
  const forbidden = set(ctx, "forbiddenAppArmorTypes");
  for (const s of contexts(ctx)) {
    const type = str(obj(prop(s.value, "appArmorProfile")), "type");
    if (type !== undefined && forbidden.has(type)) {
      out.push({ pointer: `${s.pointer}/appArmorProfile/type`, container: s.container, where: s.where, value: type });
    }
  }
  return out;
}

function validSeccompAnnotation(v: string): boolean {
  return v === "runtime/default" || v === "docker/default" || v.startsWith("localhost/");
}

/** check_seccompProfile_baseline.go seccompProfileBaseline_1_0: the alpha seccomp annotations. */
export function pssSeccompAnnotations(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const annotations = child(pod.meta, "annotations") ?? {};
  const out: Finding[] = [];
  const check = (key: string, container: string) => {
    if (!Object.hasOwn(annotations, key)) return;
    const value = String(annotations[key]);
    if (!validSeccompAnnotation(value)) {
      out.push({ pointer: memberPointer(`${pod.metaPointer}/annotations`, key), container, value });
    }
  };
  check(SECCOMP_POD_ANNOTATION, "");
  for (const c of ctx.containers) check(SECCOMP_CONTAINER_PREFIX + c.name, c.name);
  return out;
}

/** check_seccompProfile_baseline.go seccompProfileBaseline_1_19: an explicitly set type other than RuntimeDefault/Localhost. */
export function pssSeccompBaseline(ctx: FactContext): Finding[] {
  const allowed = set(ctx, "allowedSeccompTypes");
  const out: Finding[] = [];
  for (const s of contexts(ctx)) {
    const profile = obj(prop(s.value, "seccompProfile"));
    if (!profile) continue;
    const type = str(profile, "type") ?? "";
    if (!allowed.has(type))
      out.push({ pointer: `${s.pointer}/seccompProfile/type`, container: s.container, where: s.where, value: type });
  }
  return out;
}

/**
 * check_seccompProfile_restricted.go seccompProfileRestricted_1_19: explicit bad types fail; a container
 * without a profile fails unless the pod sets a valid one.
 */
export function pssSeccompRestricted(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const allowed = set(ctx, "allowedSeccompTypes");
  const out = pssSeccompBaseline(ctx);
  const podProfile = obj(prop(child(pod.spec, "securityContext"), "seccompProfile"));
  const podValid = podProfile !== undefined && allowed.has(str(podProfile, "type") ?? "");
  if (podValid) return out;
  for (const c of ctx.containers) {
    if (!obj(prop(child(c.value, "securityContext"), "seccompProfile"))) {
      out.push({
        pointer: `${c.pointer}/securityContext/seccompProfile/type`,
        container: c.name,
        where: `container "${c.name}"`,
        value: "unset",
      });
    }
  }
  return out;
}

/** check_seLinuxOptions.go: seLinuxOptions.type outside the allowed set, any user or role. */
export function pssSELinuxOptions(ctx: FactContext): Finding[] {
  const allowed = set(ctx, "allowedSELinuxTypes");
  const out: Finding[] = [];
  for (const s of contexts(ctx)) {
    const opts = obj(prop(s.value, "seLinuxOptions"));
    if (!opts) continue;
    const type = prop(opts, "type");
    if (type !== undefined && type !== null && !allowed.has(String(type))) {
      out.push({
        pointer: `${s.pointer}/seLinuxOptions/type`,
        container: s.container,
        where: s.where,
        field: "type",
        value: String(type),
      });
    }
    for (const field of ["user", "role"]) {
      const v = prop(opts, field);
      if (v !== undefined && v !== null && v !== "") {
        out.push({
          pointer: `${s.pointer}/seLinuxOptions/${field}`,
          container: s.container,
          where: s.where,
          field,
          value: String(v),
        });
      }
    }
  }
  return out;
}

/** check_sysctls.go: spec.securityContext.sysctls names outside the version's allowed set. */
export function pssSysctls(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const allowed = set(ctx, "allowedSysctls");
  const sysctls = list(child(pod.spec, "securityContext"), "sysctls");
  const out: Finding[] = [];
  for (let i = 0; i < sysctls.length; i++) {
    const name = str(sysctls[i], "name") ?? "";
    if (!allowed.has(name)) out.push({ pointer: `${pod.specPointer}/securityContext/sysctls/${i}/name`, sysctl: name });
  }
  return out;
}

/** check_restrictedVolumes.go restrictedVolumes_1_0: volume sources outside the allowed list. */
export function pssRestrictedVolumes(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const allowed = set(ctx, "restrictedAllowedVolumeSources");
  const vols = list(pod.spec, "volumes");
  const out: Finding[] = [];
  for (let i = 0; i < vols.length; i++) {
    const v = obj(vols[i]);
    if (!v) continue;
    for (const [key, value] of Object.entries(v)) {
      if (key === "name" || value === null || value === undefined || allowed.has(key)) continue;
      out.push({ pointer: `${pod.specPointer}/volumes/${i}/${key}`, volume: str(v, "name") ?? "", source: key });
    }
  }
  return out;
}
