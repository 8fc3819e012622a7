/**
 * The pack catalog (spec/packs/packs.yaml): pack names, their rule-set and data files, and the
 * version-dependent overrides (a stricter rule replacing a baseline one, as pod-security-admission's
 * OverrideCheckIDs in staging/src/k8s.io/pod-security-admission/policy/checks.go).
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { specPath } from "../../io/paths.js";
import { DiagnosticError } from "../../model/diagnostic.js";
import type { VersionRange } from "../../model/versions.js";
import { obj } from "./facts/access.js";

/** One rule-set replacement active in a version range. */
export interface PackOverride {
  readonly replaces: readonly string[];
  readonly kubernetesVersions?: VersionRange;
}

/** One pack as the catalog declares it. */
export interface PackEntry {
  readonly name: string;
  readonly description: string;
  readonly ruleSets: readonly string[];
  readonly data: readonly string[];
  readonly overrides: readonly PackOverride[];
}

export interface PackCatalog {
  readonly default: readonly string[];
  readonly packs: readonly PackEntry[];
}

const CATALOG_FILE = "packs.yaml";

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function range(v: unknown): VersionRange | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return {
    ...(typeof o.min === "string" ? { min: o.min } : {}),
    ...(typeof o.max === "string" ? { max: o.max } : {}),
  };
}

let cached: PackCatalog | undefined;

/** The bundled pack catalog (read once). */
export function packCatalog(): PackCatalog {
  if (cached) return cached;
  const file = specPath("packs", CATALOG_FILE);
  const spec = obj(obj(parse(readFileSync(file, "utf8")))?.spec);
  const packs = spec && Array.isArray(spec.packs) ? spec.packs : undefined;
  if (!spec || !packs) {
    throw new DiagnosticError([
      {
        ruleId: "pack-catalog",
        severity: "error",
        message: "spec/packs/packs.yaml has no spec.packs list",
        file,
        line: 1,
        column: 1,
        fix: "restore the bundled pack catalog",
      },
    ]);
  }
  cached = {
    default: strings(spec.default),
    packs: packs.map((p) => {
      const o = obj(p) ?? {};
      const overrides = Array.isArray(o.overrides) ? o.overrides : [];
      return {
        name: String(o.name),
        description: String(o.description ?? ""),
        ruleSets: strings(o.ruleSets),
        data: strings(o.data),
        overrides: overrides.map((x) => {
          const r = range(obj(x)?.kubernetesVersions);
          return { replaces: strings(obj(x)?.replaces), ...(r ? { kubernetesVersions: r } : {}) };
        }),
      };
    }),
  };
  return cached;
}
