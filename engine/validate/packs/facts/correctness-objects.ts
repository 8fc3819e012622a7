/**
 * Correctness facts about whole objects (metadata, selectors, workload and Service specs). Each
 * extractor cites the upstream validation it mirrors in kubernetes/kubernetes.
 */
import { child, list, num, obj, prop, str } from "./access.js";
import { cronScheduleProblem } from "./cron.js";
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelValueProblem,
  portNameProblem,
  qualifiedNameProblem,
} from "./names.js";
import { memberPointer } from "./pod-target.js";
import type { Extractor, FactContext, Finding } from "./types.js";

/** Kinds whose pod template must restart Always (apps/v1 validation ValidatePodTemplateSpecForReplicaSet etc.). */
const ALWAYS_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"]);
const JOB_KINDS = new Set(["Job", "CronJob"]);
const SELECTOR_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"]);
const REPLICA_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

/**
 * The name validator per kind (pkg/apis/core/validation ValidatePodName = NameIsDNSSubdomain,
 * ValidateServiceName = NameIsDNS1035Label, ValidateNamespaceName = NameIsDNSLabel; most kinds use
 * NameIsDNSSubdomain).
 */
function nameProblem(kind: string, name: string): string | undefined {
  if (RBAC_KINDS.has(kind)) return pathSegmentProblem(name);
  if (kind === "Service") return dns1035LabelProblem(name);
  if (kind === "Namespace") return dns1123LabelProblem(name);
  if (kind === "CronJob" && name.length > 52)
    return "must be no more than 52 characters (batch validation ValidateCronJobCreate)";
  return dns1123SubdomainProblem(name);
}

const RBAC_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** pkg/apis/rbac/validation ValidateRBACName = apimachinery path.IsValidPathSegmentName (e.g. "system:node" is valid). */
function pathSegmentProblem(name: string): string | undefined {
  if (name === "." || name === "..") return `may not be '${name}'`;
  if (name.includes("/") || name.includes("%")) return "may not contain '/' or '%'";
  return undefined;
}

/** apimachinery ValidateObjectMeta: a name (or generateName) is required; names follow the kind's rule. */
function badObjectName(ctx: FactContext): Finding[] {
  const rawMeta = prop(ctx.object, "metadata");
  const meta = child(ctx.object, "metadata");
  // A mistyped metadata or name (`metadata: x`, `name: 123`) is a schema type error, reported there.
  if (rawMeta !== undefined && rawMeta !== null && meta === undefined) return [];
  const rawName = prop(meta, "name");
  if (rawName !== undefined && rawName !== null && typeof rawName !== "string") return [];
  const name = str(meta, "name");
  if (name === undefined) {
    if (str(meta, "generateName")) return [];
    return [
      { pointer: "/metadata/name", name: "", problem: "is required (set metadata.name or metadata.generateName)" },
    ];
  }
  const problem = nameProblem(ctx.kind, name);
  return problem ? [{ pointer: "/metadata/name", name, problem }] : [];
}

/** ValidateObjectMeta: metadata.namespace must be a DNS-1123 label. */
function badNamespace(ctx: FactContext): Finding[] {
  const ns = str(child(ctx.object, "metadata"), "namespace");
  if (ns === undefined) return [];
  const problem = dns1123LabelProblem(ns);
  return problem ? [{ pointer: "/metadata/namespace", namespace: ns, problem }] : [];
}

function labelFindings(map: unknown, base: string, out: Finding[]): void {
  const m = obj(map);
  if (!m) return;
  for (const [k, v] of Object.entries(m)) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) out.push({ pointer: memberPointer(base, k), label: k, part: "key", problem: keyProblem });
    const value = typeof v === "string" ? v : v === null ? "" : String(v);
    const valueProblem = typeof v === "string" || v === null ? labelValueProblem(value) : "must be a string";
    if (valueProblem) out.push({ pointer: memberPointer(base, k), label: k, part: "value", problem: valueProblem });
  }
}

