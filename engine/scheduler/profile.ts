/**
 * Scheduler profiles: the default profile per version (data in spec/kubernetes/scheduler/default-profile.yaml)
 * merged with a KubeSchedulerConfiguration profile exactly as upstream does it —
 * apis/config/v1/default_plugins.go mergePlugins (disabled "*", re-configured defaults keep their slot,
 * new plugins appended) and framework/runtime/framework.go expandMultiPointPlugins (per extension point:
 * explicitly configured plugins that override MultiPoint first, then MultiPoint ones, then the rest;
 * a score weight of 0 becomes 1).
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { specPath } from "../io/paths.js";
import { DEFAULT_VERSION, inRange, type VersionRange } from "../model/versions.js";
import type { Plugin } from "./framework.js";
import { type SkipWhen, unmodelledPlugin } from "./plugins/unmodelled.js";
import { FRAMEWORK_PLUGINS, PLUGIN_FACTORIES } from "./registry.js";

/** Extension points kubespec runs. */
export type ExtensionPoint =
  | "PreEnqueue"
  | "QueueSort"
  | "PreFilter"
  | "Filter"
  | "PostFilter"
  | "PreScore"
  | "Score"
  | "Bind";

export interface DefaultPluginEntry {
  readonly name: string;
  readonly weight?: number;
  readonly points: readonly ExtensionPoint[];
  readonly modelled?: boolean;
  readonly skipWhen?: SkipWhen;
  readonly kubernetesVersions?: VersionRange;
  readonly featureGate?: string;
  readonly upstream?: string;
}

export interface SchedulerDefaults {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number;
  readonly plugins: readonly DefaultPluginEntry[];
  readonly optionalPlugins: readonly DefaultPluginEntry[];
  readonly removedPlugins: readonly string[];
  readonly pluginConfig: Readonly<Record<string, Record<string, unknown>>>;
  readonly behaviour: {
    readonly balancedAllocationSkipsBestEffort: { readonly kubernetesVersions: VersionRange };
    readonly taintReasonGeneric: { readonly kubernetesVersions: VersionRange };
    readonly fitUnresolvableOverAllocatable: { readonly kubernetesVersions: VersionRange };
  };
}

let defaultsCache: SchedulerDefaults | undefined;

/** The bundled default-profile data. */
export function schedulerDefaults(): SchedulerDefaults {
  if (!defaultsCache) {
    const doc = parse(readFileSync(specPath("kubernetes", "scheduler", "default-profile.yaml"), "utf8")) as {
      spec: SchedulerDefaults;
    };
    defaultsCache = doc.spec;
  }
  return defaultsCache;
}

/** A plugin reference as KubeSchedulerConfiguration writes it. */
export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}
export interface PluginSet {
  readonly enabled?: readonly PluginRef[];
  readonly disabled?: readonly PluginRef[];
}
export type PluginsConfig = Partial<Record<string, PluginSet>>;

/** One KubeSchedulerProfile (already structurally checked by config.ts). */
export interface ProfileConfig {
  readonly schedulerName?: string;
  readonly percentageOfNodesToScore?: number;
  readonly plugins?: PluginsConfig;
  readonly pluginConfig?: readonly { readonly name: string; readonly args?: Record<string, unknown> }[];
}

export interface ScorePluginEntry {
  readonly plugin: Plugin;
  readonly weight: number;
}

