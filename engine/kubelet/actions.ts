/**
 * What the kubelet does next for a pod: computePodActions and computeInitContainerActions
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go, kuberuntime_container.go). The scans are
 * primitives here; each per-container decision comes from the rule sets pod-sandbox,
 * init-containers, pod-actions and container-restart.
 */
import type { Container, Pod } from "../model/k8s.js";
import { isSidecar } from "./phase.js";
import { restartFired } from "./restart.js";
import { decidePacked, decisionTable, type Fired, PackedMemo, policyCode, smallInt } from "./ruleset.js";
import type { ProbeResults, RuntimeContainer } from "./runtime.js";

/** The runtime facts computePodActions reads (kubecontainer.PodStatus plus the probe managers). */
export interface RuntimeView {
  /** Newest-first statuses by container name. */
  readonly containers: Readonly<Record<string, readonly RuntimeContainer[]>>;
  readonly probes: Readonly<Record<string, ProbeResults>>;
  /** undefined: no sandbox was ever created. */
  readonly sandboxAttempt?: number;
  readonly sandboxReady: boolean;
}

export type ActionKind = "start" | "kill" | "kill-start" | "keep" | "wait" | "none";

/** One container's planned action and why. */
export interface ContainerAction {
  readonly container: string;
  readonly init: boolean;
  readonly action: ActionKind;
  readonly ruleId: string;
  readonly message: string;
  readonly reason?: string;
}

export interface PodActions {
  killPod: boolean;
  createSandbox: boolean;
  /** The sandbox attempt a new sandbox gets. */
  sandboxAttempt: number;
  initToStart: number[];
  containersToStart: number[];
  /** Containers to kill first: name and kill reason (LivenessProbe, StartupProbe, Unknown, SpecChanged). */
  containersToKill: { name: string; reason: string }[];
  podHasInitialized: boolean;
  /** Every decision, in the order taken (explain prints these). */
  decisions: ContainerAction[];
  rules: string[];
}

const newest = (v: RuntimeView, name: string) => v.containers[name]?.[0];

const NO_PROBES: ProbeResults = {};
/** pod-actions decisions by their packed facts. */
const actionsMemo = new PackedMemo<Fired>();

/** HasAnyActiveRegularContainerStarted-like: a regular container is Created or Running. */
export function hasActiveRegularContainer(pod: Pod, v: RuntimeView): boolean {
  return pod.spec.containers.some((c) => {
    const s = newest(v, c.name)?.state;
    return s === "created" || s === "running";
  });
}

/** Record a rule that decided; the decision itself (for explain) only when one is given. */
function note(a: PodActions, ruleId: string, d?: ContainerAction): void {
  if (d) a.decisions.push(d);
  if (!a.rules.includes(ruleId)) a.rules.push(ruleId);
}

function pushUnique(list: number[], i: number): void {
  if (!list.includes(i)) list.push(i);
}

/**
 * computeInitContainerActions: returns whether the pod has initialized; may set killPod. With
 * `explain` false, `a.decisions` is left empty (a sync needs only the actions and rule ids).
 */
export function computeInitContainerActions(
  pod: Pod,
  v: RuntimeView,
  a: PodActions,
  version: string,
  explain = true,
): boolean {
  const inits = pod.spec.initContainers ?? [];
  if (inits.length === 0) return true;
  let podHasInitialized = hasActiveRegularContainer(pod, v);
  let prev = podHasInitialized;
  const restartOnFailure = (pod.spec.restartPolicy ?? "Always") !== "Never";
  const table = decisionTable("init-containers", version);
  const starts: number[] = [];
  for (let i = inits.length - 1; i >= 0; i--) {
    const c = inits[i] as Container;
    const s = newest(v, c.name);
    const probes = v.probes[c.name] ?? {};
    const fired = table.run({
      scanDone: false,
      hasStatus: s !== undefined,
      previouslyInitialized: prev,
      isSidecar: isSidecar(c),
      state: s?.state ?? "none",
      hasStartupProbe: c.startupProbe !== undefined,
      startupResult: c.startupProbe ? (probes.startup ?? "none") : "Success",
      livenessFailed: probes.liveness === "Failure",
      failed: s?.state === "unknown" || (s?.state === "exited" && (s.exitCode ?? 0) !== 0),
      restartOnFailure,
      isLast: i === inits.length - 1,
    });
    // The first rule decides the branch; later ones only add to a started sidecar's effects.
    const first = fired[0];
    if (!first) continue;
    const effects = first.ruleId.startsWith("init-containers/sidecar-started")
      ? fired.filter((f) => f.ruleId.startsWith("init-containers/sidecar-"))
      : [first];
    let stop = false;
    for (const f of effects) {
      const action = String(f.params.action);
      const message = explain ? f.message.replaceAll("{{container}}", c.name) : "";
      const base = { container: c.name, init: true, ruleId: f.ruleId, message };
      switch (action) {
        case "start-self":
          starts.push(i);
          note(a, f.ruleId, explain ? { ...base, action: "start" } : undefined);
          break;
        case "kill-start-self":
          a.containersToKill.push({ name: c.name, reason: String(f.params.reason ?? "") });
          starts.push(i);
          note(
            a,
            f.ruleId,
            explain ? { ...base, action: "kill-start", reason: String(f.params.reason ?? "") } : undefined,
          );
          break;
        case "start-next":
          starts.push(i + 1);
          note(a, f.ruleId, explain ? { ...base, action: "keep" } : undefined);
          break;
        case "initialized":
          podHasInitialized = true;
          note(a, f.ruleId, explain ? { ...base, action: "keep" } : undefined);
          break;
        case "kill-pod":
          a.killPod = true;
          a.initToStart = [];
          note(a, f.ruleId, explain ? { ...base, action: "kill" } : undefined);
          stop = true;
          break;
        case "wait":
          note(a, f.ruleId, explain ? { ...base, action: "wait" } : undefined);
          break;
        default:
          note(a, f.ruleId, explain ? { ...base, action: "none" } : undefined);
      }
      if (stop) return false;
    }
    if (first.params.continue === true) continue;
    prev = true;
  }
  const done = table.first({ scanDone: true, previouslyInitialized: prev });
  if (done?.params.action === "start-first") {
    starts.push(0);
    const c0 = inits[0] as Container;
    note(
      a,
      done.ruleId,
      explain
        ? {
            container: c0.name,
            init: true,
            action: "start",
            ruleId: done.ruleId,
            message: `${done.message}: ${c0.name}`,
          }
        : undefined,
    );
  }
  starts.reverse();
  for (const i of starts) pushUnique(a.initToStart, i);
  return podHasInitialized;
}

