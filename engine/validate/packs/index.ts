/**
 * Validation rule packs for `kubespec validate` (spec/packs/): Pod Security Standards per version,
 * correctness and best practice. Compile once with loadPacks, then checkDocument per document.
 */

import { specPath } from "../../io/paths.js";
import { DiagnosticError } from "../../model/diagnostic.js";
import { inRange, minorOf } from "../../model/versions.js";
import { compileRuleSet, loadRuleSetFile } from "../../rules/index.js";
import type { CompiledRuleSet, Rule, RuleSet } from "../../rules/types.js";
import { packCatalog } from "./catalog.js";
import { loadPackData } from "./facts/pack-data.js";
import { isKnownFact } from "./facts/registry.js";
import { extractorsFor, factsOfRule, type LoadedPacks } from "./runner.js";

export { checkDocument, type LoadedPacks } from "./runner.js";

/** The names of all bundled packs, in catalog order. */
export function listPacks(): string[] {
  return packCatalog().packs.map((p) => p.name);
}

/** The packs `kubespec validate` runs when no --pack is given. */
export function defaultPacks(): string[] {
  return [...packCatalog().default];
}

const ruleSetCache = new Map<string, RuleSet>();

function ruleSet(file: string): RuleSet {
  let rs = ruleSetCache.get(file);
  if (!rs) {
    rs = loadRuleSetFile(specPath("packs", file));
    ruleSetCache.set(file, rs);
  }
  return rs;
}

function unknownPack(name: string): DiagnosticError {
  return new DiagnosticError([
    {
      ruleId: "pack-unknown",
      messageId: "unknown-pack",
      severity: "error",
      message: `unknown pack "${name}"; known packs: ${listPacks().join(", ")}`,
      file: "--pack",
      line: 1,
      column: 1,
      fix: `use one of: ${listPacks().join(", ")}`,
    },
  ]);
}

function unknownFact(rs: RuleSet, rule: Rule, fact: string): DiagnosticError {
  return new DiagnosticError([
    {
      ruleId: "pack-fact-unknown",
      severity: "error",
      message: `rule ${rule.id} reads fact "${fact}", which no pack extractor provides`,
      file: rs.source ?? rs.metadata.name,
      line: 1,
      column: 1,
      fix: "use a fact listed in engine/validate/packs/facts/registry.ts",
    },
  ]);
}

/**
 * Compile the named packs for `kubernetesVersion` ("1.N"; any minor, so PSS levels of old and newer
 * versions work). Rules outside their kubernetesVersions range and rules a stricter pack rule replaces
 * at this version are left out before compiling. Throws DiagnosticError for unknown pack names.
 */
export function loadPacks(names: readonly string[], kubernetesVersion: string): LoadedPacks {
  if (minorOf(kubernetesVersion) === undefined) {
    throw new DiagnosticError([
      {
        ruleId: "pack-version",
        messageId: "bad-version",
        severity: "error",
        message: `Kubernetes version "${kubernetesVersion}" is not of the form 1.N`,
        file: "--kubernetes-version",
        line: 1,
        column: 1,
        fix: "give a minor version such as 1.36 (pod-security packs accept any 1.N, e.g. 1.0 or 1.37)",
      },
    ]);
  }
  const catalog = packCatalog();
  const entries = [...new Set(names)].map((n) => catalog.packs.find((p) => p.name === n) ?? n);
  for (const e of entries) if (typeof e === "string") throw unknownPack(e);
  const packs = entries.filter((e) => typeof e !== "string");
  const replaced = new Set<string>();
  for (const p of packs) {
    for (const o of p.overrides)
      if (inRange(kubernetesVersion, o.kubernetesVersions)) for (const r of o.replaces) replaced.add(r);
  }
  const files = [...new Set(packs.flatMap((p) => p.ruleSets))];
  const compiled: CompiledRuleSet[] = [];
  const factNames = new Set<string>();
  for (const file of files) {
    const rs = ruleSet(file);
    if (!inRange(kubernetesVersion, rs.spec.kubernetesVersions)) continue;
    const rules = rs.spec.rules
      .filter((r) => !replaced.has(r.id) && inRange(kubernetesVersion, r.kubernetesVersions))
      .map(({ kubernetesVersions: _range, ...rest }) => rest);
    for (const r of rules) {
      for (const f of factsOfRule(r)) {
        if (!isKnownFact(f)) throw unknownFact(rs, r, f);
        factNames.add(f);
      }
    }
    const { kubernetesVersions: _setRange, ...spec } = rs.spec;
    compiled.push(compileRuleSet({ ...rs, spec: { ...spec, rules } }));
  }
  const sets = new Map<string, ReadonlySet<string>>();
  for (const file of new Set(packs.flatMap((p) => p.data))) {
    for (const [k, v] of loadPackData(specPath("packs", file), kubernetesVersion)) sets.set(k, v);
  }
  return {
    names: packs.map((p) => p.name),
    kubernetesVersion,
    compiled,
    facts: extractorsFor(factNames),
    sets,
  };
}
