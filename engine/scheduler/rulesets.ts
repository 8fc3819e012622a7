/**
 * The scheduler's rule sets (spec/kubernetes/scheduler/*.yaml) compiled per version: the queue
 * eligibility table, the cycle outcome table, and the filter-rejection table whose rule ids name
 * each plugin failure in traces.
 */

import { specPath } from "../io/paths.js";
import { type CompiledRuleSet, compileRuleSet, loadRuleSetFile, type RuleSet } from "../rules/index.js";

const loaded = new Map<string, RuleSet>();
const compiled = new Map<string, CompiledRuleSet>();

function ruleSet(name: string): RuleSet {
  let rs = loaded.get(name);
  if (!rs) {
    rs = loadRuleSetFile(specPath("kubernetes", "scheduler", `${name}.yaml`));
    loaded.set(name, rs);
  }
  return rs;
}

/** A scheduler rule set compiled for a version (cached). */
export function schedulerRules(name: "scheduler-queue" | "scheduler-cycle" | "scheduler-filters", version: string) {
  const key = `${name}@${version}`;
  let c = compiled.get(key);
  if (!c) {
    c = compileRuleSet(ruleSet(name), { kubernetesVersion: version });
    compiled.set(key, c);
  }
  return c;
}

interface FilterRuleEntry {
  readonly id: string;
  readonly plugin: string;
  readonly code: string;
  readonly reason: RegExp;
  readonly format: string;
}

let filterEntries: FilterRuleEntry[] | undefined;

/** The filter-rejection table as (plugin, code, reason pattern) entries. */
export function filterRuleEntries(): readonly FilterRuleEntry[] {
  if (!filterEntries) {
    filterEntries = ruleSet("scheduler-filters").spec.rules.map((r) => {
      const conds = (r.conditions as unknown as { all: { fact: string; value: unknown }[] }).all;
      const plugin = String(conds.find((c) => c.fact === "plugin")?.value);
      const format = String(r.event.params?.reason);
      const pattern = format.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%[sv]/g, ".*");
      return { id: r.id, plugin, code: String(r.event.params?.code), reason: new RegExp(`^${pattern}$`), format };
    });
  }
  return filterEntries;
}

/** The rule id naming a plugin's rejection reason ("scheduler-filters/..."), if the table has it. */
export function filterRuleId(plugin: string, reason: string, code?: string): string | undefined {
  return filterRuleEntries().find(
    (e) => e.plugin === plugin && e.reason.test(reason) && (code === undefined || e.code === code),
  )?.id;
}