/** metav1validation.ValidateLabels (keys IsQualifiedName, values IsValidLabelValue) on all label maps. */
function badLabels(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  labelFindings(prop(child(ctx.object, "metadata"), "labels"), "/metadata/labels", out);
  if (ctx.pod && ctx.pod.metaPointer !== "/metadata")
    labelFindings(prop(ctx.pod.meta, "labels"), `${ctx.pod.metaPointer}/labels`, out);
  const selector = child(ctx.object, "spec");
  if (SELECTOR_KINDS.has(ctx.kind) || ctx.kind === "Job") {
    labelFindings(prop(child(selector, "selector"), "matchLabels"), "/spec/selector/matchLabels", out);
  } else if (ctx.kind === "Service" || ctx.kind === "ReplicationController") {
    labelFindings(prop(selector, "selector"), "/spec/selector", out);
  }
  return out;
}

/** apimachinery ValidateAnnotations: keys are qualified names (lower-cased), total size at most 256 KiB. */
function badAnnotations(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  const check = (map: unknown, base: string) => {
    const m = obj(map);
    if (!m) return;
    let size = 0;
    for (const [k, v] of Object.entries(m)) {
      size += k.length + String(v).length;
      const problem = qualifiedNameProblem(k.toLowerCase());
      if (problem) out.push({ pointer: memberPointer(base, k), annotation: k, problem });
    }
    if (size > 256 * 1024)
      out.push({ pointer: base, annotation: "(all)", problem: "total size must be at most 262144 bytes" });
  };
  check(prop(child(ctx.object, "metadata"), "annotations"), "/metadata/annotations");
  if (ctx.pod && ctx.pod.metaPointer !== "/metadata")
    check(prop(ctx.pod.meta, "annotations"), `${ctx.pod.metaPointer}/annotations`);
  return out;
}

/** The workload's selector as a metav1.LabelSelector (RC's map selector as matchLabels), or null. */
function workloadSelector(ctx: FactContext): unknown {
  // Without a pod template there is nothing to match (the schema reports the missing template).
  if (!ctx.pod) return null;
  const spec = child(ctx.object, "spec");
  if (SELECTOR_KINDS.has(ctx.kind)) return obj(prop(spec, "selector")) ?? null;
  if (ctx.kind === "Job" && prop(spec, "manualSelector") === true) return obj(prop(spec, "selector")) ?? null;
  if (ctx.kind === "ReplicationController") {
    const s = obj(prop(spec, "selector"));
    return s && Object.keys(s).length > 0 ? { matchLabels: s } : null;
  }
  return null;
}

/** The pod template's labels ({} when none). */
function templateLabels(ctx: FactContext): unknown {
  return obj(prop(ctx.pod?.meta, "labels")) ?? {};
}

/** ValidateDeploymentSpec etc.: "empty selector is invalid for deployment" (no matchLabels, no matchExpressions). */
function workloadSelectorEmpty(ctx: FactContext): boolean {
  const s = obj(workloadSelector(ctx));
  if (!s || ctx.kind === "ReplicationController") return false;
  const ml = obj(prop(s, "matchLabels"));
  return (!ml || Object.keys(ml).length === 0) && list(s, "matchExpressions").length === 0;
}

/**
 * apps validation ValidatePodTemplateSpecForReplicaSet / ValidateDeploymentSpec etc. (template
 * restartPolicy Always only) and batch validation validateJobSpec (OnFailure or Never; a Job template
 * without restartPolicy defaults to Always and is rejected).
 */
function invalidRestartPolicy(ctx: FactContext): Finding[] {
  const pod = ctx.pod;
  if (!pod) return [];
  const rp = str(pod.spec, "restartPolicy");
  const pointer = `${pod.specPointer}/restartPolicy`;
  if (ALWAYS_KINDS.has(ctx.kind) && rp !== undefined && rp !== "Always")
    return [{ pointer, value: rp, allowed: "Always" }];
  if (JOB_KINDS.has(ctx.kind) && rp !== "OnFailure" && rp !== "Never") {
    return [{ pointer, value: rp ?? "unset (defaults to Always)", allowed: "OnFailure or Never" }];
  }
  return [];
}

