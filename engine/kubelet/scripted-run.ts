/**
 * The scenario device `sim.kubespec.io/run` (rule set simulation): a pod annotation saying how long
 * each named container runs and with which code it exits, so pods whose generated names a scenario
 * cannot know (a Job's, a ReplicaSet's) still finish. This is not Kubernetes behaviour.
 *
 * Syntax: `NAME=DURATION:CODE[,NAME=DURATION:CODE...]`, e.g. `app=30s:0,sidecar=1m:1`. NAME is a
 * container (or init container) of the pod, each at most once; DURATION a positive Go duration
 * (250ms, 30s, 1m30s); CODE an exit code 0-255. Spaces around the commas are allowed.
 */
import type { Pod } from "../model/k8s.js";
import type { Millis } from "../model/state.js";
import { parseDuration } from "../scenario/duration.js";

/** The annotation key. */
export const RUN_ANNOTATION = "sim.kubespec.io/run";

/** The kubelet timer kind of a scripted exit. */
export const SCRIPTED_EXIT = "scripted-exit";

/** How one container runs: it exits `exitCode` after `durationMs` of every run. */
export interface ScriptedRun {
  readonly durationMs: Millis;
  readonly exitCode: number;
}

export interface ParsedRuns {
  readonly runs: ReadonlyMap<string, ScriptedRun>;
  /** One message per malformed entry (empty when the annotation is valid). */
  readonly errors: readonly string[];
}

const ENTRY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=([^:=,\s]+):([0-9]{1,3})$/;

/** Parse an annotation value; `containers` (when given) are the names the pod declares. */
export function parseRunAnnotation(value: string, containers?: readonly string[]): ParsedRuns {
  const runs = new Map<string, ScriptedRun>();
  const errors: string[] = [];
  for (const raw of value.split(",")) {
    const item = raw.trim();
    const m = ENTRY.exec(item);
    if (!m) {
      errors.push(`"${item}" is not NAME=DURATION:CODE (e.g. app=30s:0)`);
      continue;
    }
    const name = m[1] as string;
    const durationMs = parseDuration(m[3] as string);
    const exitCode = Number(m[4]);
    if (durationMs === undefined || durationMs <= 0) errors.push(`"${m[3]}" in "${item}" is not a positive duration`);
    else if (exitCode > 255) errors.push(`exit code ${exitCode} in "${item}" is not in 0-255`);
    else if (runs.has(name)) errors.push(`container "${name}" is named twice`);
    else if (containers && !containers.includes(name)) errors.push(`the pod has no container "${name}"`);
    else runs.set(name, { durationMs, exitCode });
  }
  return { runs, errors };
}

/** The scripted run of a pod's container, if its annotation is valid and names it. */
export function scriptedRun(pod: Pod, container: string): ScriptedRun | undefined {
  const value = pod.metadata.annotations?.[RUN_ANNOTATION];
  if (typeof value !== "string") return undefined;
  const parsed = parseRunAnnotation(value);
  return parsed.errors.length > 0 ? undefined : parsed.runs.get(container);
}
