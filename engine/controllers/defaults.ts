/**
 * Defaulting of workload objects, mirroring pkg/apis/apps/v1/defaults.go (SetDefaults_StatefulSet,
 * SetDefaults_Deployment, SetDefaults_ReplicaSet, SetDefaults_DaemonSet) and pkg/apis/batch/v1/defaults.go
 * (SetDefaults_Job, SetDefaults_CronJob). The values are data in spec/kubernetes/workload-defaults.yaml
 * (per kind and version); this file applies them.
 */
import { decisionTable } from "../kubelet/ruleset.js";
import type { LabelSelector, ObjectMeta, PodSpec } from "../model/k8s.js";
import { DEFAULT_VERSION } from "../model/versions.js";
import type { IntOrString } from "./common/intstr.js";

const defaultsCache = new Map<string, Readonly<Record<string, unknown>>>();

/** The merged params of every workload-defaults rule that fires for `kind` in `version`. */
export function defaultsFor(kind: string, version: string = DEFAULT_VERSION): Readonly<Record<string, unknown>> {
  const key = `${kind}@${version}`;
  const hit = defaultsCache.get(key);
  if (hit) return hit;
  const out: Record<string, unknown> = {};
  for (const f of decisionTable("workload-defaults", version).run({ kind })) Object.assign(out, f.params);
  defaultsCache.set(key, out);
  return out;
}

export interface PodTemplateSpec {
  readonly metadata?: ObjectMeta;
  readonly spec?: PodSpec;
}