const JOB_COUNTS = ["parallelism", "completions", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"];
const CRONJOB_COUNTS = ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"];

/**
 * ValidateNonnegativeField on spec.replicas (apps/v1 workloads, ReplicationController), Job counts
 * and deadlines (batch validation validateJobSpec) and CronJob limits (validateCronJobSpec).
 */
function negativeCounts(ctx: FactContext): Finding[] {
  const out: Finding[] = [];
  const check = (spec: unknown, base: string, fields: readonly string[]) => {
    for (const f of fields) {
      const n = num(spec, f);
      if (n !== undefined && n < 0) out.push({ pointer: `${base}/${f}`, field: f, value: n });
    }
  };
  const spec = child(ctx.object, "spec");
  if (REPLICA_KINDS.has(ctx.kind)) check(spec, "/spec", ["replicas"]);
  else if (ctx.kind === "Job") check(spec, "/spec", JOB_COUNTS);
  else if (ctx.kind === "CronJob") {
    check(spec, "/spec", CRONJOB_COUNTS);
    check(child(child(spec, "jobTemplate"), "spec"), "/spec/jobTemplate/spec", JOB_COUNTS);
  }
  return out;
}

/** batch validation validateScheduleFormat: the CronJob schedule must parse (robfig/cron ParseStandard). */
function badCronSchedule(ctx: FactContext): Finding[] {
  if (ctx.kind !== "CronJob") return [];
  const spec = child(ctx.object, "spec");
  const schedule = prop(spec, "schedule");
  if (schedule === undefined) return [];
  const problem = cronScheduleProblem(typeof schedule === "string" ? schedule : String(schedule));
  return problem ? [{ pointer: "/spec/schedule", schedule: String(schedule), problem }] : [];
}

/**
 * StatefulSet spec.serviceName: required in the OpenAPI schema up to 1.32 (clients reject a missing
 * one); optional from 1.33 (kubernetes/kubernetes#130233, apps validation ValidateStatefulSetSpec).
 */
function statefulSetServiceNameMissing(ctx: FactContext): Finding[] {
  if (ctx.kind !== "StatefulSet") return [];
  const name = str(child(ctx.object, "spec"), "serviceName");
  return name === undefined || name === "" ? [{ pointer: "/spec/serviceName" }] : [];
}

/** ValidateStatefulSetSpec (1.33+) / pod subdomain validation: a set serviceName must be a DNS-1123 label. */
function statefulSetServiceNameInvalid(ctx: FactContext): Finding[] {
  if (ctx.kind !== "StatefulSet") return [];
  const name = str(child(ctx.object, "spec"), "serviceName");
  if (name === undefined || name === "") return [];
  const problem = dns1123LabelProblem(name);
  return problem ? [{ pointer: "/spec/serviceName", serviceName: name, problem }] : [];
}

function isZero(v: unknown): boolean {
  return v === 0 || v === "0" || v === "0%";
}

/** ValidateRollingUpdateDeployment: maxUnavailable may not be 0 when maxSurge is 0; Recreate takes no rollingUpdate. */
function badDeploymentStrategy(ctx: FactContext): Finding[] {
  if (ctx.kind !== "Deployment") return [];
  const strategy = child(child(ctx.object, "spec"), "strategy");
  const ru = child(strategy, "rollingUpdate");
  if (str(strategy, "type") === "Recreate" && ru) {
    return [
      { pointer: "/spec/strategy/rollingUpdate", problem: "may not be specified when strategy type is Recreate" },
    ];
  }
  if (ru && isZero(prop(ru, "maxUnavailable")) && isZero(prop(ru, "maxSurge"))) {
    return [{ pointer: "/spec/strategy/rollingUpdate/maxUnavailable", problem: "may not be 0 when maxSurge is 0" }];
  }
  return [];
}

/** ValidateService: ports, names, nodePorts and types. */
function badServicePorts(ctx: FactContext): Finding[] {
  if (ctx.kind !== "Service") return [];
  const spec = child(ctx.object, "spec");
  const type = str(spec, "type") ?? "ClusterIP";
  const ports = list(spec, "ports");
  const out: Finding[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const p = obj(ports[i]);
    if (!p) continue;
    const base = `/spec/ports/${i}`;
    const name = str(p, "name") ?? "";
    if (ports.length > 1 && name === "")
      out.push({ pointer: `${base}/name`, problem: "is required when the Service has more than one port" });
    else if (name !== "" && names.has(name))
      out.push({ pointer: `${base}/name`, problem: `duplicate port name ${name}` });
    else if (name !== "") {
      const problem = dns1123LabelProblem(name);
      if (problem) out.push({ pointer: `${base}/name`, problem: `port name ${problem}` });
    }
    names.add(name);
    const key = `${num(p, "port")}/${str(p, "protocol") ?? "TCP"}`;
    if (keys.has(key)) out.push({ pointer: `${base}/port`, problem: `duplicate port ${key}` });
    keys.add(key);
    const tp = prop(p, "targetPort");
    if (typeof tp === "number" && (tp < 1 || tp > 65535))
      out.push({ pointer: `${base}/targetPort`, problem: "must be between 1 and 65535" });
    if (typeof tp === "string" && !/^\d+$/.test(tp)) {
      const problem = portNameProblem(tp);
      if (problem) out.push({ pointer: `${base}/targetPort`, problem: `named targetPort ${problem}` });
    }
    if (num(p, "nodePort") && type === "ClusterIP") {
      out.push({ pointer: `${base}/nodePort`, problem: "may not be used when type is ClusterIP" });
    }
  }
  if (type === "ExternalName" && !str(spec, "externalName")) {
    out.push({ pointer: "/spec/externalName", problem: "is required when type is ExternalName" });
  }
  return out;
}

/** policy validation ValidatePodDisruptionBudgetSpec: minAvailable and maxUnavailable are exclusive. */
function pdbBothBounds(ctx: FactContext): Finding[] {
  if (ctx.kind !== "PodDisruptionBudget") return [];
  const spec = child(ctx.object, "spec");
  return prop(spec, "minAvailable") !== undefined && prop(spec, "maxUnavailable") !== undefined
    ? [{ pointer: "/spec/maxUnavailable" }]
    : [];
}

/** autoscaling validation ValidateHorizontalPodAutoscalerSpec: minReplicas <= maxReplicas, minReplicas >= 1. */
function hpaReplicaBounds(ctx: FactContext): Finding[] {
  if (ctx.kind !== "HorizontalPodAutoscaler") return [];
  const spec = child(ctx.object, "spec");
  const min = num(spec, "minReplicas");
  const max = num(spec, "maxReplicas");
  if (min !== undefined && max !== undefined && min > max) {
    return [{ pointer: "/spec/minReplicas", problem: `minReplicas ${min} is greater than maxReplicas ${max}` }];
  }
  if (max !== undefined && max < 1)
    return [{ pointer: "/spec/maxReplicas", problem: "must be greater than or equal to 1" }];
  return [];
}

/** apiVersion + kind no longer served at the selected version (spec/packs/api-removals-data.yaml). */
function removedApiVersion(ctx: FactContext): Finding[] {
  const apiVersion = str(ctx.object, "apiVersion") ?? "";
  const removed = ctx.sets.get("removedApis");
  return removed?.has(`${apiVersion} ${ctx.kind}`) ? [{ pointer: "/apiVersion", apiVersion, kind: ctx.kind }] : [];
}

/** Object-level correctness facts by name. */
export const OBJECT_FACTS: Readonly<Record<string, Extractor>> = {
  badObjectName,
  badNamespace,
  badLabels,
  badAnnotations,
  workloadSelector,
  templateLabels,
  workloadSelectorEmpty,
  invalidRestartPolicy,
  negativeCounts,
  statefulSetServiceNameMissing,
  statefulSetServiceNameInvalid,
  badDeploymentStrategy,
  badServicePorts,
  pdbBothBounds,
  hpaReplicaBounds,
  removedApiVersion,
  badCronSchedule,
};