/** A built profile: plugin instances per extension point, in order. */
export interface Profile {
  readonly schedulerName: string;
  readonly kubernetesVersion: string;
  /** Profile-level percentageOfNodesToScore, else the global one; 0 = adaptive. */
  readonly percentageOfNodesToScore: number;
  readonly preFilter: readonly Plugin[];
  readonly filter: readonly Plugin[];
  readonly preScore: readonly Plugin[];
  readonly score: readonly ScorePluginEntry[];
  readonly schedulingGates: boolean;
  readonly preemption: boolean;
  /** Enabled plugins kubespec does not decide (explain lists them). */
  readonly notModelled: readonly string[];
  /** Effective args per plugin name (after defaulting). */
  readonly args: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Config keys of KubeSchedulerProfile.plugins → extension point. */
export const POINT_KEYS: Readonly<Record<string, ExtensionPoint | "MultiPoint" | "Other">> = {
  multiPoint: "MultiPoint",
  preEnqueue: "PreEnqueue",
  queueSort: "QueueSort",
  preFilter: "PreFilter",
  filter: "Filter",
  postFilter: "PostFilter",
  preScore: "PreScore",
  score: "Score",
  reserve: "Other",
  permit: "Other",
  preBind: "Other",
  bind: "Bind",
  postBind: "Other",
};

/** default_plugins.go mergePluginSet. */
function mergePluginSet(defaults: readonly PluginRef[], custom: PluginSet | undefined): PluginSet {
  const disabled = new Set((custom?.disabled ?? []).map((p) => p.name));
  const customEnabled = custom?.enabled ?? [];
  const byName = new Map(customEnabled.map((p, i) => [p.name, i]));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has("*")) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = byName.get(d.name);
      if (i !== undefined) {
        enabled.push(customEnabled[i]!);
        replaced.add(i);
      } else enabled.push(d);
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled: custom?.disabled ?? [] };
}

/** The extension points a plugin implements. */
export function pluginPoints(name: string, version: string): readonly ExtensionPoint[] | undefined {
  const d = schedulerDefaults();
  const e = [...d.plugins, ...d.optionalPlugins].find((p) => p.name === name);
  if (!e) return undefined;
  if (e.kubernetesVersions && !inRange(version, e.kubernetesVersions)) return undefined;
  return e.points;
}

/** Whether a plugin name is known for this version. */
export function knownPlugin(name: string, version: string): boolean {
  return pluginPoints(name, version) !== undefined;
}

function deepDefaults(args: Record<string, unknown> | undefined, dflt: Record<string, unknown> | undefined) {
  return { ...(dflt ?? {}), ...(args ?? {}) };
}

/** Effective plugin args: SetDefaults_*Args over the user's args. */
function effectiveArgs(
  name: string,
  user: Record<string, unknown> | undefined,
  version: string,
): Record<string, unknown> {
  const d = schedulerDefaults();
  const dflt = d.pluginConfig[`${name}Args`];
  const out = deepDefaults(user, dflt);
  if (name === "NodeResourcesFit") {
    const ss = {
      ...((dflt?.scoringStrategy as Record<string, unknown>) ?? {}),
      ...((user?.scoringStrategy as Record<string, unknown>) ?? {}),
    };
    const userSS = user?.scoringStrategy as Record<string, unknown> | undefined;
    if (userSS && userSS.resources === undefined) {
      ss.resources = (dflt?.scoringStrategy as Record<string, unknown> | undefined)?.resources;
    }
    if (ss.type === "RequestedToCapacityRatio" && ss.requestedToCapacityRatio === undefined) {
      ss.requestedToCapacityRatio = { shape: d.pluginConfig.RequestedToCapacityRatioDefaultShape };
    }
    ss.resources = ((ss.resources as { name: string; weight?: number }[]) ?? []).map((r) => ({
      name: r.name,
      weight: r.weight ? r.weight : 1,
    }));
    out.scoringStrategy = ss;
    out.unresolvableOverAllocatable = inRange(version, d.behaviour.fitUnresolvableOverAllocatable.kubernetesVersions);
  }
  if (name === "NodeResourcesBalancedAllocation") {
    out.resources = ((out.resources as { name: string; weight?: number }[]) ?? []).map((r) => ({
      name: r.name,
      weight: r.weight ? r.weight : 1,
    }));
    out.skipBestEffort = inRange(version, d.behaviour.balancedAllocationSkipsBestEffort.kubernetesVersions);
  }
  if (name === "TaintToleration") {
    out.genericReason = inRange(version, d.behaviour.taintReasonGeneric.kubernetesVersions);
  }
  if (name === "PodTopologySpread" && user?.defaultConstraints && user.defaultingType === undefined) {
    // SetDefaults_PodTopologySpreadArgs: defaultingType System only when no constraints are given.
    out.defaultingType = "List";
  }
  return out;
}

