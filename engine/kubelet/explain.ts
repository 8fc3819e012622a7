/**
 * `explain pod`: from a Pod with status (kubectl get pod -o yaml), what the kubelet computes:
 * the phase (getPhase; `terminal` = podIsTerminal), the conditions it owns, and computePodActions'
 * plan — which containers it would start, kill or keep, each with its rule id, upstream and why.
 */

import { defaultPod } from "../model/defaults.js";
import type { ContainerStatus, Pod, PodCondition } from "../model/k8s.js";
import { virtualTime } from "../scenario/duration.js";
import { computePodActions, hasActiveRegularContainer, type RuntimeView } from "./actions.js";
import { getPhase, isSidecar } from "./phase.js";
import { decisionTable, upstreamOf } from "./ruleset.js";
import type { ProbeResults, RuntimeContainer } from "./runtime.js";
import { kubeletConditions } from "./status.js";

export interface ExplainedAction {
  readonly container: string;
  readonly init: boolean;
  readonly action: string;
  readonly rule: string;
  readonly upstream?: string;
  readonly why: string;
}

export interface PodExplanation {
  readonly pod: { readonly name: string; readonly namespace: string };
  readonly kubernetesVersion: string;
  readonly phase: "Pending" | "Running" | "Succeeded" | "Failed";
  readonly phaseRule: string;
  readonly phaseWhy: string;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly conditions: readonly PodCondition[];
  readonly actions: {
    readonly killPod: boolean;
    readonly createSandbox: boolean;
    readonly start: readonly string[];
    readonly kill: readonly string[];
    readonly keep: readonly string[];
    readonly containers: readonly ExplainedAction[];
  };
  readonly rules: readonly string[];
  readonly simplifications: readonly { rule: string; simplification: string }[];
}

/** The runtime view the kubelet would have, reconstructed from API statuses. */
export function runtimeViewFromStatus(pod: Pod): RuntimeView {
  const containers: Record<string, RuntimeContainer[]> = {};
  const probes: Record<string, ProbeResults> = {};
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const specs = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  for (const s of all) {
    const spec = specs.find((c) => c.name === s.name);
    const list: RuntimeContainer[] = [];
    const base = { name: s.name, image: s.image ?? spec?.image ?? "", attempt: s.restartCount ?? 0 };
    const term = (t: NonNullable<ContainerStatus["state"]>["terminated"], attempt: number): RuntimeContainer => ({
      ...base,
      attempt,
      state: "exited",
      exitCode: t?.exitCode ?? 0,
      ...(t?.reason ? { reason: t.reason } : {}),
      startedAt: virtualTime(t?.startedAt) ?? 0,
      finishedAt: virtualTime(t?.finishedAt) ?? 0,
    });
    if (s.state?.running)
      list.push({ ...base, state: "running", startedAt: virtualTime(s.state.running.startedAt) ?? 0 });
    else if (s.state?.terminated) list.push(term(s.state.terminated, base.attempt));
    if (s.lastState?.terminated)
      list.push(term(s.lastState.terminated, Math.max(0, base.attempt - (list.length > 0 ? 1 : 0))));
    if (list.length > 0) containers[s.name] = list;
    if (s.state?.running && spec) {
      const r: { readiness?: "Success" | "Failure"; startup?: "Success" | "Failure" } = {};
      if (spec.startupProbe && s.started) r.startup = "Success";
      if (spec.readinessProbe) r.readiness = s.ready ? "Success" : "Failure";
      probes[s.name] = r;
    }
  }
  const any = Object.keys(containers).length > 0;
  return { containers, probes, ...(any ? { sandboxAttempt: 0 } : {}), sandboxReady: any };
}

/** Explain what the kubelet computes for a pod with status. */
export function explainPod(input: Pod, options: { terminal?: boolean; kubernetesVersion: string }): PodExplanation {
  const version = options.kubernetesVersion;
  const pod = defaultPod(input, version).pod;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const view = runtimeViewFromStatus(pod);
  const podHasInitialized = hasActiveRegularContainer(pod, view);
  const p = getPhase({
    spec: pod.spec,
    statuses,
    podIsTerminal: options.terminal ?? false,
    podHasInitialized,
    version,
  });
  const rules: string[] = [p.ruleId];
  const init = pod.status?.initContainerStatuses ?? [];
  const regular = pod.status?.containerStatuses ?? [];
  const conditions = kubeletConditions(
    pod,
    init,
    regular,
    p.value,
    podHasInitialized,
    view.sandboxReady,
    version,
    rules,
  );
  const terminal = p.value === "Succeeded" || p.value === "Failed" || options.terminal === true;
  const containers: ExplainedAction[] = [];
  let killPod = false;
  let createSandbox = false;
  const start: string[] = [];
  const kill: string[] = [];
  const keep: string[] = [];
  if (terminal) {
    killPod = true;
    const why =
      "the pod is terminal: the kubelet stops every container and restarts none (sidecars last, in reverse order)";
    for (const c of [...pod.spec.containers, ...[...(pod.spec.initContainers ?? [])].reverse()]) {
      const running = view.containers[c.name]?.[0]?.state === "running";
      const isInit = (pod.spec.initContainers ?? []).includes(c);
      if (running) kill.push(c.name);
      containers.push({
        container: c.name,
        init: isInit,
        action: running ? "kill" : "none",
        rule: "termination/terminal-stop-sidecars",
        upstream: upstreamOf("termination/terminal-stop-sidecars", version),
        why,
      });
    }
    rules.push("termination/terminal-stop-sidecars");
  } else {
    const a = computePodActions(pod, view, version);
    killPod = a.killPod;
    createSandbox = a.createSandbox;
    for (const r of a.rules) if (!rules.includes(r)) rules.push(r);
    for (const i of a.initToStart) start.push((pod.spec.initContainers ?? [])[i]?.name ?? "");
    for (const i of a.containersToStart) start.push(pod.spec.containers[i]?.name ?? "");
    for (const k of a.containersToKill) kill.push(k.name);
    for (const d of a.decisions) {
      if (d.action === "keep" && d.container && !d.init) keep.push(d.container);
      if (
        d.action === "keep" &&
        d.init &&
        isSidecar((pod.spec.initContainers ?? []).find((c) => c.name === d.container) ?? {})
      )
        keep.push(d.container);
      containers.push({
        container: d.container,
        init: d.init,
        action: d.action,
        rule: d.ruleId,
        upstream: upstreamOf(d.ruleId, version),
        why: d.message,
      });
    }
  }
  const simplifications: { rule: string; simplification: string }[] = [];
  for (const id of rules) {
    const t = decisionTable(id.split("/")[0] ?? "", version);
    const s = t.rules.find((r) => r.id === id)?.simplification;
    if (s) simplifications.push({ rule: id, simplification: s });
  }
  return {
    pod: { name: pod.metadata.name ?? "", namespace: pod.metadata.namespace ?? "default" },
    kubernetesVersion: version,
    phase: p.value,
    phaseRule: p.ruleId,
    phaseWhy: p.message,
    facts: p.facts,
    conditions: conditions.map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    })),
    actions: {
      killPod,
      createSandbox,
      start: [...new Set(start)],
      kill: [...new Set(kill)],
      keep: [...new Set(keep)],
      containers,
    },
    rules,
    simplifications,
  };
}
