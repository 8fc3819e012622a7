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
import { compilePath, needsOwnCheck, parsePath } from "./path.js";
import { interpolate, isFactReference } from "./semantics.js";
import type { CompiledRuleSet, CompileOptions, Condition, Facts, FiredEvent, Rule, RuleSet } from "./types.js";

type Getter = (facts: Facts) => unknown;
type Pred = (facts: Facts) => boolean;
type Check = (facts: Facts) => void;

/** A rule failed to compile (only for rule sets that did not come through the loader). */
export class RuleCompileError extends Error {
  override readonly name = "RuleCompileError";
}

/**
 * Per-compiled-set memo of path reads: many conditions read the same fact at the same path (e.g.
 * `$.spec.restartPolicy`); each is resolved at most once per run. Facts are immutable during a run
 * and run is synchronous, so one slot array reset at the start of each run is enough.
 */
class Context {
  readonly checks: Check[] = [];
  private readonly slots = new Map<string, number>();
  readonly memo: unknown[] = [];

  static readonly UNSET: unique symbol = Symbol("unset");

  reset(): void {
    this.memo.fill(Context.UNSET);
  }

  getter(name: string, path: string | undefined): Getter {
    // Facts are an own-property map (json-rules-engine keeps them in a Map): `constructor` is no fact.
    const read: Getter = needsOwnCheck(name) ? (f) => (Object.hasOwn(f, name) ? f[name] : undefined) : (f) => f[name];
    if (path === undefined) return read;
    const keys = parsePath(path);
    if (!keys) throw new RuleCompileError(`unsupported path '${path}'`);
    const resolve = compilePath(keys);
    const key = JSON.stringify([name, keys]);
    let i = this.slots.get(key);
    if (i === undefined) {
      i = this.memo.length;
      this.slots.set(key, i);
      this.memo.push(Context.UNSET);
    }
    const slot = i;
    const memo = this.memo;
    return (f) => {
      const v = memo[slot];
      if (v !== Context.UNSET) return v;
      const r = resolve(read(f));
      memo[slot] = r;
      return r;
    };
  }
}

function operatorOf(name: string): OperatorDefinition {
  const op = getOperator(name);
  if (!op) throw new RuleCompileError(`unknown operator '${name}'`);
  return op;
}

/** json-rules-engine's relational operators (engine-default-operators.js), on numbers. */
const RELATIONAL: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  lessThan: (a, b) => a < b,
  lessThanInclusive: (a, b) => a <= b,
  greaterThan: (a, b) => a > b,
  greaterThanInclusive: (a, b) => a >= b,
};

function compileLeaf(c: Extract<Condition, { fact: string }>, ctx: Context): Pred {
  const op = operatorOf(c.operator);
  const lhs = ctx.getter(c.fact, c.path);
  const ev = op.evaluate;
  const mayThrow = op.mayThrow;
  const v = c.value;
  if (isFactReference(v)) {
    const rhs = ctx.getter(v.fact, v.path);
    if (mayThrow) {
      ctx.checks.push((f) => {
        const a = lhs(f);
        const b = rhs(f);
        if (mayThrow(a, b)) ev(a, b);
      });
    }
    return (f) => ev(lhs(f), rhs(f));
  }
  if (mayThrow) {
    ctx.checks.push((f) => {
      const a = lhs(f);
      if (mayThrow(a, v)) ev(a, v);
    });
  }
  if (op.name === "equal") return (f) => lhs(f) === v;
  if (op.name === "notEqual") return (f) => lhs(f) !== v;
  // The built-in relational operators on a number fact and a number value: numberValidator
  // (`parseFloat(fact).toString() !== "NaN"`) is exactly "not NaN" for a number, and NaN compares
  // false anyway, so a number fact needs only the comparison; any other type takes the operator's path.
  if (op.builtin && typeof v === "number") {
    const rel = Object.hasOwn(RELATIONAL, op.name) ? RELATIONAL[op.name] : undefined;
    if (rel) {
      const slow = op.compile ? op.compile(v) : (a: unknown) => ev(a, v);
      return (f) => {
        const a = lhs(f);
        return typeof a === "number" ? rel(a, v) : slow(a);
      };
    }
  }
  const test = op.compile ? op.compile(v) : (a: unknown) => ev(a, v);
  return (f) => test(lhs(f));
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
function compileCondition(c: Condition, ctx: Context): Pred {
  if ("all" in c) {
    // json-rules-engine: an empty all/any is true (rule.js prioritizeAndRun); the loader refuses them.
    if (c.all.length === 0) return () => true;
    return compileAll(c.all.map((x) => compileCondition(x, ctx)));
  }
  if ("any" in c) {
    if (c.any.length === 0) return () => true;
    return compileAny(c.any.map((x) => compileCondition(x, ctx)));
  }
  if ("not" in c) {
    const p = compileCondition(c.not, ctx);
    return (f) => !p(f);
  }
  return compileLeaf(c, ctx);
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
  const ctx = new Context();
  const compiled: CompiledRule[] = activeRules(ruleSets, version).map((rule) => ({
    rule,
    priority: rule.priority ?? 1,
    test: compileCondition(rule.conditions, ctx),
    fired: firedEventOf(rule),
  }));
  const rules = compiled.map((c) => c.rule);
  const checks = ctx.checks;
  const runChecks = (facts: Facts): void => {
    ctx.reset();
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
