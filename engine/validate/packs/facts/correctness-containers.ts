/**
 * Correctness facts about the containers of a pod spec: what the API server rejects or the kubelet
 * silently gets wrong. Each extractor cites the upstream function it mirrors, in kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go unless stated otherwise.
 */
import { compareQuantities, isQuantity } from "../../../model/quantity.js";
import { child, list, num, obj, prop, str } from "./access.js";
import { dns1123LabelProblem, portNameProblem } from "./names.js";
import { memberPointer } from "./pod-target.js";
import type { ContainerRef, Extractor, FactContext, Finding } from "./types.js";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;

/** validateInitContainers/validateContainers/validateEphemeralContainers: names unique across all lists. */
function duplicateContainerNames(ctx: FactContext): Finding[] {
  const seen = new Map<string, ContainerRef>();
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const first = seen.get(c.name);
    if (first) out.push({ pointer: `${c.pointer}/name`, container: c.name, first: `${first.list}[${first.index}]` });
    else seen.set(c.name, c);
  }
  return out;
}

/** validateContainerCommon: ValidateDNS1123Label(ctr.Name). */
function invalidContainerNames(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const problem = dns1123LabelProblem(c.name);
    if (problem) out.push({ pointer: `${c.pointer}/name`, container: c.name, problem });
  }
  return out;
}

function portsOf(c: ContainerRef): Array<{ pointer: string; port: Record<string, unknown> }> {
  const ports = list(c.value, "ports");
  const out: Array<{ pointer: string; port: Record<string, unknown> }> = [];
  for (let i = 0; i < ports.length; i++) {
    const port = obj(ports[i]);
    if (port) out.push({ pointer: `${c.pointer}/ports/${i}`, port });
  }
  return out;
}

/**
 * validateContainers / validateInitContainers checkHostPortConflicts (AccumulateUniqueHostPorts):
 * hostIP/protocol/hostPort unique across the regular containers, and within each init container on
 * its own ("init containers run one-by-one").
 */
function duplicateHostPorts(ctx: FactContext): Finding[] {
  const regular = new Set<string>();
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    if (c.list === "ephemeralContainers") continue;
    const seen = c.list === "containers" ? regular : new Set<string>();
    for (const { pointer, port } of portsOf(c)) {
      const hostPort = num(port, "hostPort");
      if (!hostPort) continue;
      const key = `${str(port, "hostIP") ?? ""}/${str(port, "protocol") ?? "TCP"}/${hostPort}`;
      if (seen.has(key)) out.push({ pointer: `${pointer}/hostPort`, container: c.name, hostPort });
      else seen.add(key);
    }
  }
  return out;
}

/**
 * pkg/api/pod/warnings.go warningsForPodSpecAndMeta: ports with the same containerPort/protocol in the
 * pod (init, regular and ephemeral containers) are a "duplicate" (same hostIP and hostPort),
 * "overlapping" (one hostPort 0) or "dangerously ambiguous" (same hostPort, one hostIP empty) port
 * definition; a hostIP without hostPort is warned about too. Server-side apply keeps only one of
 * two ports with the same merge key (containerPort+protocol).
 */
function duplicateContainerPorts(ctx: FactContext): Finding[] {
  const seen = new Map<string, Array<{ pointer: string; hostIP: string; hostPort: number }>>();
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    for (const { pointer, port } of portsOf(c)) {
      const hostIP = str(port, "hostIP") ?? "";
      const hostPort = num(port, "hostPort") ?? 0;
      if (hostIP !== "" && hostPort === 0)
        out.push({ pointer, container: c.name, problem: "hostIP set without hostPort" });
      const key = `${num(port, "containerPort")}/${str(port, "protocol") ?? "TCP"}`;
      const others = seen.get(key) ?? [];
      for (const o of others) {
        let relation: string | undefined;
        if (hostIP === o.hostIP && hostPort === o.hostPort) relation = "duplicate";
        else if (hostPort === 0 || o.hostPort === 0) relation = "overlapping";
        else if (hostPort === o.hostPort && (hostIP === "") !== (o.hostIP === "")) relation = "dangerously ambiguous";
        if (relation)
          out.push({ pointer, container: c.name, problem: `${relation} port definition with ${o.pointer}` });
      }
      others.push({ pointer, hostIP, hostPort });
      seen.set(key, others);
    }
  }
  return out;
}

