/**
 * Pod defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Pod / SetDefaults_PodSpec /
 * SetDefaults_Container) and the DefaultTolerationSeconds admission plugin, with the values from the
 * rule set spec/kubernetes/defaults.yaml. Only what the simulation depends on is defaulted.
 */
import { decide } from "../kubelet/ruleset.js";
import type { Container, Pod, ResourceList, Toleration } from "./k8s.js";

/** ParseImageName's tag: the explicit tag, "" with only a digest, "latest" with neither. */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

function value(
  version: string,
  field: string,
  extra: Record<string, unknown> = {},
): { value: unknown; ruleId: string; params: Readonly<Record<string, unknown>> } {
  const f = decide("defaults", version, { field, tag: "", ...extra });
  return { value: f.params.value, ruleId: f.ruleId, params: f.params };
}

function requestsFromLimits(r: Container["resources"]): Container["resources"] {
  if (!r?.limits) return r;
  const requests: Record<string, ResourceList[string]> = { ...(r.requests ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(r.limits)) {
    if (!(k in requests)) {
      requests[k] = v;
      changed = true;
    }
  }
  return changed ? { ...r, requests } : r;
}

function defaultContainer(c: Container, version: string, hostNetwork: boolean, rules: Set<string>): Container {
  let out: Container = c;
  if (c.imagePullPolicy === undefined) {
    const d = value(version, "imagePullPolicy", { tag: imageTag(c.image ?? "") });
    out = { ...out, imagePullPolicy: d.value as Container["imagePullPolicy"] };
    rules.add(d.ruleId);
  }
  const res = requestsFromLimits(out.resources);
  if (res !== out.resources) {
    out = { ...out, resources: res };
    rules.add("defaults/requests-from-limits");
  }
  if (out.ports?.some((p) => p.protocol === undefined || (hostNetwork && p.hostPort === undefined))) {
    out = {
      ...out,
      ports: out.ports.map((p) => ({
        ...p,
        protocol: p.protocol ?? "TCP",
        ...(hostNetwork && p.hostPort === undefined ? { hostPort: p.containerPort } : {}),
      })),
    };
    rules.add("defaults/port-protocol");
    if (hostNetwork) rules.add("defaults/host-network-ports");
  }
  return out;
}

function hasNoExecuteToleration(tols: readonly Toleration[], key: string): boolean {
  return tols.some(
    (t) =>
      (t.effect === "NoExecute" || !t.effect) && (t.key === key || (t.key === undefined && t.operator === "Exists")),
  );
}

/** A defaulted copy of a pod (the input is never mutated) and the rule ids applied. */
export function defaultPod(pod: Pod, version: string): { pod: Pod; rules: string[] } {
  const rules = new Set<string>();
  const spec = pod.spec;
  const hostNetwork = spec.hostNetwork === true;
  const s: Record<string, unknown> = { ...spec };
  for (const field of [
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "dnsPolicy",
    "schedulerName",
    "enableServiceLinks",
  ]) {
    if (s[field] === undefined) {
      const d = value(version, field);
      s[field] = d.value;
      rules.add(d.ruleId);
    }
  }
  s.containers = spec.containers.map((c) => defaultContainer(c, version, hostNetwork, rules));
  if (spec.initContainers)
    s.initContainers = spec.initContainers.map((c) => defaultContainer(c, version, hostNetwork, rules));
  const tolerations = [...(spec.tolerations ?? [])];
  for (const field of ["notReadyToleration", "unreachableToleration"]) {
    const d = value(version, field);
    const key = String(d.params.key);
    if (!hasNoExecuteToleration(tolerations, key)) {
      tolerations.push({
        key,
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: Number(d.params.tolerationSeconds),
      });
      rules.add(d.ruleId);
    }
  }
  s.tolerations = tolerations;
  return { pod: { ...pod, spec: s as unknown as Pod["spec"] }, rules: [...rules] };
}
