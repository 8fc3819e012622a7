/**
 * One kubelet sync of one pod (pod worker → SyncPod / SyncTerminatingPod, and the status manager):
 * admit, compute the actions, carry them out in SyncPod's order (kill pod, kill containers, create
 * sandbox, start init containers, start containers), regenerate the API status, and when the pod is
 * being deleted stop its containers (main containers first, then sidecars in reverse order) and
 * remove it once they are stopped.
 */
import type { Container, Pod } from "../model/k8s.js";
import type { Millis } from "../model/state.js";
import { timestamp } from "../scenario/duration.js";
import { computePodActions, hasActiveRegularContainer, type PodActions } from "./actions.js";
import { isSidecar } from "./phase.js";
import type { PodRuntime } from "./runtime.js";
import { SCRIPTED_EXIT, scriptedRun } from "./scripted-run.js";
import { startContainer, stopContainer } from "./start.js";
import { type GeneratedStatus, generateStatus } from "./status.js";

/** Exit code of a container the kubelet kills for a failed probe or an unknown state (SIGKILL). */
export const KILLED_EXIT_CODE = 137;

export interface SyncEnv {
  readonly now: Millis;
  readonly version: string;
  /** Whether an image is present on the pod's node. */
  imagePresent(image: string): boolean;
  /** Exit code for containers stopped by the pod's deletion (they handle SIGTERM). */
  readonly deletionExitCode: number;
}

export interface SyncOutcome {
  readonly rt: PodRuntime;
  readonly status: GeneratedStatus;
  /** Re-sync wanted at these times (failed starts, delayed probe results). */
  readonly wakeups: readonly { at: Millis; kind: string; data?: Record<string, unknown> }[];
  readonly rules: readonly string[];
  readonly pulled: readonly string[];
  /** The pod is deleted and every container stopped: remove it from the API. */
  readonly remove: boolean;
  /** The last computePodActions (its `decisions` are not built during a sync: explain builds them). */
  readonly actions?: PodActions;
  /** Containers the kubelet stopped, in the order it stopped them, with their exit codes. */
  readonly stopped: readonly { name: string; exitCode: number }[];
}

/** Stop order on pod termination: main containers (spec order), regular init containers, then sidecars last-to-first. */
export function terminationOrder(pod: Pod): string[] {
  const inits = pod.spec.initContainers ?? [];
  const order = pod.spec.containers.map((c) => c.name);
  for (const c of inits) if (!isSidecar(c)) order.push(c.name);
  for (let i = inits.length - 1; i >= 0; i--) {
    const c = inits[i] as Container;
    if (isSidecar(c)) order.push(c.name);
  }
  return order;
}

/** Stop every running container in termination order; `log` receives each stopped container. */
export function stopAll(
  pod: Pod,
  rt: PodRuntime,
  now: Millis,
  exitCode: number,
  log?: { name: string; exitCode: number }[],
): PodRuntime {
  let out = rt;
  for (const name of terminationOrder(pod)) {
    const next = stopContainer(out, name, now, exitCode);
    if (next !== out) log?.push({ name, exitCode });
    out = next;
  }
  return out;
}

const MAX_PASSES = 32;

type Wakeup = { at: Millis; kind: string; data?: Record<string, unknown> };