/** validateContainerPorts: port names are IANA_SVC_NAMEs, unique within the container. */
function badPortNames(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const names = new Set<string>();
    for (const { pointer, port } of portsOf(c)) {
      const name = str(port, "name");
      if (name === undefined || name === "") continue;
      const problem = names.has(name) ? "is a duplicate in this container" : portNameProblem(name);
      names.add(name);
      if (problem) out.push({ pointer: `${pointer}/name`, container: c.name, port: name, problem });
    }
  }
  return out;
}

function probeHandlers(c: ContainerRef): Array<{ pointer: string; port: unknown }> {
  const out: Array<{ pointer: string; port: unknown }> = [];
  for (const p of PROBES) {
    const probe = obj(prop(c.value, p));
    if (!probe) continue;
    for (const h of ["httpGet", "tcpSocket"]) {
      const handler = child(probe, h);
      if (handler && Object.hasOwn(handler, "port"))
        out.push({ pointer: `${c.pointer}/${p}/${h}/port`, port: handler.port });
    }
    const grpc = child(probe, "grpc");
    if (grpc && Object.hasOwn(grpc, "port")) out.push({ pointer: `${c.pointer}/${p}/grpc/port`, port: grpc.port });
  }
  return out;
}

/** pkg/kubelet/prober/prober.go runProbe → kubecontainer ResolvePort: a named port must be declared. */
function undeclaredNamedProbePorts(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const names = new Set(portsOf(c).map((p) => str(p.port, "name")));
    for (const h of probeHandlers(c)) {
      if (typeof h.port === "string" && !/^\d+$/.test(h.port) && !names.has(h.port)) {
        out.push({ pointer: h.pointer, container: c.name, port: h.port });
      }
    }
  }
  return out;
}

/** A numeric probe port the container does not declare (when it declares some ports): usually a typo. */
function undeclaredNumericProbePorts(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const ports = portsOf(c);
    if (ports.length === 0) continue;
    const numbers = new Set(ports.map((p) => num(p.port, "containerPort")));
    for (const h of probeHandlers(c)) {
      const n =
        typeof h.port === "number"
          ? h.port
          : typeof h.port === "string" && /^\d+$/.test(h.port)
            ? Number(h.port)
            : undefined;
      if (n !== undefined && !numbers.has(n)) out.push({ pointer: h.pointer, container: c.name, port: n });
    }
  }
  return out;
}

/** ValidateResourceRequirements: each request must be <= its limit. */
function requestsAboveLimits(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const resources = child(c.value, "resources");
    const requests = child(resources, "requests") ?? {};
    const limits = child(resources, "limits") ?? {};
    for (const [r, req] of Object.entries(requests)) {
      const lim = Object.hasOwn(limits, r) ? limits[r] : undefined;
      if (!isQuantity(req) || !isQuantity(lim)) continue;
      if (compareQuantities(req, lim) > 0) {
        out.push({
          pointer: memberPointer(`${c.pointer}/resources/requests`, r),
          container: c.name,
          resource: r,
          request: String(req),
          limit: String(lim),
        });
      }
    }
  }
  return out;
}

/** validateInitContainers: lifecycle and probes only on sidecars (restartPolicy Always). */
function initContainerForbiddenFields(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    if (c.list !== "initContainers" || c.sidecar) continue;
    for (const f of ["lifecycle", ...PROBES]) {
      if (prop(c.value, f) !== undefined && prop(c.value, f) !== null)
        out.push({ pointer: `${c.pointer}/${f}`, container: c.name, field: f });
    }
  }
  return out;
}

/** validateEphemeralContainers: ports, probes, lifecycle and resources are not allowed. */
function ephemeralForbiddenFields(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    if (c.list !== "ephemeralContainers") continue;
    for (const f of ["ports", "lifecycle", "resources", ...PROBES]) {
      if (prop(c.value, f) !== undefined && prop(c.value, f) !== null)
        out.push({ pointer: `${c.pointer}/${f}`, container: c.name, field: f });
    }
  }
  return out;
}

/** validateContainers/validateInitContainers: liveness and startup probes need successThreshold 1. */
function probeSuccessThreshold(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    for (const p of ["livenessProbe", "startupProbe"]) {
      const t = num(child(c.value, p), "successThreshold");
      if (t !== undefined && t !== 1)
        out.push({ pointer: `${c.pointer}/${p}/successThreshold`, container: c.name, probe: p, value: t });
    }
  }
  return out;
}

