/**
 * The pod phase: countPhaseFacts mirrors getPhase's counting loops
 * (pkg/kubelet/kubelet_pods.go getPhase), and the rule set pod-phase decides over the counts.
 */
import type { ContainerStatus, PodPhase, PodSpec } from "../model/k8s.js";
import { gatesFor } from "./features.js";
import type { Decision } from "./restart.js";
import { containerShouldRestart } from "./restart.js";
import { decidePacked, type Fired, PackedMemo, policyCode, smallInt } from "./ruleset.js";

/** Whether an init container is a sidecar (podutil.IsRestartableInitContainer). */
export function isSidecar(c: { readonly restartPolicy?: string }): boolean {
  return c.restartPolicy === "Always";
}

export interface PhaseInput {
  readonly spec: PodSpec;
  /** Init and regular container statuses (API form). */
  readonly statuses: readonly ContainerStatus[];
  readonly podIsTerminal: boolean;
  readonly podHasInitialized: boolean;
  readonly staticPod?: boolean;
  /** The phase already reported (terminal phases are absorbing). */
  readonly oldPhase?: string;
  readonly version: string;
}

/** The counted facts getPhase decides on. */
export function countPhaseFacts(input: PhaseInput): Record<string, unknown> {
  const { spec, version } = input;
  const crr = gatesFor(version).containerRestartRules;
  // The status of a container by name; the last one wins, as a Map built from the list would have it
  // (a scan: there are a handful of statuses, and this runs on every kubelet sync).
  const statuses = input.statuses;
  const byName = {
    get(name: string): ContainerStatus | undefined {
      for (let i = statuses.length - 1; i >= 0; i--) {
        const s = statuses[i] as ContainerStatus;
        if (s.name === name) return s;
      }
      return undefined;
    },
  };
  let pendingRegularInit = 0;
  let failedInit = 0;
  let failedInitNotRestartable = 0;
  let pendingSidecar = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let stoppedNotRestartable = 0;
  let succeeded = 0;
  const notRestartable = (c: Parameters<typeof containerShouldRestart>[0], exit: number) =>
    crr && !containerShouldRestart(c, spec, exit, version).value;
  for (const c of spec.initContainers ?? []) {
    if (isSidecar(c)) continue;
    const s = byName.get(c.name);
    const st = s?.state;
    if (!s) pendingRegularInit++;
    else if (st?.running) pendingRegularInit++;
    else if (st?.terminated) {
      const exit = st.terminated.exitCode;
      if (exit !== 0) {
        failedInit++;
        if (notRestartable(c, exit)) failedInitNotRestartable++;
      }
    } else if (st?.waiting) {
      const last = s.lastState?.terminated;
      if (last) {
        if (last.exitCode !== 0) {
          failedInit++;
          if (notRestartable(c, last.exitCode)) failedInitNotRestartable++;
        }
      } else pendingRegularInit++;
    } else pendingRegularInit++;
  }
  for (const c of spec.initContainers ?? []) {
    if (!isSidecar(c)) continue;
    const s = byName.get(c.name);
    const st = s?.state;
    if (!s) unknown++;
    else if (st?.running) {
      if (!s.started) pendingSidecar++;
      running++;
    } else if (st?.terminated) {
      // terminated sidecars do not count for the phase
    } else if (st?.waiting) {
      if (!s.lastState?.terminated) {
        pendingSidecar++;
        waiting++;
      }
    } else {
      pendingSidecar++;
      unknown++;
    }
  }
  for (const c of spec.containers) {
    const s = byName.get(c.name);
    const st = s?.state;
    if (!s) unknown++;
    else if (st?.running) running++;
    else if (st?.terminated) {
      stopped++;
      const exit = st.terminated.exitCode;
      if (notRestartable(c, exit)) stoppedNotRestartable++;
      if (exit === 0) succeeded++;
    } else if (st?.waiting) {
      const last = s.lastState?.terminated;
      if (last) {
        stopped++;
        if (notRestartable(c, last.exitCode)) stoppedNotRestartable++;
      } else waiting++;
    } else unknown++;
  }
  return {
    containerRestartRules: crr,
    restartPolicy: spec.restartPolicy ?? "Always",
    podIsTerminal: input.podIsTerminal,
    staticPod: input.staticPod ?? false,
    podHasInitialized: input.podHasInitialized,
    oldPhase: input.oldPhase ?? "",
    pendingRegularInit,
    failedInit,
    failedInitNotRestartable,
    pendingSidecar,
    running,
    waiting,
    unknown,
    stopped,
    stoppedNotRestartable,
    succeeded,
  };
}

export interface PhaseFacts {
  readonly containerRestartRules: boolean;
  readonly restartPolicy: string;
  readonly podIsTerminal: boolean;
  readonly staticPod: boolean;
  readonly podHasInitialized: boolean;
  readonly oldPhase: string;
  readonly pendingRegularInit: number;
  readonly failedInit: number;
  readonly failedInitNotRestartable: number;
  readonly pendingSidecar: number;
  readonly running: number;
  readonly waiting: number;
  readonly unknown: number;
  readonly stopped: number;
  readonly stoppedNotRestartable: number;
  readonly succeeded: number;
}

const phaseMemo = new PackedMemo<Fired>();

const oldPhaseCode = (p: string): number =>
  p === "" ? 0 : p === "Pending" ? 1 : p === "Running" ? 2 : p === "Succeeded" ? 3 : p === "Failed" ? 4 : -1;

/**
 * Every pod-phase fact packed into 29 bits (4 flags, restartPolicy, oldPhase, then ten counts of
 * 2 bits each); -1 when a value does not fit (a count of 4 or more, an unexpected string).
 */
export function phaseKey(f: PhaseFacts): number {
  const pc = policyCode(f.restartPolicy);
  const op = oldPhaseCode(f.oldPhase);
  if (pc < 0 || op < 0) return -1;
  let k =
    ((((f.containerRestartRules ? 1 : 0) * 2 + (f.podIsTerminal ? 1 : 0)) * 2 + (f.staticPod ? 1 : 0)) * 2 +
      (f.podHasInitialized ? 1 : 0)) *
      4 +
    pc;
  k = k * 8 + op;
  const counts = [
    f.pendingRegularInit,
    f.failedInit,
    f.failedInitNotRestartable,
    f.pendingSidecar,
    f.running,
    f.waiting,
    f.unknown,
    f.stopped,
    f.stoppedNotRestartable,
    f.succeeded,
  ];
  for (const n of counts) {
    const c = smallInt(n, 4);
    if (c < 0) return -1;
    k = k * 4 + c;
  }
  return k;
}

/** getPhase: never Unknown. */
export function getPhase(
  input: PhaseInput,
): Decision<Exclude<PodPhase, "Unknown">> & { facts: Record<string, unknown> } {
  const facts = countPhaseFacts(input);
  const f = decidePacked(phaseMemo, "pod-phase", input.version, phaseKey(facts as unknown as PhaseFacts), facts);
  return { value: f.params.phase as Exclude<PodPhase, "Unknown">, ruleId: f.ruleId, message: f.message, facts };
}
