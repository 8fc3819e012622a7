/**
 * The kubelet's private view of the container runtime, kept in `state.controllers` under "kubelet":
 * per pod, the runtime statuses of each container newest-first (kubecontainer.PodStatus), probe
 * results of the current instances, crash-loop and image backoff entries keyed like GetStableKey,
 * and why a start failed (the waiting reason the API status shows).
 */
import type { Pod } from "../model/k8s.js";
import type { Millis, PMap } from "../model/state.js";
import type { NodeUsage } from "./admission.js";

/** kubecontainer.State of one runtime container instance. */
export type RuntimeState = "created" | "running" | "exited" | "unknown";

/** One runtime container instance (kubecontainer.Status). */
export interface RuntimeContainer {
  readonly name: string;
  readonly state: RuntimeState;
  readonly startedAt: Millis;
  readonly finishedAt?: Millis;
  readonly exitCode?: number;
  /** Terminated reason: Completed, Error, OOMKilled, ... */
  readonly reason?: string;
  /** Which start of this container this instance is (restartCount = attempt). */
  readonly attempt: number;
  readonly image: string;
  /** Why the kubelet killed this instance (LivenessProbe, StartupProbe, Unknown, ...), if it did. */
  readonly killedBy?: string;
}

export type ProbeKind = "readiness" | "liveness" | "startup";
export type ProbeOutcome = "Success" | "Failure";

/** Probe results of a container's current instance; absent = not reported yet. */
export type ProbeResults = Readonly<Partial<Record<ProbeKind, ProbeOutcome>>>;

/** A flowcontrol.Backoff entry. */
export interface BackoffEntry {
  readonly backoff: Millis;
  readonly lastUpdate: Millis;
}

export interface Waiting {
  readonly reason: string;
  readonly message?: string;
}

export interface PodRuntime {
  readonly uid: string;
  readonly node: string;
  /** Sandbox attempt (0 = first); undefined = no sandbox yet. */
  readonly sandboxAttempt?: number;
  readonly sandboxReady: boolean;
  /** Runtime statuses by container name, newest first (at most the current and the previous instance). */
  readonly containers: Readonly<Record<string, readonly RuntimeContainer[]>>;
  readonly probes: Readonly<Record<string, ProbeResults>>;
  /** Crash-loop backoff entries by stable key (pod uid + container name + image). */
  readonly backoff: Readonly<Record<string, BackoffEntry>>;
  /** Image pull backoff entries by image. */
  readonly imageBackoff: Readonly<Record<string, BackoffEntry>>;
  /** Why the last start attempt of a container failed (CrashLoopBackOff, ErrImagePull, ...). */
  readonly waiting: Readonly<Record<string, Waiting>>;
  /** Image pulls that fail, by container name: remaining failures (-1 = all). */
  readonly pullFailures: Readonly<Record<string, number>>;
  /** Rule ids behind the last sync, for explain. */
  readonly rejected?: { readonly reason: string; readonly message: string };
  /** The kubelet stopped every container for good (KillPod on a terminal pod or deletion). */
  readonly terminated: boolean;
}

export interface KubeletState {
  readonly runtimes: PMap<PodRuntime>;
  /** `state.pods` as of the end of the kubelet's last reconcile (to diff against). */
  readonly seenPods: PMap<Pod>;
  /** Pods to re-sync regardless of spec/status changes (events, timers). */
  readonly dirty: PMap<true>;
  /** Nodes whose kubelet is unreachable (NodeDown), since when. */
  readonly down: Readonly<Record<string, Millis>>;
  /** Images present per node ("node image" → true), beyond node.status.images. */
  readonly images: PMap<true>;
  /** Requests and host ports of the admitted, not yet terminated pods, per node (kubelet admission). */
  readonly usage: Readonly<Record<string, NodeUsage>>;
}