/** The pod's volume names, plus a StatefulSet's volumeClaimTemplates (the controller adds those volumes). */
function volumeNames(ctx: FactContext): Set<string> {
  const names = new Set(list(ctx.pod?.spec, "volumes").map((v) => str(v, "name") ?? ""));
  if (ctx.kind === "StatefulSet") {
    for (const t of list(child(ctx.object, "spec"), "volumeClaimTemplates"))
      names.add(str(child(t, "metadata"), "name") ?? "");
  }
  return names;
}

/**
 * validateVolumeMounts: a mount must name a volume of the pod ("not found"); for StatefulSets the
 * claim templates count (pkg/controller/statefulset/stateful_set_utils.go updateStorage).
 */
function unknownVolumeMounts(ctx: FactContext): Finding[] {
  if (!ctx.pod) return [];
  const names = volumeNames(ctx);
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const mounts = list(c.value, "volumeMounts");
    for (let i = 0; i < mounts.length; i++) {
      const name = str(mounts[i], "name");
      if (name !== undefined && !names.has(name))
        out.push({ pointer: `${c.pointer}/volumeMounts/${i}/name`, container: c.name, volume: name });
    }
  }
  return out;
}

/** validateVolumeMounts: mountPath must be unique within a container. */
function duplicateMountPaths(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const seen = new Set<string>();
    const mounts = list(c.value, "volumeMounts");
    for (let i = 0; i < mounts.length; i++) {
      const path = str(mounts[i], "mountPath");
      if (path === undefined) continue;
      if (seen.has(path))
        out.push({ pointer: `${c.pointer}/volumeMounts/${i}/mountPath`, container: c.name, mountPath: path });
      seen.add(path);
    }
  }
  return out;
}

/** ValidateVolumes: volume names are DNS-1123 labels, unique in the pod. */
function badVolumeNames(ctx: FactContext): Finding[] {
  if (!ctx.pod) return [];
  const vols = list(ctx.pod.spec, "volumes");
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (let i = 0; i < vols.length; i++) {
    const name = str(vols[i], "name");
    if (name === undefined) continue;
    const problem = seen.has(name) ? "is a duplicate in this pod" : dns1123LabelProblem(name);
    seen.add(name);
    if (problem) out.push({ pointer: `${ctx.pod.specPointer}/volumes/${i}/name`, volume: name, problem });
  }
  return out;
}

/**
 * pkg/api/pod/warnings.go warningsForPodSpecAndMeta ("hides previous definition"): a repeated env
 * name silently overrides the earlier one.
 */
function duplicateEnvVars(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const seen = new Set<string>();
    list(c.value, "env").forEach((e, i) => {
      const name = str(e, "name");
      if (name === undefined) return;
      if (seen.has(name)) out.push({ pointer: `${c.pointer}/env/${i}/name`, container: c.name, env: name });
      seen.add(name);
    });
  }
  return out;
}

const ENV_NAME_STRICT = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_NAME_RELAXED = /^[\x20-\x3c\x3e-\x7e]+$/;

function badEnvNames(ctx: FactContext, re: RegExp, rule: string): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    list(c.value, "env").forEach((e, i) => {
      const name = str(e, "name");
      if (name !== undefined && !re.test(name))
        out.push({ pointer: `${c.pointer}/env/${i}/name`, container: c.name, env: name, rule });
    });
  }
  return out;
}

/** ValidateEnv with IsEnvVarName (before RelaxedEnvironmentVariableValidation): C-identifier-like names. */
function strictEnvNames(ctx: FactContext): Finding[] {
  return badEnvNames(
    ctx,
    ENV_NAME_STRICT,
    "must consist of letters, digits, '_', '-' or '.', and not start with a digit",
  );
}

/** ValidateEnv with IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation): printable ASCII except '='. */
function relaxedEnvNames(ctx: FactContext): Finding[] {
  return badEnvNames(ctx, ENV_NAME_RELAXED, "must consist of printable ASCII characters other than '='");
}

const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
const HOOK_HANDLERS = ["exec", "httpGet", "tcpSocket", "sleep"] as const;
const PROBE_NUMBERS = [
  "initialDelaySeconds",
  "timeoutSeconds",
  "periodSeconds",
  "successThreshold",
  "failureThreshold",
  "terminationGracePeriodSeconds",
];

