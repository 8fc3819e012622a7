/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go updateStatefulSet,
 * runForAll, processReplica, processCondemned, updateStatefulSetAfterInvariantEstablished).
 *
 * One reconcile is one sync of every StatefulSet. Decisions per pod come from decisions.ts (the rules
 * of spec/kubernetes/statefulset.yaml); this file gathers the facts and applies the outcomes.
 * Simplifications: pods are matched to their set by controller ownerReference (no adoption of
 * orphans by selector); Parallel's slowStartBatch creates every missing pod in one sync (batches only
 * matter when API calls fail, which they never do here); identity/storage drift of an existing pod
 * is not repaired (kubespec never changes a pod's labels behind the controller's back).
 */
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../../model/state.js";
import { NONE, objectsByController, objectsOfKind, podsByController } from "../common/index.js";
import { NoopMemo } from "../common/memo.js";
import { availableAt, isTerminating, phaseOf } from "../common/pods.js";
import { ensureRevision, revisionsOf, truncateHistory } from "../common/revisions.js";
import { createPod, deletePod, podKey, storeKeyOf, updateStatus } from "../common/state-ops.js";
import { clearWakeup, privateInputsOf, setStall, wakeAt } from "../common/timers.js";
import { ensureUid } from "../common/uid.js";
import { type StatefulSetSpec, statefulSetDefaults } from "../defaults.js";
import { syncClaims } from "./claims.js";
import { decideCondemned, decideReplica, decideUpdateBudget, decideUpdateTarget, updatePath } from "./decisions.js";
import {
  endOrdinal,
  identityPatch,
  parentAndOrdinal,
  podName,
  REVISION_LABEL,
  startOrdinal,
  statefulSetMaxUnavailable,
} from "./identity.js";
import {
  computeStatus,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isUnavailable,
  podRevision,
} from "./status.js";

/** Controller name (owner of its timers and private state). */
export const STATEFULSET_CONTROLLER = "statefulset";

interface SyncContext {
  readonly set: KubeObject;
  readonly key: string;
  readonly spec: StatefulSetSpec;
  readonly ns: string;
  readonly name: string;
  readonly monotonic: boolean;
  readonly trace: TraceRecorder;
}

type Stall = { rule: string; message: string } | undefined;

const memo = new NoopMemo();

/** Syncs every StatefulSet once (skipping sets whose inputs did not change since a no-op sync). */
function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const sets = objectsOfKind(state, "StatefulSet");
  if (sets.length === 0) return state;
  const pods = podsByController(state);
  const revisions = objectsByController(state, "ControllerRevision");
  for (const original of sets) {
    const u = ensureUid(state, original, trace);
    state = u.state;
    const set = u.obj;
    const uid = set.metadata.uid ?? "";
    const owned = pods.get(uid) ?? NONE;
    const revs = revisions.get(uid) ?? NONE;
    const inputs = [
      state.time,
      state.kubernetesVersion,
      ...privateInputsOf(state, STATEFULSET_CONTROLLER, storeKeyOf(set)),
      owned,
      revs,
      ...claimsOf(state, set),
    ];
    if (memo.isNoop(set, inputs)) continue;
    const before = state;
    state = syncSet(state, set, owned, revisionsOf(revs), trace);
    if (state === before) memo.remember(set, inputs);
  }
  return state;
}

/** The claim objects of the set's volumeClaimTemplates (inputs of its sync). */
function claimsOf(state: ClusterState, set: KubeObject): unknown[] {
  const tmpls = (set.spec as { volumeClaimTemplates?: unknown[] } | undefined)?.volumeClaimTemplates;
  if (!tmpls || tmpls.length === 0) return [];
  const ns = set.metadata.namespace ?? "default";
  const out: unknown[] = [];
  for (const [k, o] of state.objects.entries())
    if (k.startsWith(`PersistentVolumeClaim/${ns}/`) && o.metadata.name?.includes(`-${set.metadata.name ?? ""}-`))
      out.push(o);
  return out;
}

