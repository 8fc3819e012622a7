/**
 * The API status the kubelet reports: convertToAPIContainerStatuses and generateAPIPodStatus
 * (pkg/kubelet/kubelet_pods.go) and the pod conditions (pkg/kubelet/status/generate.go), decided by
 * the rule sets pod-phase and pod-conditions.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from "../model/k8s.js";
import { timestamp } from "../scenario/duration.js";
import { getPhase, isSidecar } from "./phase.js";
import { withFields } from "./records.js";
import { decisionTable } from "./ruleset.js";

const CONDITION_TYPES = ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"] as const;

import type { ProbeResults, RuntimeContainer } from "./runtime.js";

export interface StatusInput {
  readonly containers: Readonly<Record<string, readonly RuntimeContainer[]>>;
  readonly probes: Readonly<Record<string, ProbeResults>>;
  readonly waiting: Readonly<Record<string, { readonly reason: string; readonly message?: string }>>;
  readonly sandboxReady: boolean;
}

function terminatedOf(r: RuntimeContainer) {
  return {
    exitCode: r.exitCode ?? 0,
    reason: r.reason ?? ((r.exitCode ?? 0) === 0 ? "Completed" : "Error"),
    startedAt: timestamp(r.startedAt),
    finishedAt: timestamp(r.finishedAt ?? r.startedAt),
    containerID: `sim://${r.name}-${r.attempt}`,
  };
}

/** The inputs an API container status was built from, and the status (one entry per runtime instance). */
interface StatusMemo {
  readonly c: Container;
  readonly prev: RuntimeContainer | undefined;
  readonly waiting: StatusInput["waiting"][string] | undefined;
  readonly probes: ProbeResults | undefined;
  readonly hasInit: boolean;
  readonly regularInit: boolean;
  readonly out: ContainerStatus;
}

/**
 * Built statuses by the runtime instance they describe: a sync that did not touch a container
 * reuses its status object (same inputs by identity → same status), so unchanged statuses are
 * shared between the old and the new pod status instead of rebuilt with fresh timestamp strings.
 */
const statusMemo = new WeakMap<RuntimeContainer, StatusMemo>();

/** One container's API status from its runtime statuses (newest first). */
export function apiContainerStatus(
  c: Container,
  rt: StatusInput,
  hasInit: boolean,
  regularInit = false,
): ContainerStatus {
  const list = rt.containers[c.name] ?? [];
  const cur = list[0];
  if (!cur) return buildContainerStatus(c, rt, hasInit, regularInit, list);
  const prev = list[1];
  const waiting = rt.waiting[c.name];
  const probes = rt.probes[c.name];
  const m = statusMemo.get(cur);
  if (
    m &&
    m.c === c &&
    m.prev === prev &&
    m.waiting === waiting &&
    m.probes === probes &&
    m.hasInit === hasInit &&
    m.regularInit === regularInit
  )
    return m.out;
  const out = buildContainerStatus(c, rt, hasInit, regularInit, list);
  statusMemo.set(cur, { c, prev, waiting, probes, hasInit, regularInit, out });
  return out;
}

/**
 * The status of a container with a runtime instance (running or exited): two literals rather than a
 * conditional spread in the middle of one (V8's slow path), with the same keys in the same order.
 */
function instanceStatus(
  name: string,
  state: ContainerStatus["state"],
  prev: RuntimeContainer | undefined,
  ready: boolean,
  cur: RuntimeContainer,
  image: string,
  started: boolean,
): ContainerStatus {
  const containerID = `sim://${name}-${cur.attempt}`;
  if (prev)
    return {
      name,
      state,
      lastState: { terminated: terminatedOf(prev) },
      ready,
      restartCount: cur.attempt,
      image,
      containerID,
      started,
    };
  return { name, state, ready, restartCount: cur.attempt, image, containerID, started };
}

function buildContainerStatus(
  c: Container,
  rt: StatusInput,
  hasInit: boolean,
  regularInit: boolean,
  list: readonly RuntimeContainer[],
): ContainerStatus {
  const cur = list[0];
  const prev = list[1];
  const waiting = rt.waiting[c.name];
  const image = c.image ?? "";
  if (!cur) {
    return {
      name: c.name,
      state: { waiting: waiting ?? { reason: hasInit ? "PodInitializing" : "ContainerCreating" } },
      ready: false,
      restartCount: 0,
      image,
      started: false,
    };
  }
  const probes = rt.probes[c.name] ?? {};
  if (cur.state === "running") {
    const started = c.startupProbe ? probes.startup === "Success" : true;
    // A regular init container is ready only once it exited 0 (prober_manager UpdatePodStatus).
    const ready = !regularInit && started && (c.readinessProbe ? probes.readiness === "Success" : true);
    return instanceStatus(
      c.name,
      { running: { startedAt: timestamp(cur.startedAt) } },
      prev,
      ready,
      cur,
      image,
      started,
    );
  }
  if (cur.state === "exited" && waiting) {
    // A start failed (back-off, image pull): Waiting, with the exit moved to lastState.
    return {
      name: c.name,
      state: { waiting },
      lastState: { terminated: terminatedOf(cur) },
      ready: false,
      restartCount: cur.attempt,
      image,
      started: false,
    };
  }
  if (cur.state === "exited") {
    const ready = regularInit && (cur.exitCode ?? 0) === 0;
    return instanceStatus(c.name, { terminated: terminatedOf(cur) }, prev, ready, cur, image, false);
  }
  return {
    name: c.name,
    state: { waiting: { reason: cur.state === "created" ? "ContainerCreating" : "ContainerStatusUnknown" } },
    ready: false,
    restartCount: cur.attempt,
    image,
    started: false,
  };
}

