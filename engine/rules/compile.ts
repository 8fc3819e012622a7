/**
 * Compiling rule sets into synchronous closures, once, at load.
 *
 * Semantics are json-rules-engine 7's (the reference, see reference.ts), with
 * `allowUndefinedFacts: true`: a fact absent from the facts object reads as undefined (rules about
 * optional Kubernetes fields must be able to say "absent"), in both engines.
 *
 * Evaluation order and errors: json-rules-engine evaluates every condition of every rule (siblings
 * run in parallel, there is no short-circuit between conditions of equal priority), so an operator
 * that throws anywhere rejects the whole run. The compiled engine short-circuits all/any for speed,
 * and keeps the error behaviour exact by evaluating, before the rules, every condition whose
 * operator can throw for the inputs at hand (`mayThrow`: only built-ins on object operands or a
 * non-list `in` value). Results are sorted by priority (highest first), then rule id.
 */
import { DEFAULT_VERSION, inRange } from "../model/versions.js";
import { getOperator, type OperatorDefinition } from "./operators/registry.js";
import { parsePath, resolveFactPath } from "./path.js";
import { interpolate, isFactReference } from "./semantics.js";
import type { CompiledRuleSet, CompileOptions, Condition, Facts, FiredEvent, Rule, RuleSet } from "./types.js";

type Getter = (facts: Facts) => unknown;
type Pred = (facts: Facts) => boolean;
type Check = (facts: Facts) => void;

/** A rule failed to compile (only for rule sets that did not come through the loader). */
export class RuleCompileError extends Error {
  override readonly name = "RuleCompileError";
}

function factGetter(name: string, path: string | undefined): Getter {
  const read = (f: Facts): unknown => (Object.hasOwn(f, name) ? f[name] : undefined);
  if (path === undefined) return read;
  const keys = parsePath(path);
  if (!keys) throw new RuleCompileError(`unsupported path '${path}'`);
  return (f) => resolveFactPath(read(f), keys);
}

function operatorOf(name: string): OperatorDefinition {
  const op = getOperator(name);
  if (!op) throw new RuleCompileError(`unknown operator '${name}'`);
  return op;
}

function compileLeaf(c: Extract<Condition, { fact: string }>, checks: Check[]): Pred {
  const op = operatorOf(c.operator);
  const lhs = factGetter(c.fact, c.path);
  const ev = op.evaluate;
  const v = c.value;
  if (isFactReference(v)) {
    const rhs = factGetter(v.fact, v.path);
    const mayThrow = op.mayThrow;
    if (mayThrow) {
      checks.push((f) => {
        const a = lhs(f);
        const b = rhs(f);
        if (mayThrow(a, b)) ev(a, b);
      });
    }
    return (f) => ev(lhs(f), rhs(f));
  }
  const mayThrow = op.mayThrow;
  if (mayThrow) {
    checks.push((f) => {
      const a = lhs(f);
      if (mayThrow(a, v)) ev(a, v);
    });
  }
  return (f) => ev(lhs(f), v);
}

function compileAll(ps: Pred[]): Pred {
  if (ps.length === 1) return ps[0]!;
  if (ps.length === 2) {
    const [a, b] = ps as [Pred, Pred];
    return (f) => a(f) && b(f);
  }
  return (f) => {
    for (const p of ps) if (!p(f)) return false;
    return true;
  };
}

function compileAny(ps: Pred[]): Pred {
  if (ps.length === 1) return ps[0]!;
  if (ps.length === 2) {
    const [a, b] = ps as [Pred, Pred];
    return (f) => a(f) || b(f);
  }
  return (f) => {
    for (const p of ps) if (p(f)) return true;
    return false;
  };
}

/** Compile one condition tree into a predicate; fallible conditions also add a check. */
export function compileCondition(c: Condition, checks: Check[]): Pred {
  if ("all" in c) {
    // json-rules-engine: an empty all/any is true (rule.js prioritizeAndRun); the loader refuses them.
    if (c.all.length === 0) return () => true;
    return compileAll(c.all.map((x) => compileCondition(x, checks)));
  }
  if ("any" in c) {
    if (c.any.length === 0) return () => true;
    return compileAny(c.any.map((x) => compileCondition(x, checks)));
  }
  if ("not" in c) {
    const p = compileCondition(c.not, checks);
    return (f) => !p(f);
  }
  return compileLeaf(c, checks);
}

interface CompiledRule {
  readonly rule: Rule;
  readonly priority: number;
  readonly test: Pred;
  readonly fired: FiredEvent;
}

/** The order every engine reports results in: priority descending, then rule id (code-unit order). */
export function compareRulesForOutput(
  a: { priority: number; id: string },
  b: { priority: number; id: string },
): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The fired event of a rule (params and interpolated message are fixed at load). */
export function firedEventOf(rule: Rule): FiredEvent {
  const params = rule.event.params ?? {};
  const text = rule.messages[rule.event.type] ?? rule.event.type;
  return Object.freeze({ ruleId: rule.id, type: rule.event.type, params, message: interpolate(text, params), rule });
}

/** The rules of `ruleSets` that apply to `kubernetesVersion`, in output order. */
export function activeRules(ruleSets: readonly RuleSet[], kubernetesVersion: string): Rule[] {
  const out: Rule[] = [];
  for (const rs of ruleSets) {
    for (const r of rs.spec.rules) {
      if (inRange(kubernetesVersion, r.kubernetesVersions ?? rs.spec.kubernetesVersions)) out.push(r);
    }
  }
  return out.sort((a, b) =>
    compareRulesForOutput({ priority: a.priority ?? 1, id: a.id }, { priority: b.priority ?? 1, id: b.id }),
  );
}

/** Compile several rule sets (loaded together, so rule ids are unique) into one evaluator. */
export function compileRuleSets(ruleSets: readonly RuleSet[], options: CompileOptions = {}): CompiledRuleSet {
  const version = options.kubernetesVersion ?? DEFAULT_VERSION;
  const checks: Check[] = [];
  const compiled: CompiledRule[] = activeRules(ruleSets, version).map((rule) => ({
    rule,
    priority: rule.priority ?? 1,
    test: compileCondition(rule.conditions, checks),
    fired: firedEventOf(rule),
  }));
  const rules = compiled.map((c) => c.rule);
  const runChecks = (facts: Facts): void => {
    for (const c of checks) c(facts);
  };
  return {
    rules,
    run(facts: Facts): FiredEvent[] {
      runChecks(facts);
      const out: FiredEvent[] = [];
      for (const c of compiled) if (c.test(facts)) out.push(c.fired);
      return out;
    },
    first(facts: Facts): FiredEvent | undefined {
      runChecks(facts);
      for (const c of compiled) if (c.test(facts)) return c.fired;
      return undefined;
    },
  };
}

/** Compile one rule set for a Kubernetes version (rules outside their kubernetesVersions are left out). */
export function compileRuleSet(ruleSet: RuleSet, options: CompileOptions = {}): CompiledRuleSet {
  return compileRuleSets([ruleSet], options);
}
