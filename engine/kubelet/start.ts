/**
 * Starting one container as SyncPod's start() does: doBackOff (crash-loop backoff), then
 * EnsureImageExists (pull per imagePullPolicy, image pull backoff), then run it
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go doBackOff, SyncPod;
 * pkg/kubelet/images/image_manager.go EnsureImageExists).
 */
import type { Container, Pod } from "../model/k8s.js";
import type { Millis } from "../model/state.js";
import { backoffParams, goDuration, isInBackOffSince, nextBackoff, stableKey } from "./backoff.js";
import { withEntry, withFields, withoutEntry } from "./records.js";
import { decidePacked, type Fired, PackedMemo } from "./ruleset.js";
import type { PodRuntime, ProbeResults, RuntimeContainer, Waiting } from "./runtime.js";

/** kubelet-images decisions by their packed facts. */
const imagesMemo = new PackedMemo<Fired>();

/** The facts of a kubelet-images decision. */
export type ImageFacts = {
  readonly policy: string;
  readonly present: boolean;
  readonly failing: boolean;
  readonly inBackOff: boolean;
  readonly mustPull: boolean;
};

/** Every kubelet-images fact packed: the pull policy (0..2), then four flags; -1 for another policy. */
export function imagesKey(f: ImageFacts): number {
  const pc = f.policy === "Always" ? 0 : f.policy === "IfNotPresent" ? 1 : f.policy === "Never" ? 2 : -1;
  if (pc < 0) return -1;
  let k = pc;
  k = k * 2 + (f.present ? 1 : 0);
  k = k * 2 + (f.failing ? 1 : 0);
  k = k * 2 + (f.inBackOff ? 1 : 0);
  return k * 2 + (f.mustPull ? 1 : 0);
}

/** The pod worker re-syncs a pod whose sync failed after backOffPeriod (10s; jitter left out). */
export const WORKER_BACKOFF_MS = 10_000;

export interface StartResult {
  readonly rt: PodRuntime;
  readonly started: boolean;
  /** When the kubelet should try again (a failed start), if ever. */
  readonly retryAt?: Millis;
  readonly rules: readonly string[];
  /** Probes whose first result comes after initialDelaySeconds: [probe kind, due time]. */
  readonly delayedProbes: readonly (readonly ["readiness" | "startup", Millis])[];
}

/** The next pod-worker re-sync at or after `due` (syncs happen every 10s after a failed one). */
function alignedRetry(now: Millis, due: Millis): Millis {
  const steps = Math.max(1, Math.ceil((due - now) / WORKER_BACKOFF_MS));
  return now + steps * WORKER_BACKOFF_MS;
}

export interface ImageContext {
  /** Whether the image is already on the node. */
  readonly present: boolean;
}

