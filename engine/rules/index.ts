/**
 * kubespec's rule engine: load rule-set files (positions, schema, semantic checks), compile them
 * into synchronous predicates, and run json-rules-engine as the reference semantics.
 *
 * ```ts
 * import { compileRuleSet, loadRuleSetFile } from "../rules/index.js";
 * const rules = compileRuleSet(loadRuleSetFile("spec/kubernetes/pod-phase.yaml"), { kubernetesVersion: "1.34" });
 * rules.first({ restartPolicy: "Never", failedInit: 1 })?.params.phase; // "Failed"
 * ```
 */

export { bundledRuleSetFiles } from "./bundled.js";
export { activeRules, compileRuleSet, compileRuleSets, RuleCompileError } from "./compile.js";
export { type LoadRuleSetsOptions, loadRuleSetFile, loadRuleSets, loadRuleSetText } from "./load.js";
export { getOperator, OPERATORS, type OperatorDefinition, registerOn } from "./operators/registry.js";
export { PATH_HELP, parsePath } from "./path.js";
export {
  type ReferenceRuleSet,
  type RuleEngineKind,
  referenceRuleSet,
  referenceRuleSets,
  ruleEvaluator,
} from "./reference.js";
export { interpolate } from "./semantics.js";
export type {
  CompiledRuleSet,
  CompileOptions,
  Condition,
  FactCondition,
  FactReference,
  Facts,
  FiredEvent,
  Rule,
  RuleEvent,
  RuleSet,
  TopLevelCondition,
} from "./types.js";
