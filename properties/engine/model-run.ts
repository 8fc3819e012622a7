/**
 * Model-based runs: from a scenario's initial state, repeatedly pick one of `enabledEvents(state)`
 * (DESIGN.md: enabledEvents drives model-based tests), move time forward, and `step`. Returns every
 * state visited, so invariants can be checked on each transition.
 */
import type { ClusterState, EngineEvent, TraceEntry } from "../../engine/model/state.js";
import type { Scenario } from "../../engine/scenario/types.js";
import { enabledEvents, runScenario, step } from "../../engine/step.js";
import type { Choice } from "../kubelet/scenario.arbitrary.js";

export interface ModelRun {
  readonly states: ClusterState[];
  readonly events: EngineEvent[];
  readonly trace: TraceEntry[];
}

/** Apply the choices; `freeze` deep-freezes every state before it is stepped (immutability check). */
export function runChoices(
  scenario: Scenario,
  choices: readonly Choice[],
  options: { trace?: boolean; freeze?: (s: ClusterState) => void } = {},
): ModelRun {
  // The scenario's own events at 0s apply before the controllers first run (runScenario's rule).
  let state = runScenario(scenario, { until: 0, trace: false }).state;
  const states = [state];
  const events: EngineEvent[] = [];
  const trace: TraceEntry[] = [];
  for (const ch of choices) {
    const evs = enabledEvents(state);
    const base = state.time + ch.dt;
    let ev: EngineEvent;
    const last = events.at(-1);
    const again = ch.repeat && last ? evs.find((e) => sameEvent(e, last)) : undefined;
    if (again) ev = { ...again, at: base };
    else if (evs.length === 0) ev = { type: "AdvanceTime", at: base };
    else {
      const chosen = evs[ch.pick % evs.length] as EngineEvent;
      ev = chosen.type === "AdvanceTime" ? chosen : { ...chosen, at: base };
    }
    options.freeze?.(state);
    const r = step(state, ev, { trace: options.trace ?? false });
    state = r.state;
    states.push(state);
    events.push(ev);
    trace.push(...r.trace);
  }
  return { states, events, trace };
}

function sameEvent(a: EngineEvent, b: EngineEvent): boolean {
  return (
    a.type === b.type && a.type !== "AdvanceTime" && a.pod === b.pod && a.container === b.container && a.node === b.node
  );
}

/** Recursively freeze a value (persistent maps included: their nodes are plain objects). */
export function deepFreeze(v: unknown, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k], seen);
}
