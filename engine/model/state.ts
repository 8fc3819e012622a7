/**
 * The engine's state and the contracts every transition primitive shares (DESIGN.md "Pure transitions").
 *
 * `step(state, event)` (engine/step.ts) applies one event, then lets the controllers (kubelet,
 * scheduler, workload controllers, node lifecycle, ...) react at the same virtual time until nothing
 * changes. Nothing here reads a clock or Math.random: time is `state.time`, randomness is `state.rng`.
 * States are immutable; collections are persistent maps so a step copies only what it touches.
 */
import type { KubeObject, Node, Pod } from "./k8s.js";

/** An immutable string-keyed map with structural sharing. Iteration order is key order (deterministic). */
export interface PMap<V> {
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  /** A new map with key set; returns `this` when the value is identical. */
  set(key: string, value: V): PMap<V>;
  /** A new map without key; returns `this` when absent. */
  delete(key: string): PMap<V>;
  /** Keys in ascending (code unit) order. */
  keys(): IterableIterator<string>;
  values(): IterableIterator<V>;
  entries(): IterableIterator<[string, V]>;
}

/** Virtual time in milliseconds since the scenario start. */
export type Millis = number;

/** An event from the environment (a Scenario's `events`, a fuzzer's choice) or a fired timer. */
export interface EngineEvent {
  readonly type: string;
  /** When it happens, in virtual ms since the start. */
  readonly at: Millis;
  readonly [field: string]: unknown;
}

/** A wake-up a controller scheduled for itself (backoff expiry, grace period end, eviction deadline...). */
export interface Timer {
  readonly at: Millis;
  /** Unique, increasing: ties at the same time fire in creation order. */
  readonly id: number;
  /** The controller that owns it. */
  readonly owner: string;
  readonly kind: string;
  /** Object key the timer is about ("ns/name" for pods), if any. */
  readonly key?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface ClusterState {
  readonly time: Millis;
  /** "1.34": selects version-dependent rules. */
  readonly kubernetesVersion: string;
  /** Monotone counter for uids and timer ids. */
  readonly seq: number;
  /** PRNG state (uint32); advanced only by explicit, traced choices. */
  readonly rng: number;
  readonly nodes: PMap<Node>;
  /** Pods by "namespace/name", including status. */
  readonly pods: PMap<Pod>;
  /** Every other object (workloads, services, PDBs, ...) by "Kind/namespace/name" (or "Kind/name"). */
  readonly objects: PMap<KubeObject>;
  /** Pending wake-ups, keyed by `timerKey(at, id)` (engine/step.ts): key order is firing order. */
  readonly timers: PMap<Timer>;
  /** Controller-private state by controller name (kubelet runtime records, scheduler queue, ...). */
  readonly controllers: PMap<unknown>;
}

/** One observable change, as `simulate` prints it. */
export interface Change {
  /** "Kind/namespace/name" (or "Kind/name" for cluster-scoped). */
  readonly object: string;
  /** Dotted path ("status.phase"), or "created" / "deleted". */
  readonly field: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

/** One step of the timeline: what triggered it, what changed, and which rules caused it. */
export interface TraceEntry {
  readonly t: Millis;
  /** The environment event, or null for a controller's own reaction (a timer, a reconcile). */
  readonly event: EngineEvent | null;
  readonly changes: readonly Change[];
  /** Rule ids (each names the upstream function it mirrors), in the order they applied. */
  readonly rules: readonly string[];
}

export interface StepResult {
  readonly state: ClusterState;
  readonly trace: readonly TraceEntry[];
}

/** Options for `step`. With `trace: false` no Change objects are built (the fast path for fuzzing). */
export interface StepOptions {
  readonly trace?: boolean;
  /** The controllers to settle with (default: engine/controllers/registry.ts CONTROLLERS). */
  readonly controllers?: readonly Controller[];
}

/**
 * Records what a transition did. Controllers call `rule` for every rule that fired and `change`
 * for every observable field they changed; with tracing off both are no-ops.
 */
export interface TraceRecorder {
  readonly enabled: boolean;
  rule(ruleId: string): void;
  change(object: string, field: string, from: unknown, to: unknown): void;
}

/**
 * A controller: a pure reaction to the current state. It returns the same state object when it has
 * nothing to do, which is how `step` detects quiescence.
 */
export interface Controller {
  readonly name: string;
  reconcile(state: ClusterState, trace: TraceRecorder): ClusterState;
  /** Handle one of this controller's own timers when it fires. */
  onTimer?(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState;
}

/** Applies one kind of environment event (ContainerExited, NodeDown, Scale, ...). */
export interface EventHandler {
  readonly type: string;
  /** Field checks beyond `type`/`at`: returns a problem message per bad field, or [] when valid. */
  validate(event: EngineEvent, state: ClusterState): readonly { field: string; message: string }[];
  apply(state: ClusterState, event: EngineEvent, trace: TraceRecorder): ClusterState;
  /** The events of this type that are meaningful in `state` (drives model-based tests; optional). */
  enabled?(state: ClusterState): readonly EngineEvent[];
}