/** Run the kubelet's sync for one admitted pod. */
export function syncPod(pod: Pod, rt0: PodRuntime, env: SyncEnv): SyncOutcome {
  const rules: string[] = [];
  const wakeups: Wakeup[] = [];
  const pulled: string[] = [];
  const stopped: { name: string; exitCode: number }[] = [];
  const add = (ids: readonly string[]) => {
    for (const id of ids) if (!rules.includes(id)) rules.push(id);
  };
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  let rt = rt0;
  let lastActions: PodActions | undefined;
  if (deleting && !rt.terminated) {
    rt = { ...stopAll(pod, rt, env.now, env.deletionExitCode, stopped), terminated: true, sandboxReady: false };
    add(["termination/delete-stop-containers", "termination/sidecars-last-reverse"]);
  }
  for (let pass = 0; pass < MAX_PASSES && !rt.terminated; pass++) {
    // A sync needs the actions and rule ids, not explain's per-container decisions.
    const a = computePodActions(pod, rt, env.version, false);
    lastActions = a;
    add(a.rules);
    let next = rt;
    let progress = false;
    let failed = false;
    if (a.killPod) {
      next = { ...stopAll(pod, next, env.now, env.deletionExitCode, stopped), sandboxReady: false };
      if (!a.createSandbox) next = { ...next, terminated: true };
      progress = true;
    }
    for (const k of a.containersToKill) {
      const after = stopContainer(next, k.name, env.now, KILLED_EXIT_CODE, undefined, k.reason || "Killed");
      if (after !== next) stopped.push({ name: k.name, exitCode: KILLED_EXIT_CODE });
      next = after;
      progress = true;
    }
    if (a.createSandbox) {
      const containers = { ...next.containers };
      if (next.sandboxAttempt !== undefined) for (const c of pod.spec.initContainers ?? []) delete containers[c.name];
      next = { ...next, containers, sandboxAttempt: a.sandboxAttempt, sandboxReady: true };
      progress = true;
    }
    const atStart = rt;
    const start = (c: Container): boolean => {
      const present = { present: env.imagePresent(c.image ?? "") };
      const r = startContainer(pod, c, next, env.now, env.version, present, atStart.containers[c.name]);
      next = r.rt;
      add(r.rules);
      if (r.retryAt !== undefined) wakeups.push({ at: r.retryAt, kind: "retry" });
      const attempt = next.containers[c.name]?.[0]?.attempt;
      for (const [probe, at] of r.delayedProbes)
        wakeups.push({ at, kind: "probe", data: { container: c.name, probe, attempt } });
      if (r.started) {
        pulled.push(c.image ?? "");
        progress = true;
        // A scripted run (scenario device, rule set simulation) exits after its duration, every run.
        const run = scriptedRun(pod, c.name);
        if (run)
          wakeups.push({
            at: env.now + run.durationMs,
            kind: SCRIPTED_EXIT,
            data: { container: c.name, attempt, uid: next.uid, exitCode: run.exitCode },
          });
      } else failed = true;
      return r.started;
    };
    let aborted = false;
    for (const i of a.initToStart) {
      const c = (pod.spec.initContainers ?? [])[i];
      // A regular init container that fails to start aborts the sync; a failed sidecar start is skipped.
      if (c && !start(c) && !isSidecar(c)) {
        aborted = true;
        break;
      }
    }
    if (!aborted)
      for (const i of a.containersToStart) {
        const c = pod.spec.containers[i];
        if (c) start(c);
      }
    // A sync that failed to start something ends here: the pod worker re-syncs it later.
    const done = next === rt || sameRuntime(next, rt) || !progress || failed;
    rt = next;
    if (done) break;
  }
  const podHasInitialized = hasActiveRegularContainer(pod, rt) || (lastActions?.podHasInitialized ?? false);
  let status = generateStatus(pod, rt, deleting || rt.terminated, podHasInitialized, env.version);
  if ((status.phase === "Succeeded" || status.phase === "Failed") && !rt.terminated) {
    // A terminal pod's remaining containers (sidecars) are stopped and never restarted.
    rt = { ...stopAll(pod, rt, env.now, env.deletionExitCode, stopped), terminated: true, sandboxReady: false };
    status = generateStatus(pod, rt, true, podHasInitialized, env.version);
    add(["termination/terminal-stop-sidecars"]);
  }
  add(status.rules);
  return {
    rt,
    status,
    wakeups,
    rules,
    pulled,
    stopped,
    remove: deleting && rt.terminated,
    ...(lastActions ? { actions: lastActions } : {}),
  };
}

function sameRuntime(a: PodRuntime, b: PodRuntime): boolean {
  return (
    a.sandboxAttempt === b.sandboxAttempt &&
    a.sandboxReady === b.sandboxReady &&
    a.terminated === b.terminated &&
    a.containers === b.containers &&
    sameWaiting(a.waiting, b.waiting)
  );
}

function sameWaiting(a: PodRuntime["waiting"], b: PodRuntime["waiting"]): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k]?.reason === b[k]?.reason && a[k]?.message === b[k]?.message);
}

/** The status timestamps the kubelet sets once (startTime). */
export function startTime(now: Millis): string {
  return timestamp(now);
}