function syncSet(
  state: ClusterState,
  set: KubeObject,
  owned: readonly Pod[],
  revisions: ReturnType<typeof revisionsOf>,
  trace: TraceRecorder,
): ClusterState {
  const key = storeKeyOf(set);
  const spec = statefulSetDefaults(set.spec, state.kubernetesVersion);
  if (!Number.isInteger(spec.replicas) || spec.replicas < 0) {
    return setStall(state, STATEFULSET_CONTROLLER, key, {
      rule: "statefulset/invalid-spec",
      message: `spec.replicas ${String(spec.replicas)} is not a non-negative integer: the set is not synced`,
    });
  }
  const ns = set.metadata.namespace ?? "default";
  const name = set.metadata.name ?? "";
  const ctx: SyncContext = { set, key, spec, ns, name, monotonic: spec.podManagementPolicy !== "Parallel", trace };

  // getStatefulSetRevisions
  const rev = ensureRevision(state, set, spec.template, revisions, trace, "statefulset/update-revision");
  state = rev.state;
  const updateRevision = rev.name;
  const prevStatus = (set.status ?? {}) as Partial<{ currentRevision: string }>;
  const currentCr = revisions.find((r) => r.metadata.name === prevStatus.currentRevision);
  const currentRevision = currentCr ? (prevStatus.currentRevision ?? updateRevision) : updateRevision;
  const currentTemplate = currentCr ? currentCr.data.template : spec.template;

  const start = startOrdinal(spec);
  const end = endOrdinal(spec);
  const replicas: (Pod | undefined)[] = new Array(spec.replicas).fill(undefined);
  const condemned: { pod: Pod; ordinal: number }[] = [];
  for (const pod of owned) {
    const po = parentAndOrdinal(pod.metadata.name ?? "");
    if (po.parent !== name || po.ordinal < 0) continue;
    if (po.ordinal >= start && po.ordinal <= end) replicas[po.ordinal - start] = pod;
    else condemned.push({ pod, ordinal: po.ordinal });
  }
  condemned.sort((a, b) => b.ordinal - a.ordinal);

  // The first unhealthy pod: a missing or unhealthy replica in ordinal order, else the lowest condemned one.
  let firstUnhealthy: string | undefined;
  for (let i = 0; i < replicas.length && firstUnhealthy === undefined; i++) {
    const p = replicas[i];
    if (!p || !isHealthy(p)) firstUnhealthy = podName(name, start + i);
  }
  for (let i = condemned.length - 1; i >= 0 && firstUnhealthy === undefined; i--) {
    const c = condemned[i];
    if (c && !isHealthy(c.pod)) firstUnhealthy = c.pod.metadata.name;
  }

  const partition = spec.updateStrategy.rollingUpdate?.partition ?? 0;
  const run = (): { state: ClusterState; stall: Stall } => {
    // 1) replicas
    for (let i = 0; i < replicas.length; i++) {
      const ordinal = start + i;
      const pod = replicas[i];
      const d = decideReplica(
        {
          created: pod !== undefined,
          phase: pod ? phaseOf(pod) : "",
          terminating: pod ? isTerminating(pod) : false,
          runningAndReady: pod ? isRunningAndReady(pod) : false,
          available: pod ? isRunningAndAvailable(pod, spec.minReadySeconds, state.time) : false,
          monotonic: ctx.monotonic,
        },
        state.kubernetesVersion,
      );
      const pn = podName(name, ordinal);
      if (d.action === "delete-terminal") {
        state = deletePod(state, podKey(ns, pn), trace, d.ruleId);
      } else if (d.action === "create") {
        const useCurrent = spec.updateStrategy.type === "RollingUpdate" && ordinal < start + partition;
        state = createStatefulPod(
          state,
          ctx,
          ordinal,
          useCurrent ? currentTemplate : spec.template,
          useCurrent ? currentRevision : updateRevision,
          d.ruleId,
        );
      } else if (d.action === "continue" && pod) {
        if (pod.status?.phase === "Pending") state = syncClaims(state, set, spec, ordinal, pod, false, trace);
      } else if (d.action === "wait-available" && pod) {
        const at = availableAt(pod, spec.minReadySeconds);
        if (at !== undefined) state = wakeAt(state, STATEFULSET_CONTROLLER, key, at);
      }
      if (d.exit && ctx.monotonic) return { state, stall: replicaStall(d.ruleId, pn, pod, name, ordinal) };
    }
    // 2) claims of condemned pods follow the whenScaled policy
    for (const c of condemned) state = syncClaims(state, set, spec, c.ordinal, c.pod, true, trace);
    // 3) condemned pods, highest ordinal first
    let exited = false;
    for (const c of condemned) {
      const d = decideCondemned(
        {
          terminating: isTerminating(c.pod),
          runningAndReady: isRunningAndReady(c.pod),
          available: isRunningAndAvailable(c.pod, spec.minReadySeconds, state.time),
          firstUnhealthy: c.pod.metadata.name === firstUnhealthy,
          monotonic: ctx.monotonic,
        },
        state.kubernetesVersion,
      );
      if (d.action === "delete") state = deletePod(state, podKey(ns, c.pod.metadata.name ?? ""), trace, d.ruleId);
      if (d.exit && ctx.monotonic) {
        exited = true;
        const stall =
          d.action === "delete"
            ? undefined
            : {
                rule: d.ruleId,
                message:
                  d.action === "wait-terminating"
                    ? `scale-down waits for ${c.pod.metadata.name} to finish terminating`
                    : `scale-down is blocked: ${c.pod.metadata.name} is not Running and Ready, and ${firstUnhealthy ?? "another pod"} is unhealthy`,
              };
        return { state, stall };
      }
    }
    if (exited || spec.updateStrategy.type === "OnDelete") return { state, stall: undefined };
    // 4) rolling update, highest ordinal down to the partition
    return rollingUpdate(state, ctx, replicas, partition, updateRevision);
  };
  const result = run();
  state = result.state;
  if (result.stall) trace.rule(result.stall.rule);
  state = setStall(state, STATEFULSET_CONTROLLER, key, result.stall);

  const live = new Set<string>([currentRevision, updateRevision]);
  const finalPods: Pod[] = [];
  for (const pod of owned) {
    const now = state.pods.get(podKey(ns, pod.metadata.name ?? ""));
    if (now) finalPods.push(now);
  }
  for (let i = 0; i < replicas.length; i++) {
    if (replicas[i]) continue;
    const created = state.pods.get(podKey(ns, podName(name, start + i)));
    if (created) finalPods.push(created);
  }
  for (const p of finalPods) {
    const r = podRevision(p);
    if (r) live.add(r);
  }
  state = truncateHistory(state, revisions, live, spec.revisionHistoryLimit, trace, "statefulset/truncate-history");
  const status = computeStatus(
    finalPods,
    spec.minReadySeconds,
    state.time,
    currentRevision,
    updateRevision,
    spec.updateStrategy.type === "RollingUpdate",
    set.metadata.generation,
  );
  return updateStatus(state, key, status as unknown as Record<string, unknown>, trace);
}

