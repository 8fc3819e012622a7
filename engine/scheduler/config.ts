/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) → profiles, with the checks upstream's
 * validation makes (pkg/scheduler/apis/config/validation/validation.go and validation_pluginargs.go)
 * reported as diagnostics with file:line:column (a bad config exits 2, never a stack trace).
 */
import { collectInputs, loadFile } from "../io/inputs.js";
import type { SourceDocument } from "../io/yaml.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { DiagnosticError } from "../model/diagnostic.js";
import { DEFAULT_VERSION } from "../model/versions.js";
import { buildProfile, knownPlugin, POINT_KEYS, type Profile, type ProfileConfig } from "./profile.js";
import { ARGS_KIND } from "./registry.js";

export const CONFIG_API_VERSION = "kubescheduler.config.k8s.io/v1";
const RULE = "scheduler-config";

export interface SchedulerConfig {
  readonly profiles: readonly Profile[];
  readonly percentageOfNodesToScore: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly doc: SourceDocument) {}
  error(pointer: string, message: string, fix: string, key = false): void {
    const pos = key ? this.doc.keyPositionOf(pointer) : this.doc.positionOf(pointer);
    this.diagnostics.push({
      ruleId: RULE,
      severity: "error",
      message,
      file: this.doc.file,
      line: pos.line,
      column: pos.column,
      instancePath: pointer,
      fix,
    });
  }
}

function checkResources(c: Checker, v: unknown, p: string): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) {
    c.error(p, "resources must be a list of {name, weight}", "write resources: [{name: cpu, weight: 1}]");
    return;
  }
  v.forEach((r, i) => {
    if (!isObj(r) || typeof r.name !== "string" || r.name === "") {
      c.error(`${p}/${i}`, "a resource needs a name", "add name: cpu (or memory, or an extended resource)");
    } else if (r.weight !== undefined && (!isInt(r.weight) || r.weight < 1 || r.weight > 100)) {
      c.error(
        `${p}/${i}/weight`,
        `resource weight of ${r.name} not in valid range [1, 100]`,
        "use a weight from 1 to 100",
      );
    }
  });
}

function checkArgs(c: Checker, plugin: string, args: unknown, p: string): void {
  if (args === undefined) return;
  if (!isObj(args)) {
    c.error(p, "args must be a mapping", "write the plugin's args as a YAML mapping");
    return;
  }
  const kind = ARGS_KIND[plugin];
  if (args.kind !== undefined && kind && args.kind !== kind) {
    c.error(`${p}/kind`, `args of ${plugin} must be kind ${kind}, not ${String(args.kind)}`, `set kind: ${kind}`);
  }
  if (plugin === "NodeResourcesFit") {
    const ss = args.scoringStrategy;
    if (ss !== undefined) {
      if (!isObj(ss)) {
        c.error(`${p}/scoringStrategy`, "scoringStrategy must be a mapping", "write {type: LeastAllocated}");
        return;
      }
      const types = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"];
      if (ss.type !== undefined && !types.includes(String(ss.type))) {
        c.error(
          `${p}/scoringStrategy/type`,
          `scoring strategy ${String(ss.type)} is not supported`,
          `use one of ${types.join(", ")}`,
        );
      }
      checkResources(c, ss.resources, `${p}/scoringStrategy/resources`);
      const rtcr = ss.requestedToCapacityRatio;
      if (rtcr !== undefined) {
        const shape = isObj(rtcr) ? rtcr.shape : undefined;
        if (!Array.isArray(shape) || shape.length === 0) {
          c.error(
            `${p}/scoringStrategy/requestedToCapacityRatio`,
            "at least one point must be specified",
            "add shape: [{utilization: 0, score: 10}, {utilization: 100, score: 0}]",
          );
        } else {
          let prev = -1;
          shape.forEach((pt, i) => {
            const q = `${p}/scoringStrategy/requestedToCapacityRatio/shape/${i}`;
            const u = isObj(pt) ? pt.utilization : undefined;
            const s = isObj(pt) ? pt.score : undefined;
            if (!isInt(u) || u < 0 || u > 100)
              c.error(`${q}/utilization`, "utilization must be an integer in [0, 100]", "use 0..100");
            else if (u <= prev)
              c.error(
                `${q}/utilization`,
                "utilization values must be sorted in increasing order",
                "sort the shape points by utilization",
              );
            if (!isInt(s) || s < 0 || s > 10)
              c.error(`${q}/score`, "score must be an integer in [0, 10]", "use 0..10 (scaled ×10 to MaxNodeScore)");
            if (isInt(u)) prev = u;
          });
        }
      }
    }
    for (const f of ["ignoredResources", "ignoredResourceGroups"]) {
      const v = args[f];
      if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string"))) {
        c.error(`${p}/${f}`, `${f} must be a list of resource names`, "write a YAML list of strings");
      }
    }
  } else if (plugin === "NodeResourcesBalancedAllocation") {
    checkResources(c, args.resources, `${p}/resources`);
  } else if (plugin === "InterPodAffinity") {
    const w = args.hardPodAffinityWeight;
    if (w !== undefined && (!isInt(w) || w < 0 || w > 100)) {
      c.error(`${p}/hardPodAffinityWeight`, "hardPodAffinityWeight: not in valid range [0, 100]", "use 0..100");
    }
  } else if (plugin === "PodTopologySpread") {
    const dt = args.defaultingType;
    if (dt !== undefined && dt !== "System" && dt !== "List") {
      c.error(`${p}/defaultingType`, `defaultingType ${String(dt)} is not supported`, "use System or List");
    }
    const dc = args.defaultConstraints;
    if (dt === "System" && Array.isArray(dc) && dc.length > 0) {
      c.error(
        `${p}/defaultConstraints`,
        'when .defaultingType is "System", .defaultConstraints must be empty',
        "remove defaultConstraints or set defaultingType: List",
      );
    }
    if (dc !== undefined && !Array.isArray(dc))
      c.error(`${p}/defaultConstraints`, "defaultConstraints must be a list", "write a YAML list");
    const seen = new Set<string>();
    (Array.isArray(dc) ? dc : []).forEach((k, i) => {
      const q = `${p}/defaultConstraints/${i}`;
      if (!isObj(k)) {
        c.error(q, "a constraint must be a mapping", "write {maxSkew, topologyKey, whenUnsatisfiable}");
        return;
      }
      if (!isInt(k.maxSkew) || k.maxSkew <= 0)
        c.error(`${q}/maxSkew`, "maxSkew must be greater than zero", "use maxSkew: 1 or more");
      if (typeof k.topologyKey !== "string" || k.topologyKey === "")
        c.error(q, "topologyKey can not be empty", "set topologyKey");
      if (k.whenUnsatisfiable !== "DoNotSchedule" && k.whenUnsatisfiable !== "ScheduleAnyway") {
        c.error(
          `${q}/whenUnsatisfiable`,
          "whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway",
          "use DoNotSchedule or ScheduleAnyway",
        );
      }
      if (k.labelSelector !== undefined) {
        c.error(
          `${q}/labelSelector`,
          "constraint must not define a selector, as they deduced for each pod",
          "remove labelSelector",
        );
      }
      const pair = `${String(k.topologyKey)}/${String(k.whenUnsatisfiable)}`;
      if (seen.has(pair))
        c.error(q, `duplicate constraint ${pair}`, "keep one constraint per (topologyKey, whenUnsatisfiable)");
      seen.add(pair);
    });
  } else if (plugin === "NodeAffinity") {
    if (args.addedAffinity !== undefined && !isObj(args.addedAffinity)) {
      c.error(
        `${p}/addedAffinity`,
        "addedAffinity must be a NodeAffinity mapping",
        "write requiredDuringSchedulingIgnoredDuringExecution/preferred...",
      );
    }
  }
}

