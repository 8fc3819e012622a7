/**
 * Checks a workload manifest before it is simulated, so a bad spec is a Diagnostic with
 * file:line:column instead of a crash or a silent default. Mirrors the API server's validation
 * (pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec, ValidateDeploymentSpec,
 * ValidateRollingUpdateDeployment, ValidateDaemonSetSpec, ValidateReplicaSetSpec;
 * pkg/apis/batch/validation/validation.go ValidateJobSpec, ValidateCronJobSpec) for the fields the
 * controllers read, plus one warning Kubernetes does not give (a partition above replicas).
 */
import type { SourceDocument } from "../io/yaml.js";
import type { Diagnostic, Severity } from "../model/diagnostic.js";
import type { KubeObject, LabelSelector } from "../model/k8s.js";
import { CronError, parseCron } from "./cronjob/cron.js";

const RULE = "workload-validation";
type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});

/** LabelSelectorAsSelector(...).Matches(labels). */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const v = labels[e.key];
    const vals = e.values ?? [];
    if (e.operator === "In" && (v === undefined || !vals.includes(v))) return false;
    if (e.operator === "NotIn" && v !== undefined && vals.includes(v)) return false;
    if (e.operator === "Exists" && v === undefined) return false;
    if (e.operator === "DoesNotExist" && v !== undefined) return false;
  }
  return true;
}

const STRATEGIES: Readonly<Record<string, readonly string[]>> = {
  StatefulSet: ["RollingUpdate", "OnDelete"],
  DaemonSet: ["RollingUpdate", "OnDelete"],
  Deployment: ["RollingUpdate", "Recreate"],
};
const INT_OR_PERCENT = /^(\d+)%$/;

/**
 * The problems of one workload object (none for other kinds). `base` is the object's JSON Pointer
 * inside `doc` ("" when the object is the document, "/spec/objects/2" inside a Scenario).
 */