/**
 * validateProbe / validateHandler / validateLifecycle: exactly one handler per probe and hook, and no
 * negative timing fields (zero means "default" and is filled in by defaulting).
 */
function badProbeHandlers(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  const handlers = (v: Record<string, unknown>, kinds: readonly string[]) =>
    kinds.filter((k) => v[k] !== undefined && v[k] !== null && Object.hasOwn(v, k));
  for (const c of ctx.containers) {
    for (const p of PROBES) {
      const probe = obj(prop(c.value, p));
      if (!probe) continue;
      const base = `${c.pointer}/${p}`;
      const hs = handlers(probe, PROBE_HANDLERS);
      if (hs.length === 0)
        out.push({
          pointer: base,
          container: c.name,
          problem: `${p} must specify a handler type (exec, httpGet, tcpSocket or grpc)`,
        });
      if (hs.length > 1)
        out.push({
          pointer: `${base}/${hs[1]}`,
          container: c.name,
          problem: `${p} may not specify more than 1 handler type (${hs.join(", ")})`,
        });
      for (const f of PROBE_NUMBERS) {
        const n = num(probe, f);
        if (n !== undefined && n < 0)
          out.push({
            pointer: `${base}/${f}`,
            container: c.name,
            problem: `${p}.${f} must be greater than or equal to 0`,
          });
      }
    }
    const lifecycle = child(c.value, "lifecycle");
    for (const h of ["postStart", "preStop"]) {
      const hook = obj(prop(lifecycle, h));
      if (!hook) continue;
      const hs = handlers(hook, HOOK_HANDLERS);
      const base = `${c.pointer}/lifecycle/${h}`;
      if (hs.length === 0)
        out.push({
          pointer: base,
          container: c.name,
          problem: `lifecycle.${h} must specify a handler type (exec, httpGet, sleep)`,
        });
      if (hs.length > 1)
        out.push({
          pointer: `${base}/${hs[1]}`,
          container: c.name,
          problem: `lifecycle.${h} may not specify more than 1 handler type (${hs.join(", ")})`,
        });
    }
  }
  return out;
}

/** pkg/apis/core/helper IsNativeResource: no domain, or a kubernetes.io domain. */
function isNative(resource: string): boolean {
  return !resource.includes("/") || resource.includes("kubernetes.io/");
}

/**
 * ValidateResourceRequirements with helper.IsOvercommitAllowed: extended resources (e.g. nvidia.com/gpu)
 * and hugepages cannot be overcommitted, so a request needs a limit and must equal it.
 */
function nonOvercommitMismatch(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const resources = child(c.value, "resources");
    const requests = child(resources, "requests") ?? {};
    const limits = child(resources, "limits") ?? {};
    for (const [r, req] of Object.entries(requests)) {
      if (isNative(r) && !r.startsWith("hugepages-")) continue;
      const pointer = memberPointer(`${c.pointer}/resources/requests`, r);
      const lim = Object.hasOwn(limits, r) ? limits[r] : undefined;
      if (lim === undefined || lim === null) {
        out.push({
          pointer,
          container: c.name,
          resource: r,
          problem: "a limit must be set for non-overcommitable resources",
        });
      } else if (isQuantity(req) && isQuantity(lim) && compareQuantities(req, lim) !== 0) {
        out.push({
          pointer,
          container: c.name,
          resource: r,
          problem: `the request must equal the limit (${String(lim)})`,
        });
      }
    }
  }
  return out;
}

/** Container-level correctness facts by name. */
export const CONTAINER_FACTS: Readonly<Record<string, Extractor>> = {
  duplicateContainerNames,
  invalidContainerNames,
  duplicateHostPorts,
  duplicateContainerPorts,
  badPortNames,
  undeclaredNamedProbePorts,
  undeclaredNumericProbePorts,
  requestsAboveLimits,
  initContainerForbiddenFields,
  ephemeralForbiddenFields,
  probeSuccessThreshold,
  unknownVolumeMounts,
  duplicateMountPaths,
  badVolumeNames,
  duplicateEnvVars,
  strictEnvNames,
  relaxedEnvNames,
  badProbeHandlers,
  nonOvercommitMismatch,
};