function replicaStall(ruleId: string, pn: string, pod: Pod | undefined, setName: string, ordinal: number): Stall {
  const next = podName(setName, ordinal + 1);
  switch (ruleId) {
    case "statefulset/wait-running-ready":
      return {
        rule: ruleId,
        message: `${pn} is ${pod ? phaseOf(pod) : "missing"} and not Ready: OrderedReady creates, deletes and updates no pod above it (${next} waits)`,
      };
    case "statefulset/wait-available":
      return { rule: ruleId, message: `${pn} is Ready but not yet available for minReadySeconds (${next} waits)` };
    case "statefulset/wait-terminating":
      return { rule: ruleId, message: `${pn} is terminating: OrderedReady waits until it is gone to recreate it` };
    case "statefulset/recreate-terminal-pod":
    case "statefulset/wait-terminal-pod-removal":
      return { rule: ruleId, message: `${pn} finished (${pod ? phaseOf(pod) : ""}): it is deleted and recreated` };
    default:
      return undefined;
  }
}

function createStatefulPod(
  state: ClusterState,
  ctx: SyncContext,
  ordinal: number,
  template: StatefulSetSpec["template"],
  revision: string,
  ruleId: string,
): ClusterState {
  state = syncClaims(state, ctx.set, ctx.spec, ordinal, undefined, false, ctx.trace);
  const id = identityPatch(ctx.spec, ctx.name, ordinal, state.kubernetesVersion, template.spec);
  return createPod(
    state,
    template,
    {
      name: podName(ctx.name, ordinal),
      namespace: ctx.ns,
      owner: ctx.set,
      extraLabels: { ...id.labels, [REVISION_LABEL]: revision },
      specPatch: id.spec,
    },
    ctx.trace,
    ruleId,
  );
}