function checkProfile(c: Checker, prof: unknown, p: string, version: string): ProfileConfig | undefined {
  if (!isObj(prof)) {
    c.error(p, "a profile must be a mapping", "write {schedulerName, plugins, pluginConfig}");
    return undefined;
  }
  const pct = prof.percentageOfNodesToScore;
  if (pct !== undefined && (!isInt(pct) || pct < 0 || pct > 100)) {
    c.error(
      `${p}/percentageOfNodesToScore`,
      "percentageOfNodesToScore: not in valid range [0-100]",
      "use 0 (adaptive) to 100",
    );
  }
  const plugins = prof.plugins;
  if (plugins !== undefined) {
    if (!isObj(plugins))
      c.error(
        `${p}/plugins`,
        "plugins must be a mapping of extension points",
        "write plugins: {multiPoint: {enabled: [...]}}",
      );
    else {
      for (const [point, set] of Object.entries(plugins)) {
        const q = `${p}/plugins/${point}`;
        if (!(point in POINT_KEYS)) {
          c.error(q, `unknown extension point "${point}"`, `use one of ${Object.keys(POINT_KEYS).join(", ")}`, true);
          continue;
        }
        if (!isObj(set)) {
          c.error(q, "an extension point takes {enabled: [...], disabled: [...]}", "write enabled/disabled lists");
          continue;
        }
        for (const which of ["enabled", "disabled"] as const) {
          const list = set[which];
          if (list === undefined) continue;
          if (!Array.isArray(list)) {
            c.error(`${q}/${which}`, `${which} must be a list of {name}`, "write a YAML list");
            continue;
          }
          list.forEach((e, i) => {
            const r = `${q}/${which}/${i}`;
            const name = isObj(e) ? e.name : undefined;
            if (typeof name !== "string") {
              c.error(r, "a plugin entry needs a name", "add name: <PluginName>");
              return;
            }
            if (!(which === "disabled" && name === "*") && !knownPlugin(name, version)) {
              c.error(
                `${r}/name`,
                `plugin "${name}" does not exist in kube-scheduler ${version}`,
                "check the spelling (plugin names are CamelCase, e.g. NodeResourcesFit)",
              );
            }
            const w = isObj(e) ? e.weight : undefined;
            if (w !== undefined && (!isInt(w) || w < 0))
              c.error(`${r}/weight`, "weight must be a non-negative integer", "use an integer weight");
          });
        }
      }
    }
  }
  const pc = prof.pluginConfig;
  if (pc !== undefined && !Array.isArray(pc))
    c.error(`${p}/pluginConfig`, "pluginConfig must be a list", "write pluginConfig: [{name, args}]");
  const seen = new Set<string>();
  (Array.isArray(pc) ? pc : []).forEach((e, i) => {
    const q = `${p}/pluginConfig/${i}`;
    const name = isObj(e) ? e.name : undefined;
    if (typeof name !== "string") {
      c.error(q, "a pluginConfig entry needs a name", "add name: <PluginName>");
      return;
    }
    if (!knownPlugin(name, version))
      c.error(`${q}/name`, `plugin "${name}" does not exist in kube-scheduler ${version}`, "check the spelling");
    if (seen.has(name)) c.error(`${q}/name`, `repeated config for plugin ${name}`, "merge the two entries");
    seen.add(name);
    checkArgs(c, name, (e as Obj).args, `${q}/args`);
  });
  return prof as ProfileConfig;
}

