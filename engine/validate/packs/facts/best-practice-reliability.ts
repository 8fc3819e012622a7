/**
 * Best-practice facts on reliability and operability (warnings). Sources: the default checks of
 * kube-linter, kube-score and Polaris (mapped in spec/packs/README.md), with Kubernetes semantics from
 * kubernetes/kubernetes (pkg/apis/core/types.go, pkg/kubelet/images, pkg/controller/disruption).
 */
import { child, list, num, obj, prop, str } from "./access.js";
import { memberPointer } from "./pod-target.js";
import type { ContainerRef, Extractor, FactContext, Finding } from "./types.js";

const LONG_RUNNING = new Set([
  "Pod",
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "ReplicationController",
  "PodTemplate",
]);
const REPLICATED = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]);

/** The tag of an image reference ("" when none; digests count as pinned and return "@digest"). */
export function imageTag(image: string): string {
  if (image.includes("@")) return "@digest";
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  return colon > slash ? image.slice(colon + 1) : "";
}

/** Containers whose image has no tag or the tag latest (pkg/kubelet/images: pull policy defaults to Always then). */
function unpinnedImages(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.containers) {
    const image = str(c.value, "image");
    if (image === undefined) continue;
    const tag = imageTag(image);
    if (tag === "" || tag === "latest")
      out.push({ pointer: `${c.pointer}/image`, container: c.name, image, tag: tag || "none" });
  }
  return out;
}

/** kube-score container-image-pull-policy / Polaris pullPolicyNotAlways: imagePullPolicy not Always. */
function pullPolicyNotAlways(ctx: FactContext): Finding[] {
  return ctx.containers
    .filter((c) => c.list !== "ephemeralContainers" && str(c.value, "imagePullPolicy") !== "Always")
    .map((c) => ({
      pointer: `${c.pointer}/imagePullPolicy`,
      container: c.name,
      value: str(c.value, "imagePullPolicy") ?? "unset",
    }));
}

function resourceMissing(kind: "requests" | "limits", resource: "cpu" | "memory"): (ctx: FactContext) => Finding[] {
  return (ctx) => {
    const out: Finding[] = [];
    for (const c of ctx.containers) {
      if (c.list === "ephemeralContainers") continue;
      const resources = child(c.value, "resources");
      const has = (k: string) => {
        const m = child(resources, k);
        return m !== undefined && Object.hasOwn(m, resource) && m[resource] !== null;
      };
      // A limit without a request defaults the request to the limit (pkg/apis/core/v1/defaults.go SetDefaults_Pod).
      const present = kind === "requests" ? has("requests") || has("limits") : has("limits");
      if (!present)
        out.push({ pointer: memberPointer(`${c.pointer}/resources/${kind}`, resource), container: c.name, resource });
    }
    return out;
  };
}

function regularContainers(ctx: FactContext): ContainerRef[] {
  return LONG_RUNNING.has(ctx.kind) ? ctx.containers.filter((c) => c.list === "containers") : [];
}

/** Long-running containers without a liveness probe. */
function missingLivenessProbes(ctx: FactContext): Finding[] {
  return regularContainers(ctx)
    .filter((c) => !obj(prop(c.value, "livenessProbe")))
    .map((c) => ({ pointer: `${c.pointer}/livenessProbe`, container: c.name, probe: "livenessProbe" }));
}

/** Long-running containers without a readiness probe. */
function missingReadinessProbes(ctx: FactContext): Finding[] {
  return regularContainers(ctx)
    .filter((c) => !obj(prop(c.value, "readinessProbe")))
    .map((c) => ({ pointer: `${c.pointer}/readinessProbe`, container: c.name, probe: "readinessProbe" }));
}

/** Replicas as the controller sees them (spec.replicas defaults to 1). */
function replicas(ctx: FactContext): number {
  return num(child(ctx.object, "spec"), "replicas") ?? 1;
}

/** Replicated workloads (replicas >= 2) with neither podAntiAffinity nor topologySpreadConstraints. */
function noSpreading(ctx: FactContext): Finding[] {
  if (!REPLICATED.has(ctx.kind) || !ctx.pod || replicas(ctx) < 2) return [];
  const spec = ctx.pod.spec;
  if (obj(prop(child(spec, "affinity"), "podAntiAffinity")) || list(spec, "topologySpreadConstraints").length > 0)
    return [];
  return [{ pointer: `${ctx.pod.specPointer}/affinity`, replicas: replicas(ctx) }];
}

/** Polaris deploymentMissingReplicas: a Deployment/StatefulSet with fewer than 2 replicas (unset = 1). */
function singleReplica(ctx: FactContext): Finding[] {
  if (ctx.kind !== "Deployment" && ctx.kind !== "StatefulSet") return [];
  const r = replicas(ctx);
  return r === 1 ? [{ pointer: "/spec/replicas", replicas: r }] : [];
}

/** Polaris priorityClassNotSet. */
function noPriorityClass(ctx: FactContext): Finding[] {
  if (!ctx.pod || str(ctx.pod.spec, "priorityClassName")) return [];
  return [{ pointer: `${ctx.pod.specPointer}/priorityClassName` }];
}

/** kube-score cronjob-has-deadline: startingDeadlineSeconds unset. */
function cronJobNoDeadline(ctx: FactContext): Finding[] {
  if (ctx.kind !== "CronJob" || num(child(ctx.object, "spec"), "startingDeadlineSeconds") !== undefined) return [];
  return [{ pointer: "/spec/startingDeadlineSeconds" }];
}

