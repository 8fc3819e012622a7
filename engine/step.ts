/**
 * The pure state-transition engine (DESIGN.md "Pure transitions").
 *
 * `step(state, event)`: settle the controllers at the current time, fire due timers in (at, id)
 * order (each followed by a settle), move time to `event.at`, apply the event through its handler
 * (engine/events/registry.ts), and settle again. "Settle" runs CONTROLLERS in registry order, round
 * after round, until a whole round changes nothing. No clock, no Math.random, no I/O; inputs are never
 * mutated.
 */
import { CONTROLLERS } from "./controllers/registry.js";
import { EVENT_HANDLERS, handlerFor } from "./events/registry.js";
import type { KubeObject, Node, Pod } from "./model/k8s.js";
import { objectKey } from "./model/k8s.js";
import { emptyMap } from "./model/pmap.js";
import type {
  Change,
  ClusterState,
  Controller,
  EngineEvent,
  Millis,
  StepOptions,
  StepResult,
  TraceEntry,
  TraceRecorder,
} from "./model/state.js";
import { cancelTimer, nextTimer } from "./model/timers.js";
import { DEFAULT_VERSION } from "./model/versions.js";
import type { Scenario } from "./scenario/types.js";

/**
 * The floor of the rounds of all controllers before `settle` gives up (a bound hit is an engine
 * bug, reported); the bound grows with the cluster, see {@link settleRoundBound}.
 */
export const MAX_SETTLE_ROUNDS = 200;

/**
 * Rounds `settle` allows at one instant: max(200, 4 × (nodes + pods)) for the cluster as the settle
 * starts. Legitimate work in one instant grows with the cluster (a DaemonSet rolling update with
 * maxUnavailable 1 takes about two rounds per node: delete the old pod, create the new one), while a
 * controller that never converges still hits a finite bound (fixed when the settle starts, so a
 * controller that creates pods forever does not raise it).
 */
export function settleRoundBound(nodes: number, pods: number): number {
  return Math.max(MAX_SETTLE_ROUNDS, 4 * (nodes + pods));
}
/** Timer firings `runScenario` allows before it reports a non-terminating model. */
export const MAX_TIMER_FIRINGS = 1_000_000;
/**
 * Without an `until`, a run stops when no timer is pending or this long after the last event,
 * whichever comes first (an image that never pulls retries forever).
 */
export const DEFAULT_HORIZON_MS = 3_600_000;

/** An internal inconsistency (a controller that never converges, an unknown event type). */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineError";
  }
}

/** A TraceRecorder that collects rule ids (first occurrence order) and changes. */
export class Recorder implements TraceRecorder {
  readonly enabled: boolean;
  rules: string[] = [];
  changes: Change[] = [];
  constructor(enabled: boolean) {
    this.enabled = enabled;
  }
  rule(ruleId: string): void {
    if (this.enabled && !this.rules.includes(ruleId)) this.rules.push(ruleId);
  }
  change(object: string, field: string, from: unknown, to: unknown): void {
    if (this.enabled) this.changes.push({ object, field, from, to });
  }
  /** The collected entry, or undefined when nothing was recorded; resets the recorder. */
  flush(t: Millis, event: EngineEvent | null): TraceEntry | undefined {
    if (this.changes.length === 0 && event === null) {
      this.rules = [];
      return undefined;
    }
    const entry: TraceEntry = { t, event, changes: this.changes, rules: this.rules };
    this.rules = [];
    this.changes = [];
    return entry;
  }
}

/** The recorder used when tracing is off: every call is a no-op. */
export const NO_TRACE: TraceRecorder = { enabled: false, rule() {}, change() {} };

/**
 * The state the last settle returned, with the controller list it is quiescent for. Controllers
 * are pure functions of the state, so settling such a state again is the identity: `step`'s first
 * settle of the state the previous step returned costs a comparison. (A cache of a pure function:
 * results never depend on it. A miss settles a quiescent state: every controller returns it
 * unchanged and records no change, so the trace is the same. One slot, not a WeakMap keyed by
 * every settled state: the weak table's upkeep cost more GC time than the lookups saved.)
 */
let lastSettled: ClusterState | undefined;
let lastSettledFor: readonly Controller[] | undefined;

/**
 * Run the controllers at the current time until a whole round changes nothing. A controller that
 * already returned the current state unchanged (it is quiescent at this very state object) is not
 * asked again until some other controller changes the state: it is pure, so it would answer the
 * same, and the rule ids it recorded are already in this settle's trace.
 */
export function settle(
  state: ClusterState,
  trace: TraceRecorder = NO_TRACE,
  controllers: readonly Controller[] = CONTROLLERS,
): ClusterState {
  if (state === lastSettled && controllers === lastSettledFor) return state;
  const quietAt: (ClusterState | undefined)[] = new Array(controllers.length);
  const bound = settleRoundBound(state.nodes.size, state.pods.size);
  for (let round = 0; round < bound; round++) {
    const before = state;
    for (let i = 0; i < controllers.length; i++) {
      if (quietAt[i] === state) continue;
      const next = (controllers[i] as Controller).reconcile(state, trace);
      if (next === state) quietAt[i] = state;
      state = next;
    }
    if (state === before) {
      lastSettled = state;
      lastSettledFor = controllers;
      return state;
    }
  }
  const still: string[] = [];
  for (const c of controllers) if (c.reconcile(state, NO_TRACE) !== state) still.push(c.name);
  throw new EngineError(
    `controllers did not converge at t=${state.time}ms after ${bound} rounds (still changing: ${still.join(", ") || "none"})`,
  );
}

