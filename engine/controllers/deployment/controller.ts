/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go syncDeployment;
 * sync.go getAllReplicaSetsAndSyncRevision, getNewReplicaSet, cleanupDeployment; rolling.go
 * rolloutRolling, reconcileNewReplicaSet, reconcileOldReplicaSets, cleanupUnhealthyReplicas,
 * scaleDownOldReplicaSetsForRollingUpdate; recreate.go rolloutRecreate, oldPodsRunning).
 * The Deployment sizes its ReplicaSets; the ReplicaSet controller creates and deletes the pods.
 */
import type { KubeObject, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../../model/state.js";
import { templateHash } from "../common/hash.js";
import { type Grouped, NONE, objectsByController, objectsOfKind, podsByController } from "../common/index.js";
import { NoopMemo } from "../common/memo.js";
import { controllerRef, nextUid, putObject, removeObject, storeKeyOf, updateStatus } from "../common/state-ops.js";
import { timestampAt } from "../common/time.js";
import { clearWakeup, privateInputsOf, setStall, wakeAt } from "../common/timers.js";
import { ensureUid } from "../common/uid.js";
import { type DeploymentSpec, deploymentDefaults } from "../defaults.js";
import {
  type DeploymentStatus,
  FOUND_NEW_RS,
  NEW_RS_CREATED,
  rolloutStatus,
  setCondition,
  TIMED_OUT,
} from "./progress.js";
import { isScalingEvent, scaleDeployment } from "./scale.js";
import {
  byCreation,
  equalIgnoreHash,
  maxUnavailable,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  REVISION_ANNOTATION,
  revisionOf,
  scaleReplicaSet,
  specReplicas,
  statusOf,
  sumAvailable,
  sumSpec,
} from "./util.js";

/** Controller name. */
export const DEPLOYMENT_CONTROLLER = "deployment";

interface Ctx {
  readonly d: KubeObject;
  readonly spec: DeploymentSpec;
  readonly key: string;
  readonly generation: number;
  readonly trace: TraceRecorder;
  readonly pods: Grouped<Pod>;
  /** d.status with the condition getNewReplicaSet may have set. */
  base: DeploymentStatus;
  /** Why the rollout cannot proceed this sync, if it cannot (recorded once, at the end of the sync). */
  stall?: { rule: string; message: string };
}

const memo = new NoopMemo();

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const ds = objectsOfKind(state, "Deployment");
  if (ds.length === 0) return state;
  const rsByOwner = objectsByController(state, "ReplicaSet");
  const pods = podsByController(state);
  for (const original of ds) {
    const e = ensureUid(state, original, trace);
    state = e.state;
    const d = e.obj;
    const rss = rsByOwner.get(d.metadata.uid ?? "") ?? NONE;
    const inputs: unknown[] = [
      state.time,
      state.kubernetesVersion,
      ...privateInputsOf(state, DEPLOYMENT_CONTROLLER, storeKeyOf(d)),
      rss,
    ];
    if ((d.spec as { strategy?: { type?: string } } | undefined)?.strategy?.type === "Recreate")
      for (const rs of rss) inputs.push(pods.get(rs.metadata.uid ?? "") ?? NONE);
    if (memo.isNoop(d, inputs)) continue;
    const spec = deploymentDefaults(d.spec, state.kubernetesVersion);
    if (!Number.isInteger(spec.replicas) || spec.replicas < 0) continue;
    const ctx: Ctx = {
      d,
      spec,
      key: storeKeyOf(d),
      generation: d.metadata.generation ?? 1,
      trace,
      pods,
      base: (d.status ?? {}) as DeploymentStatus,
    };
    const owned = rss.filter((rs) => !rs.metadata.deletionTimestamp);
    const before = state;
    state = syncDeployment(state, ctx, owned);
    if (state === before) memo.remember(d, inputs);
  }
  return state;
}

