/**
 * Best-practice facts on container and pod security (warnings, not admission decisions). Sources:
 * the default checks of kube-linter (stackrox/kube-linter pkg/templates/*), kube-score
 * (zegl/kube-score score/security) and Polaris (FairwindsOps/polaris pkg/config/checks/*.yaml), mapped in
 * spec/packs/README.md; Kubernetes semantics from kubernetes/kubernetes pkg/apis/core/types.go.
 */
import { child, list, num, obj, prop, str } from "./access.js";
import type { Extractor, FactContext, Finding } from "./types.js";

function sc(v: unknown): Record<string, unknown> | undefined {
  return child(v, "securityContext");
}

function podSc(ctx: FactContext): Record<string, unknown> | undefined {
  return sc(ctx.pod?.spec);
}

/** Effective securityContext field: the container's, else the pod's (PodSecurityContext precedence). */
function effective(ctx: FactContext, c: { value: Record<string, unknown> }, field: string): unknown {
  const own = prop(sc(c.value), field);
  return own !== undefined && own !== null ? own : prop(podSc(ctx), field);
}

/** Containers that may run as root: neither runAsNonRoot true nor a non-zero runAsUser (effective). */
function mayRunAsRoot(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter(
      (c) =>
        effective(ctx, c, "runAsNonRoot") !== true &&
        !((num(sc(c.value), "runAsUser") ?? num(podSc(ctx), "runAsUser") ?? 0) > 0),
    )
    .map((c) => ({ pointer: `${c.pointer}/securityContext/runAsNonRoot`, container: c.name }));
}

/** Containers whose root filesystem is writable (readOnlyRootFilesystem not true). */
function writableRootFilesystem(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter((c) => c.list !== "ephemeralContainers" && prop(sc(c.value), "readOnlyRootFilesystem") !== true)
    .map((c) => ({ pointer: `${c.pointer}/securityContext/readOnlyRootFilesystem`, container: c.name }));
}

/** Containers that allow privilege escalation (allowPrivilegeEscalation not false; true when privileged or CAP_SYS_ADMIN). */
function privilegeEscalationAllowed(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter((c) => prop(sc(c.value), "allowPrivilegeEscalation") !== false)
    .map((c) => ({ pointer: `${c.pointer}/securityContext/allowPrivilegeEscalation`, container: c.name }));
}

/** Containers that do not drop ALL capabilities. */
function capabilitiesNotDropped(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter((c) => !list(child(sc(c.value), "capabilities"), "drop").includes("ALL"))
    .map((c) => ({ pointer: `${c.pointer}/securityContext/capabilities/drop`, container: c.name }));
}

const DANGEROUS_CAPS = new Set([
  "ALL",
  "SYS_ADMIN",
  "NET_ADMIN",
  "SYS_MODULE",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "BPF",
  "PERFMON",
]);

/** capabilities.add entries that grant host-level power (Polaris dangerousCapabilities, plus kernel-module/ptrace/bpf). */
function dangerousCapabilities(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const add = list(child(sc(c.value), "capabilities"), "add");
    add.forEach((cap, i) => {
      const name = String(cap).toUpperCase().replace(/^CAP_/, "");
      if (DANGEROUS_CAPS.has(name))
        out.push({
          pointer: `${c.pointer}/securityContext/capabilities/add/${i}`,
          container: c.name,
          capability: String(cap),
        });
    });
  }
  return out;
}

/** kube-score container-security-context: runAsUser/runAsGroup should be > 10000 (avoid host UID collisions). */
function lowUserOrGroupIds(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    if (c.list === "ephemeralContainers") continue;
    for (const field of ["runAsUser", "runAsGroup"]) {
      const own = num(sc(c.value), field);
      const id = own ?? num(podSc(ctx), field);
      if (id === undefined || id <= 10000) {
        const at =
          own !== undefined
            ? `${c.pointer}/securityContext/${field}`
            : id !== undefined
              ? `${ctx.pod?.specPointer}/securityContext/${field}`
              : `${c.pointer}/securityContext/${field}`;
        out.push({ pointer: at, container: c.name, field, value: id === undefined ? "unset" : id });
      }
    }
  }
  return out;
}

/**
 * Polaris linuxHardening: at least one of seccompProfile (RuntimeDefault/Localhost), AppArmor, SELinux
 * options, or capabilities.drop ALL, for every container.
 */