export function validateWorkload(o: KubeObject, doc: SourceDocument, base = ""): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ref = {
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.metadata?.namespace ?? "default",
    name: o.metadata?.name ?? "",
  };
  const report = (path: string, message: string, fix: string, severity: Severity = "error", key = false) => {
    const pointer = base + path;
    const pos = key ? doc.keyPositionOf(pointer) : doc.positionOf(pointer);
    out.push({
      ruleId: RULE,
      severity,
      message: `${o.kind} ${ref.name}: ${message}`,
      objectRef: ref,
      instancePath: pointer,
      file: doc.file,
      line: pos.line,
      column: pos.column,
      fix,
    });
  };
  const kinds = ["StatefulSet", "Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "Job", "CronJob"];
  if (!kinds.includes(o.kind)) return out;
  let spec = obj(o.spec);
  let specPath = "/spec";
  if (o.kind === "CronJob") {
    const cron = spec;
    if (typeof cron.schedule !== "string")
      report("/spec/schedule", "spec.schedule is required", 'give a cron schedule such as "*/5 * * * *"');
    else {
      try {
        parseCron(cron.schedule);
      } catch (e) {
        if (e instanceof CronError)
          report(
            "/spec/schedule",
            `schedule "${cron.schedule}" is invalid: ${e.message}`,
            "use 5 fields (minute hour day-of-month month day-of-week) or @hourly, @daily, ...",
          );
        else throw e;
      }
    }
    if (
      cron.concurrencyPolicy !== undefined &&
      !["Allow", "Forbid", "Replace"].includes(String(cron.concurrencyPolicy))
    )
      report(
        "/spec/concurrencyPolicy",
        `unknown concurrencyPolicy "${String(cron.concurrencyPolicy)}"`,
        "use Allow, Forbid or Replace",
      );
    spec = obj(obj(cron.jobTemplate).spec);
    specPath = "/spec/jobTemplate/spec";
  }
  const nonNegInt = (field: string) => {
    const v = spec[field];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0))
      report(
        `${specPath}/${field}`,
        `spec.${field} must be a non-negative integer (got ${JSON.stringify(v)})`,
        `set ${field} to 0 or more`,
      );
  };
  for (const f of [
    "replicas",
    "minReadySeconds",
    "revisionHistoryLimit",
    "parallelism",
    "completions",
    "backoffLimit",
    "activeDeadlineSeconds",
    "progressDeadlineSeconds",
  ])
    nonNegInt(f);
  const template = obj(spec.template);
  const labels = obj(obj(template.metadata).labels) as Record<string, string>;
  // selector vs template labels
  if (o.kind === "ReplicationController") {
    const sel = spec.selector as Record<string, string> | undefined;
    if (sel && !selectorMatches({ matchLabels: sel }, labels))
      report(
        `${specPath}/selector`,
        "`selector` does not match template `labels`",
        "make spec.template.metadata.labels carry every selector label",
      );
  } else if (o.kind !== "Job" && o.kind !== "CronJob") {
    if (spec.selector === undefined)
      report(
        specPath,
        "spec.selector is required (apps/v1)",
        "add spec.selector.matchLabels matching the template labels",
        "error",
        true,
      );
    else if (!selectorMatches(obj(spec.selector) as LabelSelector, labels))
      report(
        `${specPath}/selector`,
        "`selector` does not match template `labels`",
        "make spec.template.metadata.labels carry every selector label",
      );
  } else if (
    spec.selector !== undefined &&
    spec.manualSelector === true &&
    !selectorMatches(obj(spec.selector) as LabelSelector, labels)
  ) {
    report(
      `${specPath}/selector`,
      "`selector` does not match template `labels`",
      "make spec.template.metadata.labels carry every selector label",
    );
  }
  // update strategies
  const allowed = STRATEGIES[o.kind];
  const stratField = o.kind === "Deployment" ? "strategy" : "updateStrategy";
  const strat = obj(spec[stratField]);
  if (allowed && strat.type !== undefined && !allowed.includes(String(strat.type)))
    report(
      `${specPath}/${stratField}/type`,
      `unknown ${stratField}.type "${String(strat.type)}"`,
      `use ${allowed.join(" or ")}`,
    );
  const ru = obj(strat.rollingUpdate);
  if (o.kind === "Deployment") {
    if (strat.type === "Recreate" && strat.rollingUpdate !== undefined)
      report(
        `${specPath}/strategy/rollingUpdate`,
        "may not be specified when strategy `type` is 'Recreate'",
        "remove strategy.rollingUpdate or use type RollingUpdate",
        "error",
        true,
      );
    const surge = ru.maxSurge;
    const unav = ru.maxUnavailable;
    const isZero = (v: unknown) => v === 0 || v === "0%";
    for (const [f, v] of [
      ["maxSurge", surge],
      ["maxUnavailable", unav],
    ] as const) {
      if (v === undefined) continue;
      const ok =
        (typeof v === "number" && Number.isInteger(v) && v >= 0) ||
        (typeof v === "string" &&
          INT_OR_PERCENT.test(v) &&
          Number(INT_OR_PERCENT.exec(v)?.[1]) <= (f === "maxUnavailable" ? 100 : Number.MAX_SAFE_INTEGER));
      if (!ok)
        report(
          `${specPath}/strategy/rollingUpdate/${f}`,
          `${f} must be a non-negative integer or a percentage like "25%"${f === "maxUnavailable" ? " (at most 100%)" : ""} (got ${JSON.stringify(v)})`,
          `write ${f}: 1 or ${f}: "25%"`,
        );
    }
    if (surge !== undefined && unav !== undefined && isZero(surge) && isZero(unav))
      report(
        `${specPath}/strategy/rollingUpdate/maxUnavailable`,
        "may not be 0 when `maxSurge` is 0",
        "allow at least one surge pod or one unavailable pod",
      );
  }
  if (o.kind === "StatefulSet") {
    const policy = spec.podManagementPolicy;
    if (policy !== undefined && policy !== "OrderedReady" && policy !== "Parallel")
      report(
        `${specPath}/podManagementPolicy`,
        `unknown podManagementPolicy "${String(policy)}"`,
        "use OrderedReady or Parallel",
      );
    if (strat.type === "OnDelete" && strat.rollingUpdate !== undefined)
      report(
        `${specPath}/updateStrategy/rollingUpdate`,
        "only allowed for updateStrategy 'RollingUpdate'",
        "remove updateStrategy.rollingUpdate",
        "error",
        true,
      );
    const partition = ru.partition;
    if (partition !== undefined && !(Number.isInteger(partition) && (partition as number) >= 0))
      report(
        `${specPath}/updateStrategy/rollingUpdate/partition`,
        `partition must be a non-negative integer (got ${JSON.stringify(partition)})`,
        "set partition to 0 or more",
      );
    const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
    if (Number.isInteger(partition) && (partition as number) > replicas)
      report(
        `${specPath}/updateStrategy/rollingUpdate/partition`,
        `partition ${String(partition)} is above replicas ${replicas}: a rolling update will replace no pod (Kubernetes accepts this)`,
        "lower the partition to stage the update, or to 0 to roll out everywhere",
        "warning",
      );
    const mu = ru.maxUnavailable;
    if (
      mu !== undefined &&
      !(
        (typeof mu === "number" && Number.isInteger(mu) && mu >= 1) ||
        (typeof mu === "string" &&
          INT_OR_PERCENT.test(mu) &&
          Number(INT_OR_PERCENT.exec(mu)?.[1]) > 0 &&
          Number(INT_OR_PERCENT.exec(mu)?.[1]) <= 100)
      )
    )
      report(
        `${specPath}/updateStrategy/rollingUpdate/maxUnavailable`,
        `maxUnavailable must be at least 1 or a percentage from 1% to 100% (got ${JSON.stringify(mu)})`,
        'write maxUnavailable: 1 or "25%"',
      );
    const ords = obj(spec.ordinals);
    if (ords.start !== undefined && !(Number.isInteger(ords.start) && (ords.start as number) >= 0))
      report(
        `${specPath}/ordinals/start`,
        `ordinals.start must be a non-negative integer (got ${JSON.stringify(ords.start)})`,
        "set ordinals.start to 0 or more",
      );
  }
  if (o.kind === "Job" || o.kind === "CronJob") {
    const rp = obj(template.spec).restartPolicy;
    if (rp !== "OnFailure" && rp !== "Never")
      report(
        `${specPath}/template/spec${rp === undefined ? "" : "/restartPolicy"}`,
        `a Job's pods need restartPolicy OnFailure or Never (got ${rp === undefined ? "the default Always" : JSON.stringify(rp)})`,
        "set spec.template.spec.restartPolicy to Never or OnFailure",
        "error",
        rp !== undefined,
      );
    const mode = spec.completionMode;
    if (mode !== undefined && mode !== "NonIndexed" && mode !== "Indexed")
      report(`${specPath}/completionMode`, `unknown completionMode "${String(mode)}"`, "use NonIndexed or Indexed");
    if (mode === "Indexed" && spec.completions === undefined)
      report(
        `${specPath}/completionMode`,
        "when completion mode is Indexed, completions is required",
        "set spec.completions",
      );
  }
  return out;
}