/** Build a profile for a version from an optional KubeSchedulerConfiguration profile. */
export function buildProfile(
  cfg: ProfileConfig | undefined,
  version: string = DEFAULT_VERSION,
  globalPercentage?: number,
): Profile {
  const d = schedulerDefaults();
  const defaults = d.plugins.filter((p) => !p.kubernetesVersions || inRange(version, p.kubernetesVersions));
  const plugins = cfg?.plugins ?? {};
  const multiPoint = mergePluginSet(
    defaults.map((p) => (p.weight !== undefined ? { name: p.name, weight: p.weight } : { name: p.name })),
    plugins.multiPoint,
  );
  const userArgs = new Map((cfg?.pluginConfig ?? []).map((c) => [c.name, c.args]));
  const instances = new Map<string, Plugin>();
  const argsOut: Record<string, Record<string, unknown>> = {};
  const notModelled = new Set<string>();
  const instance = (name: string): Plugin | undefined => {
    const hit = instances.get(name);
    if (hit) return hit;
    const f = PLUGIN_FACTORIES.get(name);
    let p: Plugin | undefined;
    if (f) {
      const args = effectiveArgs(name, userArgs.get(name), version);
      argsOut[name] = args;
      p = f.create(args);
    } else {
      const e = [...d.plugins, ...d.optionalPlugins].find((x) => x.name === name);
      if (e?.skipWhen) p = unmodelledPlugin(name, e.skipWhen);
      else if (e && e.modelled === false) p = unmodelledPlugin(name, "no-resource-claims");
      if (p) notModelled.add(name);
    }
    if (p) instances.set(name, p);
    return p;
  };
  const expand = (point: ExtensionPoint, key: string): PluginRef[] => {
    const explicit = mergePluginSet([], plugins[key]);
    const disabled = new Set((explicit.disabled ?? []).map((p) => p.name));
    const explicitNames = new Set((explicit.enabled ?? []).map((p) => p.name));
    const overrides: PluginRef[] = [];
    const fromMulti: PluginRef[] = [];
    const multiNames = new Set<string>();
    if (!disabled.has("*")) {
      for (const p of multiPoint.enabled ?? []) {
        if (!pluginPoints(p.name, version)?.includes(point)) continue;
        if (disabled.has(p.name)) continue;
        multiNames.add(p.name);
        if (!explicitNames.has(p.name)) fromMulti.push(p);
      }
    }
    const rest: PluginRef[] = [];
    for (const p of explicit.enabled ?? []) (multiNames.has(p.name) ? overrides : rest).push(p);
    return [...overrides, ...fromMulti, ...rest];
  };
  const list = (point: ExtensionPoint, key: string) =>
    expand(point, key)
      .map((r) => instance(r.name))
      .filter((p): p is Plugin => p !== undefined);
  const score = expand("Score", "score")
    .map((r) => ({ plugin: instance(r.name), weight: r.weight ? r.weight : 1 }))
    .filter((e): e is ScorePluginEntry => e.plugin !== undefined && e.plugin.score !== undefined);
  const names = (point: ExtensionPoint, key: string) => expand(point, key).map((r) => r.name);
  const pct = cfg?.percentageOfNodesToScore ?? globalPercentage ?? d.percentageOfNodesToScore;
  const filter = list("Filter", "filter");
  return {
    schedulerName: cfg?.schedulerName ?? d.schedulerName,
    kubernetesVersion: version,
    percentageOfNodesToScore: pct,
    preFilter: list("PreFilter", "preFilter"),
    filter,
    preScore: list("PreScore", "preScore"),
    score,
    schedulingGates: names("PreEnqueue", "preEnqueue").includes("SchedulingGates"),
    preemption: names("PostFilter", "postFilter").includes("DefaultPreemption"),
    notModelled: [...notModelled].filter((n) => filter.some((p) => p.name === n)),
    args: argsOut,
  };
}

/** Whether a name is a framework-level plugin (queue sort, gates, preemption, binder). */
export function isFrameworkPlugin(name: string): boolean {
  return FRAMEWORK_PLUGINS.has(name);
}