function notHardened(ctx: FactContext): Finding[] {
  const podHardened =
    ["RuntimeDefault", "Localhost"].includes(str(child(podSc(ctx), "seccompProfile"), "type") ?? "") ||
    obj(prop(podSc(ctx), "appArmorProfile")) !== undefined ||
    obj(prop(podSc(ctx), "seLinuxOptions")) !== undefined;
  if (podHardened) return [];
  const annotations = child(ctx.pod?.meta, "annotations") ?? {};
  return ctx.containers
    .filter((c) => {
      const s = sc(c.value);
      return !(
        ["RuntimeDefault", "Localhost"].includes(str(child(s, "seccompProfile"), "type") ?? "") ||
        obj(prop(s, "appArmorProfile")) !== undefined ||
        obj(prop(s, "seLinuxOptions")) !== undefined ||
        Object.hasOwn(annotations, `container.apparmor.security.beta.kubernetes.io/${c.name}`) ||
        list(child(s, "capabilities"), "drop").includes("ALL")
      );
    })
    .map((c) => ({ pointer: `${c.pointer}/securityContext/seccompProfile`, container: c.name }));
}

const SENSITIVE_HOST_PATHS = [
  /^\/$/,
  /^\/boot\/?$/,
  /^\/dev\/?$/,
  /^\/etc\/?$/,
  /^\/lib\/?$/,
  /^\/proc\/?$/,
  /^\/sys\/?$/,
  /^\/usr\/?$/,
  /docker\.sock$/,
  /containerd\.sock$/,
  /crio\.sock$/,
  /^\/var\/run\/?$/,
  /^\/run\/?$/,
];

/** kube-linter sensitive-host-mounts and docker-sock: hostPath volumes on system directories or runtime sockets. */
function sensitiveHostPaths(ctx: FactContext): Finding[] {
  if (!ctx.pod) return [];
  const vols = list(ctx.pod.spec, "volumes");
  const out: Finding[] = [];
  vols.forEach((v, i) => {
    const path = str(child(v, "hostPath"), "path");
    if (path !== undefined && SENSITIVE_HOST_PATHS.some((re) => re.test(path))) {
      out.push({ pointer: `${ctx.pod?.specPointer}/volumes/${i}/hostPath/path`, volume: str(v, "name") ?? "", path });
    }
  });
  return out;
}

const SECRET_NAME = /(secret|password|passwd|token|api_?key|private_?key|credential)/i;

/** kube-linter env-var-secret, Polaris sensitiveContainerEnvVar: secret-looking env vars with a literal value. */
function secretsInEnv(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    list(c.value, "env").forEach((e, i) => {
      const name = str(e, "name") ?? "";
      const value = str(e, "value");
      if (value !== undefined && value !== "" && SECRET_NAME.test(name))
        out.push({ pointer: `${c.pointer}/env/${i}/value`, container: c.name, env: name });
    });
  }
  return out;
}

/** Polaris sensitiveConfigmapContent: ConfigMap keys that look like secrets. */
function secretsInConfigMap(ctx: FactContext): Finding[] {
  if (ctx.kind !== "ConfigMap") return [];
  const data = child(ctx.object, "data") ?? {};
  return Object.keys(data)
    .filter((k) => SECRET_NAME.test(k))
    .map((k) => ({ pointer: `/data/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, key: k }));
}

/** Polaris automountServiceAccountToken: the pod does not opt out of the API token. */
function automountToken(ctx: FactContext): Finding[] {
  if (!ctx.pod || prop(ctx.pod.spec, "automountServiceAccountToken") === false) return [];
  return [{ pointer: `${ctx.pod.specPointer}/automountServiceAccountToken` }];
}

/** kube-linter deprecated-service-account-field: spec.serviceAccount (deprecated alias of serviceAccountName). */
function deprecatedServiceAccount(ctx: FactContext): Finding[] {
  const sa = ctx.pod && str(ctx.pod.spec, "serviceAccount");
  return ctx.pod && sa !== undefined && sa !== ""
    ? [{ pointer: `${ctx.pod.specPointer}/serviceAccount`, value: sa }]
    : [];
}

/** kube-linter ssh-port: a container port 22/TCP. */
function sshPorts(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    list(c.value, "ports").forEach((p, i) => {
      if (num(p, "containerPort") === 22 && (str(p, "protocol") ?? "TCP") === "TCP")
        out.push({ pointer: `${c.pointer}/ports/${i}/containerPort`, container: c.name });
    });
  }
  return out;
}

/** Security best-practice facts by name. */
export const SECURITY_FACTS: Readonly<Record<string, Extractor>> = {
  mayRunAsRoot,
  writableRootFilesystem,
  privilegeEscalationAllowed,
  capabilitiesNotDropped,
  dangerousCapabilities,
  lowUserOrGroupIds,
  notHardened,
  sensitiveHostPaths,
  secretsInEnv,
  secretsInConfigMap,
  automountToken,
  deprecatedServiceAccount,
  sshPorts,
};
