/**
 * Pod Security Standards (baseline) checks on host access, as offending-field lists.
 * Mirrors kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/:
 * check_hostNamespaces.go, check_hostPorts.go, check_hostPathVolumes.go,
 * check_windowsHostProcess.go, check_hostProbesAndhostLifecycle.go.
 */
import { child, list, num, obj, prop, str } from "./access.js";
import type { FactContext, Finding } from "./types.js";

/** check_hostNamespaces.go hostNamespaces_1_0: hostNetwork, hostPID, hostIPC set to true. */
export function pssHostNamespaces(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (prop(pod.spec, field) === true) out.push({ pointer: `${pod.specPointer}/${field}`, field });
  }
  return out;
}

/** check_hostPorts.go hostPorts_1_0: any non-zero ports[*].hostPort, in every container. */
export function pssHostPorts(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const ports = list(c.value, "ports");
    for (let i = 0; i < ports.length; i++) {
      const hp = num(ports[i], "hostPort");
      if (hp !== undefined && hp !== 0) {
        out.push({ pointer: `${c.pointer}/ports/${i}/hostPort`, container: c.name, hostPort: hp });
      }
    }
  }
  return out;
}

/** check_hostPathVolumes.go hostPathVolumes_1_0: any volume with a hostPath source. */
export function pssHostPathVolumes(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const vols = list(pod.spec, "volumes");
  const out: Finding[] = [];
  for (let i = 0; i < vols.length; i++) {
    const hp = prop(vols[i], "hostPath");
    if (hp !== undefined && hp !== null) {
      out.push({ pointer: `${pod.specPointer}/volumes/${i}/hostPath`, volume: str(vols[i], "name") ?? "" });
    }
  }
  return out;
}

/** check_windowsHostProcess.go windowsHostProcess_1_0: windowsOptions.hostProcess true (pod or container). */
export function pssWindowsHostProcess(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const out: Finding[] = [];
  if (prop(child(child(pod.spec, "securityContext"), "windowsOptions"), "hostProcess") === true) {
    out.push({ pointer: `${pod.specPointer}/securityContext/windowsOptions/hostProcess`, container: "", where: "pod" });
  }
  for (const c of ctx.containers) {
    if (prop(child(child(c.value, "securityContext"), "windowsOptions"), "hostProcess") === true) {
      out.push({
        pointer: `${c.pointer}/securityContext/windowsOptions/hostProcess`,
        container: c.name,
        where: `container "${c.name}"`,
      });
    }
  }
  return out;
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HOOKS = ["postStart", "preStop"] as const;
const HANDLERS = ["httpGet", "tcpSocket"] as const;

/**
 * check_hostProbesAndhostLifecycle.go hostProbesAndHostLifecycle_1_34: a non-empty `host` in the
 * httpGet/tcpSocket handler of any probe or postStart/preStop hook.
 */
export function pssHostProbesLifecycle(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  const visit = (handler: unknown, pointer: string, container: string) => {
    for (const h of HANDLERS) {
      const host = str(child(handler, h), "host");
      if (host !== undefined && host !== "") out.push({ pointer: `${pointer}/${h}/host`, container, host });
    }
  };
  for (const c of ctx.containers) {
    for (const p of PROBES) {
      const probe = obj(prop(c.value, p));
      if (probe) visit(probe, `${c.pointer}/${p}`, c.name);
    }
    const lifecycle = child(c.value, "lifecycle");
    for (const h of HOOKS) {
      const hook = obj(prop(lifecycle, h));
      if (hook) visit(hook, `${c.pointer}/lifecycle/${h}`, c.name);
    }
  }
  return out;
}
