/** The rule-set file format (spec/schemas/ruleset.schema.json) as TypeScript types, and engine results. */
import type { VersionRange } from "../model/versions.js";

/** A value in a condition: a literal, or a reference to another fact (json-rules-engine `{fact, path?}`). */
export type ConditionValue = unknown;

/** A reference to a fact used as a condition's value. */
export interface FactReference {
  readonly fact: string;
  readonly path?: string;
}

/** A leaf condition: `fact` (optionally narrowed by `path`) compared with `value` by `operator`. */
export interface FactCondition {
  readonly fact: string;
  readonly path?: string;
  readonly operator: string;
  readonly value: ConditionValue;
}

/** A condition tree node (json-rules-engine's all/any/not, or a leaf). */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | FactCondition;

/** The conditions root: always a boolean node. */
export type TopLevelCondition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

export interface RuleEvent {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** One rule: json-rules-engine's rule plus kubespec metadata. */
export interface Rule {
  readonly id: string;
  readonly description?: string;
  readonly upstream?: string;
  readonly kubernetesVersions?: VersionRange;
  readonly severity?: "error" | "warning" | "info";
  readonly priority?: number;
  readonly conditions: TopLevelCondition;
  readonly event: RuleEvent;
  readonly messages: Readonly<Record<string, string>>;
  readonly simplification?: string;
  readonly remediation?: string;
}

/** A whole rule-set document, as validated by the schema. */
export interface RuleSet {
  readonly apiVersion: "kubespec.io/v1alpha1";
  readonly kind: "RuleSet";
  readonly metadata: { readonly name: string; readonly description?: string };
  readonly spec: {
    readonly upstream?: string;
    readonly kubernetesVersions?: VersionRange;
    readonly facts?: Readonly<Record<string, string>>;
    readonly rules: readonly Rule[];
  };
  /** Where the rule set came from (file as given), when loaded from a file or text. */
  readonly source?: string;
}

/** Facts are plain data: a map from fact name to a JSON-like value. */
export type Facts = Readonly<Record<string, unknown>>;

/** A rule that fired, in the order the engine reports them (priority desc, then rule id). */
export interface FiredEvent {
  readonly ruleId: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The rule's message for `type`, with `{{param}}` interpolated. */
  readonly message: string;
  readonly rule: Rule;
}

/** A rule set compiled for one Kubernetes version. */
export interface CompiledRuleSet {
  /** The rules that apply to the selected version, in evaluation order (priority desc, then id). */
  readonly rules: readonly Rule[];
  /** Every rule whose conditions hold, sorted by priority (highest first), then rule id. */
  run(facts: Facts): FiredEvent[];
  /** The first event `run` would return, or undefined; evaluation errors surface exactly as in `run`. */
  first(facts: Facts): FiredEvent | undefined;
}

/** Options for compiling and for the reference engine. */
export interface CompileOptions {
  /** "1.N"; rules whose kubernetesVersions range excludes it are left out. Default: DEFAULT_VERSION. */
  readonly kubernetesVersion?: string;
}
