/**
 * The kubelet's decision tables (spec/kubernetes/*.yaml, the rule-set format), loaded and compiled
 * once per (name, Kubernetes version) by the shared rule engine (engine/rules/). The engine reads
 * decisions only through `first(facts)` / `run(facts)`, so the tables stay data.
 */
import { specPath } from "../io/paths.js";
import { compileRuleSet, type FiredEvent, loadRuleSetFile, type Rule } from "../rules/index.js";

export type Facts = Readonly<Record<string, unknown>>;
export type Fired = FiredEvent;
export type TableRule = Rule;

export interface DecisionTable {
  readonly name: string;
  /** The rule set's default upstream reference. */
  readonly upstream: string;
  readonly rules: readonly Rule[];
  first(facts: Facts): Fired | undefined;
  run(facts: Facts): Fired[];
}

const cache = new Map<string, Map<string, DecisionTable>>();

/** The rule set spec/kubernetes/NAME.yaml compiled for `version` (cached). */
export function decisionTable(name: string, version: string): DecisionTable {
  let byName = cache.get(version);
  if (!byName) {
    byName = new Map();
    cache.set(version, byName);
  }
  const hit = byName.get(name);
  if (hit) return hit;
  const rs = loadRuleSetFile(specPath("kubernetes", `${name}.yaml`));
  const compiled = compileRuleSet(rs, { kubernetesVersion: version });
  const table: DecisionTable = {
    name,
    upstream: rs.spec.upstream ?? "",
    rules: compiled.rules,
    first: (facts) => compiled.first(facts),
    run: (facts) => compiled.run(facts),
  };
  byName.set(name, table);
  return table;
}

/** The first decision, which must exist (the tables end with a catch-all rule). */
export function decide(name: string, version: string, facts: Facts): Fired {
  const f = decisionTable(name, version).first(facts);
  if (!f) throw new Error(`rule set ${name} has no rule for facts ${JSON.stringify(facts)}`);
  return f;
}

/** The upstream reference of a rule (its own, else its rule set's). */
export function upstreamOf(ruleId: string, version: string): string | undefined {
  const name = ruleId.split("/")[0] ?? "";
  try {
    const t = decisionTable(name, version);
    return t.rules.find((r) => r.id === ruleId)?.upstream ?? t.upstream;
  } catch {
    return undefined;
  }
}

/**
 * Decisions of one rule set memoised by a packed integer encoding of the facts. A compiled rule set
 * is a pure function of its facts, so the caller's encoding must be injective over EVERY fact it
 * passes (not only those the rules read today); values outside the encodable domain get key -1 and
 * are evaluated directly. One Kubernetes version at a time (switching clears); bounded.
 */
export class PackedMemo<T> {
  /** Tests turn every memo off to compare against direct evaluation. */
  static enabled = true;
  private version = "";
  private readonly memo = new Map<number, T>();
  /** The memoised decision for `key` in `version`, if any. */
  get(version: string, key: number): T | undefined {
    if (version !== this.version) {
      this.version = version;
      this.memo.clear();
    }
    return key < 0 || !PackedMemo.enabled ? undefined : this.memo.get(key);
  }
  /** Remember a decision (after a `get` for the same version). */
  set(key: number, value: T): void {
    if (key < 0 || !PackedMemo.enabled) return;
    if (this.memo.size >= 4096) this.memo.clear();
    this.memo.set(key, value);
  }
}

/**
 * `decide(name, version, facts)` remembered in `memo` under `key`, a packing of every fact the table
 * reads (-1 when the facts do not pack: evaluated directly).
 */
export function decidePacked(memo: PackedMemo<Fired>, name: string, version: string, key: number, facts: Facts): Fired {
  let f = memo.get(version, key);
  if (!f) {
    f = decide(name, version, facts);
    memo.set(key, f);
  }
  return f;
}

/** restartPolicy as 0..2 (Always, OnFailure, Never); -1 otherwise. */
export function policyCode(p: unknown): number {
  return p === "Always" ? 0 : p === "OnFailure" ? 1 : p === "Never" ? 2 : -1;
}

/** A runtime state fact ("none", created, running, exited, unknown) as 0..4; -1 otherwise. */
export function stateCode(s: unknown): number {
  return s === "none" ? 0 : s === "created" ? 1 : s === "running" ? 2 : s === "exited" ? 3 : s === "unknown" ? 4 : -1;
}

/** An integer in [0, size) as itself; -1 otherwise. */
export function smallInt(n: unknown, size: number): number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n < size ? n : -1;
}