export interface GeneratedStatus {
  readonly phase: "Pending" | "Running" | "Succeeded" | "Failed";
  readonly initContainerStatuses: readonly ContainerStatus[];
  readonly containerStatuses: readonly ContainerStatus[];
  readonly conditions: readonly PodCondition[];
  readonly rules: readonly string[];
}

/** The names of the statuses that are not ready (appended to `out`). */
function pushUnready(statuses: readonly ContainerStatus[], out: string[]): void {
  for (const s of statuses) if (!s.ready) out.push(s.name);
}

interface MemoConditions {
  readonly conditions: readonly PodCondition[];
  readonly rules: readonly string[];
}

/**
 * Decisions of pod-conditions by their inputs (version, phase, counts, the names the messages list):
 * a pure function of a small key, so identical inputs share the same frozen condition objects.
 * Bounded: cleared when it grows past MEMO_LIMIT entries (results never depend on it).
 */
const conditionMemo = new Map<string, MemoConditions>();
const MEMO_LIMIT = 4096;

/** The conditions the kubelet owns, from the statuses and the phase (rule set pod-conditions). */
export function kubeletConditions(
  pod: Pod,
  init: readonly ContainerStatus[],
  regular: readonly ContainerStatus[],
  phase: string,
  podHasInitialized: boolean,
  sandboxReady: boolean,
  version: string,
  rules: string[],
): readonly PodCondition[] {
  const inits = pod.spec.initContainers ?? [];
  const incompleteInit: string[] = [];
  const notReady: string[] = [];
  pushUnready(regular, notReady);
  if (inits.length > 0) {
    for (const c of inits) {
      const s = init.find((x) => x.name === c.name);
      if (!s || (isSidecar(c) ? !s.started : s.state?.terminated?.exitCode !== 0)) incompleteInit.push(c.name);
    }
    // Unready sidecars, in status order.
    for (const s of init) if (!s.ready && inits.some((c) => c.name === s.name && isSidecar(c))) notReady.push(s.name);
  }
  const failedGates: string[] = [];
  const gates = pod.spec.readinessGates;
  if (gates && gates.length > 0) {
    const existing = pod.status?.conditions ?? [];
    for (const g of gates)
      if (existing.find((c) => c.type === g.conditionType)?.status !== "True") failedGates.push(g.conditionType);
  }
  let memo: MemoConditions | undefined;
  if (incompleteInit.length === 0 && notReady.length === 0 && failedGates.length === 0) {
    // The common case (nothing to name): the decisions read only the flags.
    const key = `${version}|${phase}|${inits.length > 0 ? 1 : 0}${podHasInitialized ? 1 : 0}${sandboxReady ? 1 : 0}`;
    memo = quietMemo.get(key);
    if (!memo) {
      memo = decideConditions(inits.length > 0, phase, podHasInitialized, sandboxReady, version, NO_NAMES);
      quietMemo.set(key, memo);
    }
  } else {
    // The decisions read the counts, the messages the joined names: the key holds exactly those
    // (the lengths of the joined names keep the concatenation unambiguous).
    const j1 = incompleteInit.join(" ");
    const j2 = notReady.join(" ");
    const j3 = failedGates.join(", ");
    const key = `${version}|${phase}|${inits.length > 0 ? 1 : 0}${podHasInitialized ? 1 : 0}${sandboxReady ? 1 : 0}|${incompleteInit.length}|${notReady.length}|${failedGates.length}|${j1.length}|${j2.length}|${j1}${j2}${j3}`;
    memo = conditionMemo.get(key);
    if (!memo) {
      memo = decideConditions(inits.length > 0, phase, podHasInitialized, sandboxReady, version, {
        incompleteInit,
        notReady,
        failedGates,
      });
      if (conditionMemo.size >= MEMO_LIMIT) conditionMemo.clear();
      conditionMemo.set(key, memo);
    }
  }
  for (const id of memo.rules) if (!rules.includes(id)) rules.push(id);
  // Shared between pods and never mutated (the array is not frozen: slicing or iterating frozen
  // arrays takes V8's slow path, and this runs on every kubelet sync).
  return memo.conditions;
}