/** kube-score service-type: NodePort Services. */
function nodePortService(ctx: FactContext): Finding[] {
  return ctx.kind === "Service" && str(child(ctx.object, "spec"), "type") === "NodePort"
    ? [{ pointer: "/spec/type" }]
    : [];
}

/** kube-linter pdb-max-unavailable / pdb-min-available, Polaris pdbDisruptionsIsZero: a PDB that never allows an eviction. */
function pdbBlocksDisruptions(ctx: FactContext): Finding[] {
  if (ctx.kind !== "PodDisruptionBudget") return [];
  const spec = child(ctx.object, "spec");
  const mu = prop(spec, "maxUnavailable");
  if (mu === 0 || mu === "0" || mu === "0%")
    return [{ pointer: "/spec/maxUnavailable", field: "maxUnavailable", value: String(mu) }];
  const ma = prop(spec, "minAvailable");
  if (ma === "100%") return [{ pointer: "/spec/minAvailable", field: "minAvailable", value: ma }];
  return [];
}

/** kube-linter pdb-unhealthy-pod-eviction-policy: unhealthyPodEvictionPolicy unset. */
function pdbNoUnhealthyPolicy(ctx: FactContext): Finding[] {
  if (ctx.kind !== "PodDisruptionBudget" || str(child(ctx.object, "spec"), "unhealthyPodEvictionPolicy")) return [];
  return [{ pointer: "/spec/unhealthyPodEvictionPolicy" }];
}

/** Polaris hpaMinAvailability / hpaMaxAvailability: an HPA that can scale to a single replica. */
function hpaLowReplicas(ctx: FactContext): Finding[] {
  if (ctx.kind !== "HorizontalPodAutoscaler") return [];
  const spec = child(ctx.object, "spec");
  const min = num(spec, "minReplicas") ?? 1;
  const max = num(spec, "maxReplicas");
  const out: Finding[] = [];
  if (min < 2) out.push({ pointer: "/spec/minReplicas", field: "minReplicas", value: min });
  if (max !== undefined && max < 2) out.push({ pointer: "/spec/maxReplicas", field: "maxReplicas", value: max });
  return out;
}

/** Polaris tlsSettingsMissing: an Ingress without tls. */
function ingressNoTls(ctx: FactContext): Finding[] {
  if (ctx.kind !== "Ingress" || list(child(ctx.object, "spec"), "tls").length > 0) return [];
  return [{ pointer: "/spec/tls" }];
}

/** StatefulSet without serviceName (optional from 1.33): pods get no stable DNS names. */
function statefulSetNoService(ctx: FactContext): Finding[] {
  if (ctx.kind !== "StatefulSet" || str(child(ctx.object, "spec"), "serviceName")) return [];
  return [{ pointer: "/spec/serviceName" }];
}

/** Polaris clusterrolebindingClusterAdmin / rolebindingClusterAdmin*: bindings to cluster-admin. */
function clusterAdminBindings(ctx: FactContext): Finding[] {
  if (ctx.kind !== "ClusterRoleBinding" && ctx.kind !== "RoleBinding") return [];
  return str(child(ctx.object, "roleRef"), "name") === "cluster-admin" ? [{ pointer: "/roleRef/name" }] : [];
}

/** Polaris *PodExecAttach: Role/ClusterRole rules that grant pods/exec or pods/attach. */
function execAttachGrants(ctx: FactContext): Finding[] {
  if (ctx.kind !== "ClusterRole" && ctx.kind !== "Role") return [];
  const out: Finding[] = [];
  list(ctx.object, "rules").forEach((r, i) => {
    const resources = list(r, "resources").map(String);
    const verbs = list(r, "verbs").map(String);
    const grants = resources.some((x) => x === "pods/exec" || x === "pods/attach" || x === "*");
    const canCreate = verbs.some((v) => v === "create" || v === "*" || v === "get");
    if (grants && canCreate) out.push({ pointer: `/rules/${i}/resources`, resources: resources.join(",") });
  });
  return out;
}

const WORKLOADS = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
]);

/** Polaris metadataAndInstanceMismatched: label app.kubernetes.io/instance differs from metadata.name. */
function instanceLabelMismatch(ctx: FactContext): Finding[] {
  if (!WORKLOADS.has(ctx.kind)) return [];
  const meta = child(ctx.object, "metadata");
  const label = str(child(meta, "labels"), "app.kubernetes.io/instance");
  const name = str(meta, "name");
  if (label === undefined || name === undefined || label === name) return [];
  return [{ pointer: memberPointer("/metadata/labels", "app.kubernetes.io/instance"), label, name }];
}

/** Reliability best-practice facts by name. */
export const RELIABILITY_FACTS: Readonly<Record<string, Extractor>> = {
  unpinnedImages,
  pullPolicyNotAlways,
  missingCpuRequests: resourceMissing("requests", "cpu"),
  missingMemoryRequests: resourceMissing("requests", "memory"),
  missingCpuLimits: resourceMissing("limits", "cpu"),
  missingMemoryLimits: resourceMissing("limits", "memory"),
  missingLivenessProbes,
  missingReadinessProbes,
  noSpreading,
  singleReplica,
  noPriorityClass,
  cronJobNoDeadline,
  nodePortService,
  pdbBlocksDisruptions,
  pdbNoUnhealthyPolicy,
  hpaLowReplicas,
  ingressNoTls,
  statefulSetNoService,
  clusterAdminBindings,
  execAttachGrants,
  instanceLabelMismatch,
};