function podRef(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? "default"}(${pod.metadata.uid ?? ""})`;
}

/** Try to start container c of pod; returns the new runtime record and whether it started. */
export function startContainer(
  pod: Pod,
  c: Container,
  rt: PodRuntime,
  now: Millis,
  version: string,
  image: ImageContext,
  statusAtSyncStart?: readonly RuntimeContainer[],
): StartResult {
  const rules: string[] = [];
  const cur = rt.containers[c.name]?.[0];
  const img = c.image ?? "";
  let backoff = rt.backoff;
  // doBackOff reads the newest *exited* status of the pod status the sync started from: a container
  // killed in this same sync (liveness, startup) is judged by its previous exit.
  const history = statusAtSyncStart ?? rt.containers[c.name] ?? [];
  let lastExit: RuntimeContainer | undefined;
  for (const s of history)
    if (s.state === "exited") {
      lastExit = s;
      break;
    }
  if (lastExit) {
    const p = backoffParams(version, "crash");
    rules.push(p.ruleId);
    const key = stableKey(rt.uid, c.name, img);
    const entry = rt.backoff[key];
    const finished = lastExit.finishedAt ?? now;
    if (isInBackOffSince(entry, finished, now, p)) {
      const e = entry as NonNullable<typeof entry>;
      const waiting = {
        reason: "CrashLoopBackOff",
        message: `back-off ${goDuration(e.backoff)} restarting failed container=${c.name} pod=${podRef(pod)}`,
      };
      return {
        rt: { ...rt, waiting: withEntry<Waiting>(rt.waiting, c.name, waiting) },
        started: false,
        retryAt: alignedRetry(now, finished + e.backoff),
        rules,
        delayedProbes: [],
      };
    }
    backoff = withEntry(backoff, key, nextBackoff(entry, finished, now, p));
  }
  const policy = c.imagePullPolicy ?? "IfNotPresent";
  const failures = rt.pullFailures[c.name] ?? 0;
  const ip = backoffParams(version, "image");
  const entry = rt.imageBackoff[img];
  const inBackOff =
    entry !== undefined && now - entry.lastUpdate < entry.backoff && now - entry.lastUpdate <= ip.resetAfterMs;
  const mustPull = policy === "Always" || !image.present;
  const facts: ImageFacts = {
    policy,
    present: image.present,
    failing: mustPull && failures !== 0,
    inBackOff,
    mustPull,
  };
  const decision = decidePacked(imagesMemo, "kubelet-images", version, imagesKey(facts), facts);
  rules.push(decision.ruleId);
  if (decision.params.action === "fail") {
    const reason = String(decision.params.reason);
    if (reason === "ErrImageNeverPull") {
      const waiting = { reason, message: `Container image "${img}" is not present with pull policy of Never` };
      return {
        rt: { ...rt, backoff, waiting: withEntry<Waiting>(rt.waiting, c.name, waiting) },
        started: false,
        rules,
        delayedProbes: [],
      };
    }
    rules.push(ip.ruleId);
    if (reason === "ImagePullBackOff") {
      const e = entry as NonNullable<typeof entry>;
      const waiting = { reason, message: `Back-off pulling image "${img}"` };
      return {
        rt: { ...rt, backoff, waiting: withEntry<Waiting>(rt.waiting, c.name, waiting) },
        started: false,
        retryAt: alignedRetry(now, e.lastUpdate + e.backoff),
        rules,
        delayedProbes: [],
      };
    }
    const waiting = { reason, message: `failed to pull and unpack image "${img}"` };
    return {
      rt: {
        ...rt,
        backoff,
        imageBackoff: withEntry(rt.imageBackoff, img, nextBackoff(entry, now, now, ip)),
        pullFailures: withEntry(rt.pullFailures, c.name, failures > 0 ? failures - 1 : failures),
        waiting: withEntry<Waiting>(rt.waiting, c.name, waiting),
      },
      started: false,
      retryAt: now + WORKER_BACKOFF_MS,
      rules,
      delayedProbes: [],
    };
  }
  const instance: RuntimeContainer = {
    name: c.name,
    state: "running",
    startedAt: now,
    attempt: cur ? cur.attempt + 1 : 0,
    image: img,
  };
  const probes: { readiness?: "Success"; startup?: "Success" } = {};
  const delayed: ["readiness" | "startup", Millis][] = [];
  for (const kind of ["readiness", "startup"] as const) {
    const probe = kind === "readiness" ? c.readinessProbe : c.startupProbe;
    if (!probe) continue;
    const delay = (probe.initialDelaySeconds ?? 0) * 1000;
    if (delay > 0) delayed.push([kind, now + delay]);
    else probes[kind] = "Success";
  }
  const waiting = withoutEntry(rt.waiting, c.name);
  return {
    rt: {
      ...rt,
      backoff,
      containers: withEntry<readonly RuntimeContainer[]>(rt.containers, c.name, cur ? [instance, cur] : [instance]),
      probes: withEntry<ProbeResults>(rt.probes, c.name, probes),
      waiting,
    },
    started: true,
    rules: [...rules, "kubelet-probes/pass-by-default"],
    delayedProbes: delayed,
  };
}

/** Stop a running (or created) container: it exits with the given code now. */
export function stopContainer(
  rt: PodRuntime,
  name: string,
  now: Millis,
  exitCode: number,
  reason?: string,
  killedBy?: string,
): PodRuntime {
  const list = rt.containers[name];
  const cur = list?.[0];
  if (!cur || (cur.state !== "running" && cur.state !== "created" && cur.state !== "unknown")) return rt;
  const why = reason ?? (exitCode === 0 ? "Completed" : "Error");
  // { ...cur, state, finishedAt, exitCode, reason, killedBy? } (see records.ts for why not a spread).
  const exited: RuntimeContainer = killedBy
    ? withFields(cur, { state: "exited" as const, finishedAt: now, exitCode, reason: why, killedBy })
    : withFields(cur, { state: "exited" as const, finishedAt: now, exitCode, reason: why });
  const probes = withoutEntry(rt.probes, name);
  const prev = list?.[1];
  return {
    ...rt,
    containers: withEntry<readonly RuntimeContainer[]>(rt.containers, name, prev ? [exited, prev] : [exited]),
    probes,
  };
}