/** Check and build a KubeSchedulerConfiguration document. Throws DiagnosticError on any problem. */
export function schedulerConfigFromDocument(doc: SourceDocument, version: string = DEFAULT_VERSION): SchedulerConfig {
  const c = new Checker(doc);
  const v = doc.value;
  if (!isObj(v)) {
    c.error(
      "",
      "a KubeSchedulerConfiguration must be a mapping",
      "start with apiVersion: kubescheduler.config.k8s.io/v1",
    );
    throw new DiagnosticError(c.diagnostics);
  }
  if (v.apiVersion !== CONFIG_API_VERSION) {
    c.error(
      "/apiVersion",
      `apiVersion must be ${CONFIG_API_VERSION} (got ${String(v.apiVersion)})`,
      `set apiVersion: ${CONFIG_API_VERSION}`,
    );
  }
  if (v.kind !== "KubeSchedulerConfiguration") {
    c.error(
      "/kind",
      `kind must be KubeSchedulerConfiguration (got ${String(v.kind)})`,
      "set kind: KubeSchedulerConfiguration",
    );
  }
  const pct = v.percentageOfNodesToScore;
  if (pct !== undefined && (!isInt(pct) || pct < 0 || pct > 100)) {
    c.error(
      "/percentageOfNodesToScore",
      "percentageOfNodesToScore: not in valid range [0-100]",
      "use 0 (adaptive) to 100",
    );
  }
  const rawProfiles = v.profiles === undefined ? [{}] : v.profiles;
  const cfgs: ProfileConfig[] = [];
  if (!Array.isArray(rawProfiles) || rawProfiles.length === 0) {
    c.error("/profiles", "profiles must be a non-empty list", "write profiles: [{schedulerName: default-scheduler}]");
  } else {
    const names = new Set<string>();
    rawProfiles.forEach((prof, i) => {
      const pc = checkProfile(c, prof, `/profiles/${i}`, version);
      if (!pc) return;
      const name = pc.schedulerName ?? "default-scheduler";
      if (names.has(name))
        c.error(
          `/profiles/${i}/schedulerName`,
          `duplicate profile with schedulerName "${name}"`,
          "give each profile its own schedulerName",
        );
      names.add(name);
      cfgs.push(pc);
    });
  }
  if (c.diagnostics.length > 0) throw new DiagnosticError(c.diagnostics);
  const global = isInt(pct) ? pct : 0;
  return { profiles: cfgs.map((pc) => buildProfile(pc, version, global)), percentageOfNodesToScore: global };
}

/** Read a KubeSchedulerConfiguration file ("-" for stdin is not supported here). */
export function loadSchedulerConfig(path: string, version: string = DEFAULT_VERSION): SchedulerConfig {
  const { files, unreadable } = collectInputs([path]);
  if (unreadable.length > 0) throw new DiagnosticError(unreadable);
  const f = files[0];
  if (!f) {
    throw new DiagnosticError([
      {
        ruleId: RULE,
        severity: "error",
        message: `no configuration file at ${path}`,
        file: path,
        line: 1,
        column: 1,
        fix: "give --config the path of one KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1), not a directory",
      },
    ]);
  }
  const r = loadFile(f);
  if (r.diagnostics.length > 0) throw new DiagnosticError(r.diagnostics);
  const doc = r.documents[0];
  if (!doc || r.documents.length !== 1) {
    throw new DiagnosticError([
      {
        ruleId: RULE,
        severity: "error",
        message: `${path} must hold exactly one KubeSchedulerConfiguration document`,
        file: path,
        line: 1,
        column: 1,
        fix: "put one KubeSchedulerConfiguration in the file",
      },
    ]);
  }
  return schedulerConfigFromDocument(doc, version);
}