function rollingUpdate(
  state: ClusterState,
  ctx: SyncContext,
  replicas: readonly (Pod | undefined)[],
  partition: number,
  updateRevision: string,
): { state: ClusterState; stall: Stall } {
  const { spec, ns, trace } = ctx;
  const v = state.kubernetesVersion;
  const outdated = (p: Pod | undefined) => p !== undefined && podRevision(p) !== updateRevision;
  if (updatePath(v).path === "max-unavailable") {
    // updateStatefulSetAfterInvariantEstablished
    const maxUnavailable = statefulSetMaxUnavailable(spec.updateStrategy.rollingUpdate?.maxUnavailable, spec.replicas);
    let unavailable = 0;
    for (const p of replicas) if (isUnavailable(p, spec.minReadySeconds, state.time)) unavailable++;
    const budget = decideUpdateBudget({ unavailable, maxUnavailable }, v);
    if (budget.action === "wait") {
      const pending = replicas.some((p, i) => i >= partition && outdated(p));
      return {
        state,
        stall: pending
          ? {
              rule: budget.ruleId,
              message: `rolling update waits: ${unavailable} pod(s) unavailable, maxUnavailable is ${maxUnavailable}`,
            }
          : undefined,
      };
    }
    let toDelete = maxUnavailable - unavailable;
    for (let t = replicas.length - 1; t >= partition && toDelete > 0; t--) {
      const p = replicas[t];
      if (p && outdated(p) && !isTerminating(p)) {
        state = deletePod(state, podKey(ns, p.metadata.name ?? ""), trace, "statefulset/update-delete-outdated");
        toDelete--;
      }
    }
    return { state, stall: undefined };
  }
  // legacy: one pod at a time, waiting for each to be available
  for (let t = replicas.length - 1; t >= partition; t--) {
    const p = replicas[t];
    const d = decideUpdateTarget(
      {
        outdated: outdated(p),
        terminating: p ? isTerminating(p) : false,
        unavailable: isUnavailable(p, spec.minReadySeconds, state.time),
      },
      v,
    );
    if (d.action === "delete" && p) {
      state = deletePod(state, podKey(ns, p.metadata.name ?? ""), trace, d.ruleId);
      return { state, stall: undefined };
    }
    if (d.stop) {
      return {
        state,
        stall: {
          rule: d.ruleId,
          message: `rolling update waits for ${p?.metadata.name ?? `ordinal index ${t}`} to be available`,
        },
      };
    }
  }
  return { state, stall: undefined };
}

/** Wake-ups only re-run the sync (the controller's own timers carry no other data). */
function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  return reconcile(clearWakeup(state, STATEFULSET_CONTROLLER, timer), trace);
}

/** The StatefulSet controller. */
export const statefulSetController: Controller = { name: STATEFULSET_CONTROLLER, reconcile, onTimer };
