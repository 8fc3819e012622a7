/**
 * Value sets read by extractors (spec/packs/*-data.yaml): cumulative, version-dependent name sets,
 * resolved once per loadPacks for the selected Kubernetes version.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { DiagnosticError } from "../../../model/diagnostic.js";
import { compareVersions } from "../../../model/versions.js";
import { obj } from "./access.js";

/** Name sets resolved for one version, keyed like the data file's spec keys. */
export type ResolvedSets = ReadonlyMap<string, ReadonlySet<string>>;

function broken(file: string, message: string): DiagnosticError {
  return new DiagnosticError([
    {
      ruleId: "pack-data",
      severity: "error",
      message,
      file,
      line: 1,
      column: 1,
      fix: "restore the bundled spec/packs data file",
    },
  ]);
}

/** Resolve every cumulative set of a data file's `spec` for `version` ("1.N"). */
export function resolveSets(spec: Record<string, unknown>, version: string, file: string): ResolvedSets {
  const out = new Map<string, ReadonlySet<string>>();
  for (const [key, entries] of Object.entries(spec)) {
    if (!Array.isArray(entries)) throw broken(file, `${key}: expected a list of {since, names}`);
    const names = new Set<string>();
    for (const e of entries) {
      const since = obj(e)?.since;
      const ns = obj(e)?.names;
      if (typeof since !== "string" || !Array.isArray(ns))
        throw broken(file, `${key}: each entry needs since and names`);
      if (compareVersions(since, version) <= 0) for (const n of ns) names.add(String(n));
    }
    out.set(key, names);
  }
  return out;
}

/** Load a PackData file and resolve its sets for `version`. */
export function loadPackData(file: string, version: string): ResolvedSets {
  const doc = obj(parse(readFileSync(file, "utf8")));
  const spec = obj(doc?.spec);
  if (doc?.kind !== "PackData" || !spec) throw broken(file, "not a PackData document (kind: PackData with spec)");
  return resolveSets(spec, version, file);
}