export type SandboxFacts = {
  readonly sandboxChanged: boolean;
  readonly sandboxAttempt: number;
  readonly hasContainerStatuses: boolean;
  readonly restartPolicy: string;
  readonly containersToStartOnNewSandbox: number;
  readonly anyRegularCreated: boolean;
  readonly hasInitContainers: boolean;
  readonly keepCount: number;
  readonly startCount: number;
};

const sandboxMemo = new PackedMemo<Fired>();

/** The facts of a pod-actions decision. */
export type PodActionFacts = {
  readonly running: boolean;
  readonly shouldRestart: boolean;
  readonly stateUnknown: boolean;
  readonly specChanged: boolean;
  readonly livenessFailed: boolean;
  readonly startupFailed: boolean;
  readonly restartPolicy: string;
};

/** Every pod-actions fact packed: 6 flags, then restartPolicy; -1 for an unexpected policy. */
export function podActionsKey(f: PodActionFacts): number {
  const pc = policyCode(f.restartPolicy);
  if (pc < 0) return -1;
  let k = f.running ? 1 : 0;
  k = k * 2 + (f.shouldRestart ? 1 : 0);
  k = k * 2 + (f.stateUnknown ? 1 : 0);
  k = k * 2 + (f.specChanged ? 1 : 0);
  k = k * 2 + (f.livenessFailed ? 1 : 0);
  k = k * 2 + (f.startupFailed ? 1 : 0);
  return k * 4 + pc;
}

/**
 * Every pod-sandbox fact packed: 4 flags, restartPolicy, then the four numbers (each in -1..14,
 * stored plus one in 4 bits); -1 when a number is larger or the policy unexpected.
 */
export function sandboxKey(f: SandboxFacts): number {
  const pc = policyCode(f.restartPolicy);
  const n1 = smallInt(f.sandboxAttempt + 1, 16);
  const n2 = smallInt(f.containersToStartOnNewSandbox + 1, 16);
  const n3 = smallInt(f.keepCount + 1, 16);
  const n4 = smallInt(f.startCount + 1, 16);
  const key: number =
    pc < 0 || n1 < 0 || n2 < 0 || n3 < 0 || n4 < 0
      ? -1
      : ((((((((f.sandboxChanged ? 1 : 0) * 2 + (f.hasContainerStatuses ? 1 : 0)) * 2 + (f.anyRegularCreated ? 1 : 0)) *
          2 +
          (f.hasInitContainers ? 1 : 0)) *
          4 +
          pc) *
          16 +
          n1) *
          16 +
          n2) *
          16 +
          n3) *
          16 +
        n4;
  return key;
}

/** The pod-sandbox decision (memoised by {@link sandboxKey}). */
function sandboxDecision(version: string, f: SandboxFacts): Fired {
  return decidePacked(sandboxMemo, "pod-sandbox", version, sandboxKey(f), f);
}

/**
 * computePodActions for a pod that is not being torn down by the kubelet. With `explain` false the
 * per-container decisions (and their messages) are not built: `decisions` stays empty.
 */