function syncDeployment(state: ClusterState, ctx: Ctx, rsList: readonly KubeObject[]): ClusterState {
  const { spec } = ctx;
  if (spec.paused || isScalingEvent(spec, rsList)) {
    const g = getAllReplicaSets(state, ctx, rsList, false);
    state = scaleDeployment(g.state, spec, ctx.base.replicas ?? 0, g.newRS, g.oldRSs, ctx.trace);
    return finishStatus(state, ctx, g.newRS, rsList);
  }
  return spec.strategy.type === "Recreate" ? rolloutRecreate(state, ctx, rsList) : rolloutRolling(state, ctx, rsList);
}

/** The Deployment's ReplicaSets as they are in `state` now. */
function current(state: ClusterState, rs: KubeObject): KubeObject {
  return state.objects.get(storeKeyOf(rs)) ?? rs;
}

/** getAllReplicaSetsAndSyncRevision + getNewReplicaSet. */
function getAllReplicaSets(
  state: ClusterState,
  ctx: Ctx,
  rsList: readonly KubeObject[],
  create: boolean,
): { state: ClusterState; newRS: KubeObject | undefined; oldRSs: KubeObject[] } {
  const { d, spec, trace } = ctx;
  const sorted = [...rsList].sort(byCreation);
  const found = sorted.find((rs) => equalIgnoreHash((rs.spec as { template?: never })?.template, spec.template));
  const oldRSs = sorted.filter((rs) => rs !== found);
  const maxOld = oldRSs.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
  const newRevision = maxOld + 1;
  const hasDeadline = spec.progressDeadlineSeconds !== 2147483647;
  if (found) {
    let rs = found;
    if (revisionOf(rs) < newRevision) {
      rs = {
        ...rs,
        metadata: {
          ...rs.metadata,
          annotations: { ...(rs.metadata.annotations ?? {}), [REVISION_ANNOTATION]: String(newRevision) },
        },
      };
      state = putObject(state, rs, trace, "deployment/sync-revision");
    }
    if (hasDeadline && !ctx.base.conditions?.some((c) => c.type === "Progressing")) {
      ctx.base = setCondition(
        ctx.base,
        "Progressing",
        "True",
        FOUND_NEW_RS,
        `Found new replica set "${rs.metadata.name ?? ""}"`,
        state.time,
      );
    }
    state = setDeploymentRevision(state, ctx, revisionOf(rs));
    return { state, newRS: rs, oldRSs };
  }
  if (!create) return { state, newRS: undefined, oldRSs };
  const hash = templateHash(spec.template);
  const ns = d.metadata.namespace ?? "default";
  const name = `${d.metadata.name ?? ""}-${hash}`;
  const labels = { ...(spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const u = nextUid(state);
  const draft: KubeObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: ns,
      uid: u.uid,
      labels,
      annotations: { [REVISION_ANNOTATION]: String(newRevision) },
      ownerReferences: [controllerRef(d)],
      creationTimestamp: timestampAt(state.time),
    },
    spec: {
      replicas: 0,
      minReadySeconds: spec.minReadySeconds,
      selector: {
        ...(spec.selector ?? {}),
        matchLabels: { ...(spec.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash },
      },
      template: { ...spec.template, metadata: { ...(spec.template.metadata ?? {}), labels } },
    },
  };
  const replicas = newRSNewReplicas(spec, [...oldRSs, draft], draft);
  state = putObject(u.state, draft, trace, "deployment/create-new-replicaset");
  const scaled = scaleReplicaSet(state, draft, replicas, spec, trace, "deployment/create-new-replicaset");
  state = scaled.state;
  if (hasDeadline) {
    ctx.base = setCondition(
      ctx.base,
      "Progressing",
      "True",
      NEW_RS_CREATED,
      `Created new replica set "${name}"`,
      state.time,
    );
  }
  state = setDeploymentRevision(state, ctx, newRevision);
  return { state, newRS: scaled.rs, oldRSs };
}

function setDeploymentRevision(state: ClusterState, ctx: Ctx, revision: number): ClusterState {
  const d = state.objects.get(ctx.key);
  if (!d || d.metadata.annotations?.[REVISION_ANNOTATION] === String(revision)) return state;
  const next: KubeObject = {
    ...d,
    metadata: {
      ...d.metadata,
      annotations: { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: String(revision) },
    },
  };
  return { ...state, objects: state.objects.set(ctx.key, next) };
}

function rolloutRolling(state: ClusterState, ctx: Ctx, rsList: readonly KubeObject[]): ClusterState {
  const { spec, trace } = ctx;
  const g = getAllReplicaSets(state, ctx, rsList, true);
  state = g.state;
  let newRS = g.newRS as KubeObject;
  let oldRSs = g.oldRSs;
  // reconcileNewReplicaSet
  let scaled = false;
  if (specReplicas(newRS) > spec.replicas) {
    const r = scaleReplicaSet(state, newRS, spec.replicas, spec, trace, "deployment/scale-down-new-replicaset");
    scaled = r.rs !== newRS;
    state = r.state;
    newRS = r.rs;
  } else if (specReplicas(newRS) < spec.replicas) {
    const target = newRSNewReplicas(spec, [...oldRSs, newRS], newRS);
    const r = scaleReplicaSet(state, newRS, target, spec, trace, "deployment/scale-up-new-replicaset");
    scaled = specReplicas(r.rs) !== specReplicas(newRS);
    state = r.state;
    newRS = r.rs;
  }
  if (!scaled) {
    // reconcileOldReplicaSets
    const oldCount = sumSpec(oldRSs);
    if (oldCount > 0) {
      const all = [...oldRSs, newRS];
      const minAvailable = spec.replicas - maxUnavailable(spec);
      const newUnavailable = specReplicas(newRS) - (statusOf(newRS).availableReplicas ?? 0);
      const maxScaledDown = sumSpec(all) - minAvailable - newUnavailable;
      if (maxScaledDown > 0) {
        // cleanupUnhealthyReplicas: oldest first, down to their available count
        let cleaned = 0;
        oldRSs = [...oldRSs].sort(byCreation);
        for (let i = 0; i < oldRSs.length && cleaned < maxScaledDown; i++) {
          const rs = oldRSs[i] as KubeObject;
          const avail = statusOf(rs).availableReplicas ?? 0;
          if (specReplicas(rs) === 0 || specReplicas(rs) === avail) continue;
          const n = Math.min(maxScaledDown - cleaned, specReplicas(rs) - avail);
          const r = scaleReplicaSet(
            state,
            rs,
            specReplicas(rs) - n,
            spec,
            trace,
            "deployment/cleanup-unhealthy-old-replicas",
          );
          state = r.state;
          oldRSs[i] = r.rs;
          cleaned += n;
        }
        // scaleDownOldReplicaSetsForRollingUpdate
        const availableCount = sumAvailable([...oldRSs, newRS]);
        let scaledDown = 0;
        if (availableCount > minAvailable) {
          const total = availableCount - minAvailable;
          for (let i = 0; i < oldRSs.length && scaledDown < total; i++) {
            const rs = oldRSs[i] as KubeObject;
            if (specReplicas(rs) === 0) continue;
            const n = Math.min(specReplicas(rs), total - scaledDown);
            const r = scaleReplicaSet(
              state,
              rs,
              specReplicas(rs) - n,
              spec,
              trace,
              "deployment/scale-down-old-replicaset",
            );
            state = r.state;
            oldRSs[i] = r.rs;
            scaledDown += n;
          }
        }
        scaled = cleaned + scaledDown > 0;
      } else {
        ctx.stall = {
          rule: "deployment/rolling-update-blocked-by-max-unavailable",
          message: `old ReplicaSets cannot be scaled down: availability would drop below ${minAvailable} (replicas ${spec.replicas} - maxUnavailable ${maxUnavailable(spec)})`,
        };
      }
    }
  }
  return finishStatus(state, ctx, current(state, newRS), rsList);
}

function rolloutRecreate(state: ClusterState, ctx: Ctx, rsList: readonly KubeObject[]): ClusterState {
  const { spec, trace } = ctx;
  let g = getAllReplicaSets(state, ctx, rsList, false);
  state = g.state;
  let scaledDown = false;
  for (const rs of g.oldRSs) {
    if (specReplicas(rs) === 0) continue;
    state = scaleReplicaSet(state, rs, 0, spec, trace, "deployment/recreate-scale-down-old").state;
    scaledDown = true;
  }
  if (scaledDown) return finishStatus(state, ctx, g.newRS, rsList);
  // oldPodsRunning: old ReplicaSets still report pods, or any non-terminal pod of an old ReplicaSet exists
  const oldRunning =
    g.oldRSs.some((rs) => (statusOf(current(state, rs)).replicas ?? 0) > 0) ||
    g.oldRSs.some((rs) =>
      (ctx.pods.get(rs.metadata.uid ?? "") ?? []).some((p) => {
        const now = state.pods.get(`${p.metadata.namespace}/${p.metadata.name}`);
        return now !== undefined && now.status?.phase !== "Failed" && now.status?.phase !== "Succeeded";
      }),
    );
  if (oldRunning) {
    ctx.stall = {
      rule: "deployment/recreate-wait-old-pods",
      message: "Recreate waits until every pod of the old ReplicaSets has terminated",
    };
    return finishStatus(state, ctx, g.newRS, rsList);
  }
  if (!g.newRS) {
    g = getAllReplicaSets(state, ctx, rsList, true);
    state = g.state;
  }
  const newRS = g.newRS as KubeObject;
  state = scaleReplicaSet(state, newRS, spec.replicas, spec, trace, "deployment/recreate-scale-up-new").state;
  return finishStatus(state, ctx, current(state, newRS), rsList);
}

/** syncRolloutStatus, then cleanupDeployment when the rollout is complete. */
function finishStatus(
  state: ClusterState,
  ctx: Ctx,
  newRS: KubeObject | undefined,
  rsList: readonly KubeObject[],
): ClusterState {
  const names = new Set<string>();
  const all: KubeObject[] = [];
  for (const rs of newRS ? [...rsList, newRS] : rsList) {
    const k = storeKeyOf(rs);
    const now = state.objects.get(k);
    if (!now || names.has(k)) continue;
    names.add(k);
    all.push(now);
  }
  const nrs = newRS ? current(state, newRS) : undefined;
  const r = rolloutStatus(ctx.spec, ctx.generation, ctx.d.metadata.name ?? "", all, nrs, ctx.base, state.time);
  if (r.rule) ctx.trace.rule(r.rule);
  if (r.recheckAt !== undefined) state = wakeAt(state, DEPLOYMENT_CONTROLLER, ctx.key, r.recheckAt);
  const timedOut = r.status.conditions?.some((c) => c.type === "Progressing" && c.reason === TIMED_OUT);
  if (timedOut) {
    ctx.stall = {
      rule: "deployment/progress-deadline-exceeded",
      message: `the rollout made no progress for progressDeadlineSeconds (${ctx.spec.progressDeadlineSeconds}s)`,
    };
  }
  state = setStall(state, DEPLOYMENT_CONTROLLER, ctx.key, ctx.stall);
  // cleanupDeployment
  const complete =
    r.status.updatedReplicas === ctx.spec.replicas &&
    r.status.replicas === ctx.spec.replicas &&
    r.status.availableReplicas === ctx.spec.replicas;
  if (complete && !ctx.spec.paused) {
    const old = all.filter((rs) => rs !== nrs && rs.metadata.name !== nrs?.metadata.name);
    const diff = old.length - ctx.spec.revisionHistoryLimit;
    if (diff > 0) {
      const byRev = [...old].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
      for (let i = 0; i < diff; i++) {
        const rs = byRev[i] as KubeObject;
        if ((statusOf(rs).replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
        state = removeObject(state, storeKeyOf(rs), ctx.trace, "deployment/cleanup-old-replicasets");
      }
    }
  }
  return updateStatus(state, ctx.key, r.status as unknown as Record<string, unknown>, ctx.trace);
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  return reconcile(clearWakeup(state, DEPLOYMENT_CONTROLLER, timer), trace);
}

/** The Deployment controller. */
export const deploymentController: Controller = { name: DEPLOYMENT_CONTROLLER, reconcile, onTimer };