const NO_NAMES = { incompleteInit: [], notReady: [], failedGates: [] } as const;
/** Decisions with no names to list, by (version, phase, flags): a few dozen keys at most. */
const quietMemo = new Map<string, MemoConditions>();

function decideConditions(
  hasInitContainers: boolean,
  phase: string,
  podHasInitialized: boolean,
  sandboxReady: boolean,
  version: string,
  names: { incompleteInit: readonly string[]; notReady: readonly string[]; failedGates: readonly string[] },
): MemoConditions {
  const { incompleteInit, notReady, failedGates } = names;
  const facts = {
    phase,
    hasInitContainers,
    incompleteInit: incompleteInit.length,
    podHasInitialized,
    notReadyContainers: notReady.length,
    failedReadinessGates: failedGates.length,
    sandboxReady,
  };
  const out: PodCondition[] = [];
  const rules: string[] = [];
  const table = decisionTable("pod-conditions", version);
  const withType: Record<string, unknown> = { ...facts, condition: "" };
  for (const type of CONDITION_TYPES) {
    withType.condition = type;
    const f = table.first(withType);
    if (!f) continue;
    if (!rules.includes(f.ruleId)) rules.push(f.ruleId);
    const status = f.params.status as "True" | "False";
    const reason = f.params.reason as string | undefined;
    let message: string | undefined;
    if (reason === "ContainersNotInitialized")
      message = `containers with incomplete status: [${incompleteInit.join(" ")}]`;
    else if (reason === "ContainersNotReady") message = `containers with unready status: [${notReady.join(" ")}]`;
    else if (reason === "ReadinessGatesNotReady")
      message = `the status of pod readiness gate${failedGates.length > 1 ? "s" : ""} "${failedGates.join(", ")}" is not "True", but False`;
    const c: { type: string; status: "True" | "False"; reason?: string; message?: string } = { type, status };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    out.push(Object.freeze(c));
  }
  return { conditions: out, rules };
}

/** generateAPIPodStatus for a pod from the kubelet's runtime records. */
export function generateStatus(
  pod: Pod,
  rt: StatusInput,
  podIsTerminal: boolean,
  podHasInitialized: boolean,
  version: string,
): GeneratedStatus {
  const hasInit = (pod.spec.initContainers ?? []).length > 0;
  const init = (pod.spec.initContainers ?? []).map((c) => apiContainerStatus(c, rt, true, !isSidecar(c)));
  const regular = pod.spec.containers.map((c) => apiContainerStatus(c, rt, hasInit));
  const rules: string[] = [];
  const p = getPhase({
    spec: pod.spec,
    statuses: [...init, ...regular],
    podIsTerminal,
    podHasInitialized,
    oldPhase: pod.status?.phase ?? "",
    version,
  });
  const phase = p.value;
  rules.push(p.ruleId);
  const conditions = kubeletConditions(pod, init, regular, phase, podHasInitialized, rt.sandboxReady, version, rules);
  return { phase, initContainerStatuses: init, containerStatuses: regular, conditions, rules };
}

const KUBELET_CONDITIONS = new Set(["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"]);

/** Merge generated conditions into the pod's, keeping others' (PodScheduled, DisruptionTarget) and transition times. */
export function mergeConditions(
  existing: readonly PodCondition[],
  generated: readonly PodCondition[],
  now: number,
): PodCondition[] {
  const out: PodCondition[] = [];
  for (const c of existing) if (!KUBELET_CONDITIONS.has(c.type)) out.push(c);
  for (const g of generated) {
    const old = existing.find((c) => c.type === g.type);
    const same = old && old.status === g.status && old.reason === g.reason && old.message === g.message;
    if (same) out.push(old);
    else
      out.push(
        withFields(g, {
          lastTransitionTime:
            old && old.status === g.status && old.lastTransitionTime ? old.lastTransitionTime : timestamp(now),
        }),
      );
  }
  return out;
}

/** A new status with the generated parts. */
export function withGenerated(status: PodStatus | undefined, g: GeneratedStatus, now: number): PodStatus {
  const conditions = mergeConditions(status?.conditions ?? [], g.conditions, now);
  // Two literals rather than a conditional spread in the middle of one; same keys in the same order.
  if (g.initContainerStatuses.length > 0)
    return {
      ...status,
      phase: g.phase,
      conditions,
      initContainerStatuses: g.initContainerStatuses,
      containerStatuses: g.containerStatuses,
    };
  return { ...status, phase: g.phase, conditions, containerStatuses: g.containerStatuses };
}