export function computePodActions(pod: Pod, v: RuntimeView, version: string, explain = true): PodActions {
  const spec = pod.spec;
  const policy = spec.restartPolicy ?? "Always";
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  const sandboxChanged = v.sandboxAttempt === undefined || !v.sandboxReady;
  const sandboxAttempt = v.sandboxAttempt === undefined ? 0 : v.sandboxAttempt + 1;
  const a: PodActions = {
    killPod: false,
    createSandbox: false,
    sandboxAttempt,
    initToStart: [],
    containersToStart: [],
    containersToKill: [],
    podHasInitialized: false,
    decisions: [],
    rules: [],
  };
  let hasStatuses = false;
  for (const name in v.containers) {
    if ((v.containers[name] as readonly RuntimeContainer[]).length > 0) {
      hasStatuses = true;
      break;
    }
  }
  if (sandboxChanged) {
    const toStart = spec.containers
      .map((c, i) => [c, i] as const)
      .filter(([c]) => {
        const s = newest(v, c.name);
        return !(policy === "OnFailure" && s?.state === "exited" && s.exitCode === 0);
      })
      .map(([, i]) => i);
    const anyRegularCreated = spec.containers.some((c) => newest(v, c.name) !== undefined);
    const f = sandboxDecision(version, {
      sandboxChanged: true,
      sandboxAttempt,
      hasContainerStatuses: hasStatuses,
      restartPolicy: policy,
      containersToStartOnNewSandbox: toStart.length,
      anyRegularCreated,
      hasInitContainers: (spec.initContainers ?? []).length > 0,
      keepCount: -1,
      startCount: -1,
    });
    a.rules.push(f.ruleId);
    a.killPod = v.sandboxAttempt !== undefined;
    if (f.params.action === "create-init") {
      a.createSandbox = true;
      a.initToStart = [0];
    } else if (f.params.action === "create-start") {
      a.createSandbox = true;
      a.containersToStart = toStart;
    }
    if (explain)
      a.decisions.push({
        container: "",
        init: false,
        action: a.createSandbox ? "start" : "none",
        ruleId: f.ruleId,
        message: f.message,
      });
    return a;
  }
  const initialized = computeInitContainerActions(pod, v, a, version, explain);
  a.podHasInitialized = initialized;
  if (a.killPod || !initialized) return a;
  let keep = 0;
  const containers = spec.containers;
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i] as Container;
    const s = newest(v, c.name);
    const running = s?.state === "running";
    const restart = running ? undefined : restartFired(c, spec, deleting, s, version);
    const shouldRestart = restart ? restart.params.restart === true : false;
    const probes = v.probes[c.name] ?? NO_PROBES;
    const stateUnknown = s?.state === "unknown";
    const livenessFailed = running && probes.liveness === "Failure";
    const startupFailed = running && probes.startup === "Failure";
    const facts: PodActionFacts = {
      running,
      shouldRestart,
      stateUnknown,
      specChanged: false,
      livenessFailed,
      startupFailed,
      restartPolicy: policy,
    };
    const key = podActionsKey(facts);
    let f = actionsMemo.get(version, key);
    if (!f) {
      f = decisionTable("pod-actions", version).first(facts);
      if (!f) continue;
      actionsMemo.set(key, f);
    }
    if (restart && !a.rules.includes(restart.ruleId)) a.rules.push(restart.ruleId);
    const action = String(f.params.action);
    const reason = f.params.reason === undefined ? undefined : String(f.params.reason);
    const message = explain
      ? `${f.message.replaceAll("{{container}}", c.name)}${restart ? ` (${restart.message.replaceAll("{{container}}", c.name)})` : ""}`
      : "";
    if (action === "start") a.containersToStart.push(i);
    else if (action === "kill-start") {
      a.containersToKill.push({ name: c.name, reason: reason ?? "" });
      a.containersToStart.push(i);
    } else if (action === "kill") a.containersToKill.push({ name: c.name, reason: reason ?? "" });
    else if (action === "keep") keep++;
    note(
      a,
      f.ruleId,
      explain
        ? {
            container: c.name,
            init: false,
            action: action === "none" ? "none" : (action as ActionKind),
            ruleId: f.ruleId,
            message,
            ...(reason ? { reason } : {}),
          }
        : undefined,
    );
  }
  const done = sandboxDecision(version, {
    sandboxChanged: false,
    sandboxAttempt,
    hasContainerStatuses: hasStatuses,
    restartPolicy: policy,
    containersToStartOnNewSandbox: -1,
    anyRegularCreated: true,
    hasInitContainers: (spec.initContainers ?? []).length > 0,
    keepCount: keep,
    startCount: a.containersToStart.length,
  });
  if (done.params.action === "kill-pod") {
    a.killPod = true;
    a.initToStart = [];
    a.rules.push(done.ruleId);
    if (explain)
      a.decisions.push({ container: "", init: false, action: "kill", ruleId: done.ruleId, message: done.message });
  }
  return a;
}