export interface StatefulSetSpec {
  readonly replicas: number;
  readonly selector?: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly serviceName?: string;
  readonly podManagementPolicy: "OrderedReady" | "Parallel";
  readonly updateStrategy: {
    readonly type: "RollingUpdate" | "OnDelete";
    readonly rollingUpdate?: { readonly partition: number; readonly maxUnavailable?: IntOrString };
  };
  readonly revisionHistoryLimit: number;
  readonly minReadySeconds: number;
  readonly ordinals?: { readonly start?: number };
  readonly persistentVolumeClaimRetentionPolicy: {
    readonly whenDeleted: "Retain" | "Delete";
    readonly whenScaled: "Retain" | "Delete";
  };
  readonly volumeClaimTemplates?: readonly { readonly metadata?: ObjectMeta; readonly spec?: unknown }[];
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const num = (v: unknown, d: number): number => (typeof v === "number" ? v : d);

/** SetDefaults_StatefulSet (+ getPersistentVolumeClaimRetentionPolicy's Retain/Retain when nil). */
export function statefulSetDefaults(spec: unknown, version: string): StatefulSetSpec {
  const d = defaultsFor("StatefulSet", version);
  const s = obj(spec);
  const us = obj(s.updateStrategy);
  const type =
    (us.type as StatefulSetSpec["updateStrategy"]["type"] | undefined) ?? (d.updateStrategyType as "RollingUpdate");
  let rollingUpdate: StatefulSetSpec["updateStrategy"]["rollingUpdate"];
  if (type === "RollingUpdate") {
    const ru = obj(us.rollingUpdate);
    const mu = ru.maxUnavailable as IntOrString | undefined;
    rollingUpdate = {
      partition: num(ru.partition, d.partition as number),
      ...(mu !== undefined
        ? { maxUnavailable: mu }
        : d.maxUnavailable !== undefined
          ? { maxUnavailable: d.maxUnavailable as IntOrString }
          : {}),
    };
  }
  const pvc = obj(s.persistentVolumeClaimRetentionPolicy);
  return {
    ...(s as unknown as StatefulSetSpec),
    replicas: num(s.replicas, 1),
    template: obj(s.template) as PodTemplateSpec,
    podManagementPolicy:
      (s.podManagementPolicy as StatefulSetSpec["podManagementPolicy"] | undefined) ?? "OrderedReady",
    updateStrategy: rollingUpdate ? { type, rollingUpdate } : { type },
    revisionHistoryLimit: num(s.revisionHistoryLimit, 10),
    minReadySeconds: num(s.minReadySeconds, 0),
    persistentVolumeClaimRetentionPolicy: {
      whenDeleted: (pvc.whenDeleted as "Retain" | "Delete" | undefined) ?? "Retain",
      whenScaled: (pvc.whenScaled as "Retain" | "Delete" | undefined) ?? "Retain",
    },
  };
}

export interface DeploymentSpec {
  readonly replicas: number;
  readonly selector?: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly strategy: {
    readonly type: "RollingUpdate" | "Recreate";
    readonly rollingUpdate?: { readonly maxSurge: IntOrString; readonly maxUnavailable: IntOrString };
  };
  readonly minReadySeconds: number;
  readonly revisionHistoryLimit: number;
  readonly progressDeadlineSeconds: number;
  readonly paused?: boolean;
}

/** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function deploymentDefaults(spec: unknown, version: string = DEFAULT_VERSION): DeploymentSpec {
  const d = defaultsFor("Deployment", version);
  const s = obj(spec);
  const st = obj(s.strategy);
  const type = (st.type as DeploymentSpec["strategy"]["type"] | undefined) ?? (d.strategyType as "RollingUpdate");
  const ru = obj(st.rollingUpdate);
  return {
    ...(s as unknown as DeploymentSpec),
    replicas: num(s.replicas, d.replicas as number),
    template: obj(s.template) as PodTemplateSpec,
    strategy:
      type === "RollingUpdate"
        ? {
            type,
            rollingUpdate: {
              maxSurge: (ru.maxSurge as IntOrString | undefined) ?? (d.maxSurge as IntOrString),
              maxUnavailable: (ru.maxUnavailable as IntOrString | undefined) ?? (d.maxUnavailable as IntOrString),
            },
          }
        : { type },
    minReadySeconds: num(s.minReadySeconds, d.minReadySeconds as number),
    revisionHistoryLimit: num(s.revisionHistoryLimit, d.revisionHistoryLimit as number),
    progressDeadlineSeconds: num(s.progressDeadlineSeconds, d.progressDeadlineSeconds as number),
  };
}

export interface ReplicaSetSpec {
  readonly replicas: number;
  readonly selector?: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly minReadySeconds: number;
}

/** SetDefaults_ReplicaSet / SetDefaults_ReplicationController: replicas 1. */
export function replicaSetDefaults(spec: unknown, version: string = DEFAULT_VERSION): ReplicaSetSpec {
  const d = defaultsFor("ReplicaSet", version);
  const s = obj(spec);
  return {
    ...(s as unknown as ReplicaSetSpec),
    replicas: num(s.replicas, d.replicas as number),
    template: obj(s.template) as PodTemplateSpec,
    minReadySeconds: num(s.minReadySeconds, d.minReadySeconds as number),
  };
}

export interface DaemonSetSpec {
  readonly selector?: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly updateStrategy: {
    readonly type: "RollingUpdate" | "OnDelete";
    readonly rollingUpdate?: { readonly maxUnavailable: IntOrString; readonly maxSurge: IntOrString };
  };
  readonly minReadySeconds: number;
  readonly revisionHistoryLimit: number;
}

/** SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10. */
export function daemonSetDefaults(spec: unknown, version: string = DEFAULT_VERSION): DaemonSetSpec {
  const d = defaultsFor("DaemonSet", version);
  const s = obj(spec);
  const us = obj(s.updateStrategy);
  const type =
    (us.type as DaemonSetSpec["updateStrategy"]["type"] | undefined) ?? (d.updateStrategyType as "RollingUpdate");
  const ru = obj(us.rollingUpdate);
  return {
    ...(s as unknown as DaemonSetSpec),
    template: obj(s.template) as PodTemplateSpec,
    updateStrategy:
      type === "RollingUpdate"
        ? {
            type,
            rollingUpdate: {
              maxUnavailable: (ru.maxUnavailable as IntOrString | undefined) ?? (d.maxUnavailable as IntOrString),
              maxSurge: (ru.maxSurge as IntOrString | undefined) ?? (d.maxSurge as IntOrString),
            },
          }
        : { type },
    minReadySeconds: num(s.minReadySeconds, d.minReadySeconds as number),
    revisionHistoryLimit: num(s.revisionHistoryLimit, d.revisionHistoryLimit as number),
  };
}

export interface JobSpec {
  readonly parallelism: number;
  readonly completions?: number;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds?: number;
  readonly completionMode: "NonIndexed" | "Indexed";
  readonly suspend: boolean;
  readonly template: PodTemplateSpec;
  readonly selector?: LabelSelector;
  readonly ttlSecondsAfterFinished?: number;
}

/**
 * SetDefaults_Job: completions and parallelism both 1 when both unset; parallelism 1 when unset;
 * backoffLimit 6; completionMode NonIndexed; suspend false.
 */
export function jobDefaults(spec: unknown, version: string = DEFAULT_VERSION): JobSpec {
  const d = defaultsFor("Job", version);
  const s = obj(spec);
  const both = s.completions === undefined && s.parallelism === undefined;
  const completions = both ? (d.completionsWhenBothUnset as number) : (s.completions as number | undefined);
  return {
    ...(s as unknown as JobSpec),
    parallelism: num(s.parallelism, d.parallelism as number),
    ...(completions !== undefined ? { completions } : {}),
    backoffLimit: num(s.backoffLimit, d.backoffLimit as number),
    completionMode: (s.completionMode as JobSpec["completionMode"] | undefined) ?? (d.completionMode as "NonIndexed"),
    suspend: typeof s.suspend === "boolean" ? s.suspend : (d.suspend as boolean),
    template: obj(s.template) as PodTemplateSpec,
  };
}

export interface CronJobSpec {
  readonly schedule: string;
  readonly timeZone?: string;
  readonly concurrencyPolicy: "Allow" | "Forbid" | "Replace";
  readonly suspend: boolean;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly startingDeadlineSeconds?: number;
  readonly jobTemplate: { readonly metadata?: ObjectMeta; readonly spec?: unknown };
}

/** SetDefaults_CronJob: concurrencyPolicy Allow, suspend false, history limits 3 and 1. */
export function cronJobDefaults(spec: unknown, version: string = DEFAULT_VERSION): CronJobSpec {
  const d = defaultsFor("CronJob", version);
  const s = obj(spec);
  return {
    ...(s as unknown as CronJobSpec),
    schedule: typeof s.schedule === "string" ? s.schedule : "",
    concurrencyPolicy:
      (s.concurrencyPolicy as CronJobSpec["concurrencyPolicy"] | undefined) ?? (d.concurrencyPolicy as "Allow"),
    suspend: typeof s.suspend === "boolean" ? s.suspend : (d.suspend as boolean),
    successfulJobsHistoryLimit: num(s.successfulJobsHistoryLimit, d.successfulJobsHistoryLimit as number),
    failedJobsHistoryLimit: num(s.failedJobsHistoryLimit, d.failedJobsHistoryLimit as number),
    jobTemplate: obj(s.jobTemplate) as CronJobSpec["jobTemplate"],
  };
}