/** Fire every timer due at or before `until`, each followed by a settle; appends trace entries. */
function fireTimers(
  state: ClusterState,
  until: Millis,
  rec: Recorder | null,
  out: TraceEntry[],
  controllers: readonly Controller[],
): ClusterState {
  let fired = 0;
  for (;;) {
    const t = nextTimer(state);
    if (!t || t.at > until) return state;
    if (++fired > MAX_TIMER_FIRINGS)
      throw new EngineError(`more than ${MAX_TIMER_FIRINGS} timers fired before t=${until}ms`);
    state = cancelTimer(state, t);
    if (t.at > state.time) state = { ...state, time: t.at };
    const trace = rec ?? NO_TRACE;
    const owner = controllers.find((c) => c.name === t.owner);
    if (owner?.onTimer) state = owner.onTimer(state, t, trace);
    state = settle(state, trace, controllers);
    if (rec) {
      const e = rec.flush(state.time, null);
      if (e) out.push(e);
    }
  }
}

function applyEvent(
  state: ClusterState,
  event: EngineEvent,
  rec: Recorder | null,
  doSettle: boolean,
  controllers: readonly Controller[],
): ClusterState {
  const handler = handlerFor(event.type);
  if (!handler) throw new EngineError(`unknown event type "${event.type}"`);
  if (event.at > state.time) state = { ...state, time: event.at };
  const trace = rec ?? NO_TRACE;
  state = handler.apply(state, event, trace);
  return doSettle ? settle(state, trace, controllers) : state;
}

function run(
  state: ClusterState,
  event: EngineEvent,
  trace: boolean,
  settleFirst: boolean,
  controllers: readonly Controller[],
): StepResult {
  const rec = trace ? new Recorder(true) : null;
  const out: TraceEntry[] = [];
  if (settleFirst) {
    state = settle(state, rec ?? NO_TRACE, controllers);
    const e = rec?.flush(state.time, null);
    if (e) out.push(e);
  }
  state = fireTimers(state, event.at, rec, out, controllers);
  state = applyEvent(state, event, rec, true, controllers);
  const e = rec?.flush(state.time, event);
  if (e) out.push(e);
  return { state, trace: out };
}

/** Apply one event: the pure transition function. */
export function step(state: ClusterState, event: EngineEvent, options: StepOptions = {}): StepResult {
  return run(state, event, options.trace ?? true, true, options.controllers ?? CONTROLLERS);
}

/** The state at time 0: the scenario's nodes and objects, before any controller has run. */
export function initialState(scenario: Scenario): ClusterState {
  let nodes = emptyMap<Node>();
  for (const n of scenario.nodes) nodes = nodes.set(objectKey(n), n);
  let pods = emptyMap<Pod>();
  let objects = emptyMap<KubeObject>();
  for (const o of scenario.objects) {
    if (o.kind === "Pod") {
      const p = o as Pod;
      const withNs = p.metadata.namespace ? p : { ...p, metadata: { ...p.metadata, namespace: "default" } };
      pods = pods.set(objectKey(withNs), withNs);
    } else if (o.kind === "Node") {
      nodes = nodes.set(objectKey(o), o as Node);
    } else {
      objects = objects.set(`${o.kind}/${objectKey(o)}`, o);
    }
  }
  return {
    time: 0,
    kubernetesVersion: scenario.kubernetesVersion || DEFAULT_VERSION,
    seq: 0,
    rng: (scenario.seed ?? 1) >>> 0 || 1,
    nodes,
    pods,
    objects,
    timers: emptyMap(),
    controllers: emptyMap(),
  };
}

export interface RunOptions {
  /** Stop at this virtual time: later events are not applied, timers due up to it fire. */
  readonly until?: Millis;
  readonly trace?: boolean;
  /** The controllers to settle with (default: CONTROLLERS). */
  readonly controllers?: readonly Controller[];
}

/**
 * Run a scenario: events at 0s are applied to the initial state before the controllers first run
 * (so an ImagePullFailed at 0s affects the first pull); then the controllers settle; then each event
 * in time order; then timers until none is due (or none before `until`).
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): StepResult {
  const traceOn = options.trace ?? true;
  const controllers = options.controllers ?? CONTROLLERS;
  const lastAt = scenario.events.at(-1)?.at ?? 0;
  const explicit = options.until ?? scenario.until;
  const until = explicit ?? lastAt + DEFAULT_HORIZON_MS;
  const rec = traceOn ? new Recorder(true) : null;
  const out: TraceEntry[] = [];
  let state = initialState(scenario);
  const events = scenario.events.filter((e) => e.at <= until);
  let i = 0;
  for (; i < events.length && (events[i] as EngineEvent).at <= 0; i++) {
    const ev = events[i] as EngineEvent;
    state = applyEvent(state, ev, rec, false, controllers);
    const e = rec?.flush(state.time, ev);
    if (e) out.push(e);
  }
  state = settle(state, rec ?? NO_TRACE, controllers);
  const e0 = rec?.flush(0, null);
  if (e0) out.push(e0);
  for (; i < events.length; i++) {
    const r = run(state, events[i] as EngineEvent, traceOn, false, controllers);
    state = r.state;
    out.push(...r.trace);
  }
  state = fireTimers(state, until, rec, out, controllers);
  if (explicit !== undefined && state.time < until) state = { ...state, time: until };
  return { state, trace: out };
}

/**
 * The environment events that are meaningful now (each handler's `enabled`), plus an AdvanceTime
 * to the next timer: what a model-based test or the fuzzer may choose from.
 */
export function enabledEvents(state: ClusterState): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (const h of EVENT_HANDLERS) if (h.enabled) out.push(...h.enabled(state));
  return out;
}
