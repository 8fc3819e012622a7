/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go syncDaemonSet, manage,
 * podsShouldBeOnNode, syncNodes, updateDaemonSetStatus; update.go rollingUpdate,
 * updatedDesiredNodeCounts, findUpdatedPodsOnNode). Daemon pods are created with a required node
 * affinity on metadata.name (ReplaceDaemonSetPodNodeNameNodeAffinity) and bound by the scheduler.
 * Simplifications: nodes are visited in name order (upstream iterates a Go map); a Failed daemon pod
 * is deleted at once (upstream rate-limits with a 1s..15min backoff per node).
 */
import type { KubeObject, Node, Pod } from "../../model/k8s.js";
import type { ClusterState, Controller, Timer, TraceRecorder } from "../../model/state.js";
import { NONE, objectsByController, objectsOfKind, podsByController } from "../common/index.js";
import { NoopMemo } from "../common/memo.js";
import { availableAt, isPodAvailable, isPodReady } from "../common/pods.js";
import { ensureRevision, revisionsOf, truncateHistory } from "../common/revisions.js";
import { createPod, deletePod, podKey, storeKeyOf, updateStatus } from "../common/state-ops.js";
import { msOfTimestamp } from "../common/time.js";
import { clearWakeup, privateInputsOf, wakeAt } from "../common/timers.js";
import { ensureUid } from "../common/uid.js";
import { type DaemonSetSpec, daemonSetDefaults } from "../defaults.js";
import { generatePodName } from "../replicaset/controller.js";
import { daemonTolerations, nodeShouldRunDaemonPod } from "./eligibility.js";
import { rollingUpdatePlan } from "./update.js";

/** Controller name. */
export const DAEMONSET_CONTROLLER = "daemonset";
export const DS_REVISION_LABEL = "controller-revision-hash";

/** The node a daemon pod is for: spec.nodeName, else its metadata.name node affinity (GetTargetNodeName). */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ??
    []) {
    for (const f of t.matchFields ?? [])
      if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** podByCreationTimestampAndPhase: Running before others, then older first, then name. */
function byCreationAndPhase(a: Pod, b: Pod): number {
  const ra = a.status?.phase === "Running" ? 0 : 1;
  const rb = b.status?.phase === "Running" ? 0 : 1;
  if (ra !== rb) return ra - rb;
  const x = msOfTimestamp(a.metadata.creationTimestamp) ?? 0;
  const y = msOfTimestamp(b.metadata.creationTimestamp) ?? 0;
  if (x !== y) return x - y;
  return (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

const memo = new NoopMemo();

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const sets = objectsOfKind(state, "DaemonSet");
  if (sets.length === 0) return state;
  const pods = podsByController(state);
  const revisions = objectsByController(state, "ControllerRevision");
  const nodes = [...state.nodes.values()];
  for (const original of sets) {
    const e = ensureUid(state, original, trace);
    state = e.state;
    const uid = e.obj.metadata.uid ?? "";
    const owned = pods.get(uid) ?? NONE;
    const revs = revisions.get(uid) ?? NONE;
    const inputs = [
      state.time,
      state.kubernetesVersion,
      ...privateInputsOf(state, DAEMONSET_CONTROLLER, storeKeyOf(e.obj)),
      state.nodes,
      owned,
      revs,
    ];
    if (memo.isNoop(e.obj, inputs)) continue;
    const before = state;
    state = syncDaemonSet(state, e.obj, nodes, owned, revisionsOf(revs), trace);
    if (state === before) memo.remember(e.obj, inputs);
  }
  return state;
}

function syncDaemonSet(
  state: ClusterState,
  ds: KubeObject,
  nodes: readonly Node[],
  owned: readonly Pod[],
  revisions: ReturnType<typeof revisionsOf>,
  trace: TraceRecorder,
): ClusterState {
  const spec = daemonSetDefaults(ds.spec, state.kubernetesVersion);
  const ns = ds.metadata.namespace ?? "default";
  const name = ds.metadata.name ?? "";
  const rev = ensureRevision(state, ds, spec.template, revisions, trace, "daemonset/update-revision");
  state = rev.state;
  const hash = rev.name.slice(name.length + 1);
  const templateSpec = spec.template.spec ?? { containers: [] };
  const byNode = new Map<string, Pod[]>();
  for (const p of owned) {
    const n = targetNodeName(p) ?? "";
    const l = byNode.get(n);
    if (l) l.push(p);
    else byNode.set(n, [p]);
  }
  const nodeNames = new Set(nodes.map((n) => n.metadata.name ?? ""));
  const surgeAllowed =
    spec.updateStrategy.type === "RollingUpdate" &&
    (spec.updateStrategy.rollingUpdate?.maxSurge ?? 0) !== 0 &&
    spec.updateStrategy.rollingUpdate?.maxSurge !== "0%";
  const toCreate: string[] = [];
  const toDelete: Pod[] = [];
  const eligible = new Map<string, boolean>();
  // manage: podsShouldBeOnNode for each node
  for (const node of nodes) {
    const nodeName = node.metadata.name ?? "";
    const r = nodeShouldRunDaemonPod(node, templateSpec);
    eligible.set(nodeName, r.shouldRun);
    const daemonPods = byNode.get(nodeName) ?? [];
    if (r.shouldRun && daemonPods.length === 0) {
      toCreate.push(nodeName);
    } else if (r.shouldContinueRunning) {
      const running: Pod[] = [];
      for (const p of daemonPods) {
        if (p.metadata.deletionTimestamp) continue;
        if (p.status?.phase === "Failed" || p.status?.phase === "Succeeded") toDelete.push(p);
        else running.push(p);
      }
      if (running.length <= 1) continue;
      running.sort(byCreationAndPhase);
      if (!surgeAllowed) {
        toDelete.push(...running.slice(1));
        continue;
      }
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const p of running) {
        if (p.metadata.labels?.[DS_REVISION_LABEL] === hash) {
          if (!oldestNew) {
            oldestNew = p;
            continue;
          }
        } else if (!oldestOld) {
          oldestOld = p;
          continue;
        }
        toDelete.push(p);
      }
      if (oldestNew && oldestOld) {
        if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, spec.minReadySeconds, state.time))
          toDelete.push(oldestOld);
      }
    } else if (daemonPods.length > 0) {
      for (const p of daemonPods) if (!p.metadata.deletionTimestamp) toDelete.push(p);
    }
  }
  // unscheduled pods aimed at nodes that no longer exist
  for (const [n, list] of byNode) {
    if (nodeNames.has(n)) continue;
    for (const p of list) if (!p.spec.nodeName && !p.metadata.deletionTimestamp) toDelete.push(p);
  }
  const created: string[] = [];
  state = syncNodes(
    state,
    ds,
    spec,
    ns,
    name,
    hash,
    toCreate,
    toDelete,
    trace,
    "daemonset/create-daemon-pod",
    "daemonset/delete-daemon-pod",
    created,
  );
  // rolling update, only when manage changed nothing (upstream: expectations must be satisfied)
  if (spec.updateStrategy.type === "RollingUpdate" && toCreate.length === 0 && toDelete.length === 0) {
    const current = (n: string) =>
      (byNode.get(n) ?? [])
        .map((p) => state.pods.get(podKey(ns, p.metadata.name ?? "")))
        .filter((p): p is Pod => p !== undefined);
    const plan = rollingUpdatePlan(spec, hash, nodes, eligible, current, state.time);
    state = syncNodes(
      state,
      ds,
      spec,
      ns,
      name,
      hash,
      plan.create,
      plan.delete,
      trace,
      "daemonset/rolling-update-surge",
      "daemonset/rolling-update-delete-old",
      created,
    );
  }
  // history
  const live = new Set<string>([rev.name]);
  for (const p of owned) {
    const h = p.metadata.labels?.[DS_REVISION_LABEL];
    if (h) live.add(`${name}-${h}`);
  }
  state = truncateHistory(state, revisions, live, spec.revisionHistoryLimit, trace, "daemonset/truncate-history");
  return updateDsStatus(state, ds, spec, nodes, eligible, ns, owned, created, hash, trace);
}

function syncNodes(
  state: ClusterState,
  ds: KubeObject,
  spec: DaemonSetSpec,
  ns: string,
  name: string,
  hash: string,
  create: readonly string[],
  del: readonly Pod[],
  trace: TraceRecorder,
  createRule: string,
  deleteRule: string,
  created: string[],
): ClusterState {
  const tspec = spec.template.spec ?? { containers: [] };
  for (const nodeName of create) {
    const affinity = {
      ...(tspec.affinity ?? {}),
      nodeAffinity: {
        ...(tspec.affinity?.nodeAffinity ?? {}),
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In" as const, values: [nodeName] }] }],
        },
      },
    };
    const podName = generatePodName(state, ns, name);
    created.push(podName);
    state = createPod(
      state,
      spec.template,
      {
        name: podName,
        namespace: ns,
        owner: ds,
        extraLabels: { [DS_REVISION_LABEL]: hash },
        specPatch: { affinity, tolerations: daemonTolerations(tspec) },
      },
      trace,
      createRule,
    );
  }
  const seen = new Set<string>();
  for (const p of del) {
    const k = podKey(ns, p.metadata.name ?? "");
    if (seen.has(k)) continue;
    seen.add(k);
    state = deletePod(state, k, trace, deleteRule);
  }
  return state;
}

function updateDsStatus(
  state: ClusterState,
  ds: KubeObject,
  spec: DaemonSetSpec,
  nodes: readonly Node[],
  eligible: ReadonlyMap<string, boolean>,
  ns: string,
  owned: readonly Pod[],
  created: readonly string[],
  hash: string,
  trace: TraceRecorder,
): ClusterState {
  // re-read the set's pods (creations/deletions of this sync included)
  const pods: Pod[] = [];
  for (const n of [...owned.map((p) => p.metadata.name ?? ""), ...created]) {
    const p = state.pods.get(podKey(ns, n));
    if (p) pods.push(p);
  }
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    const n = targetNodeName(p) ?? "";
    const l = byNode.get(n);
    if (l) l.push(p);
    else byNode.set(n, [p]);
  }
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let wake: number | undefined;
  for (const node of nodes) {
    const n = node.metadata.name ?? "";
    const want = eligible.get(n) ?? false;
    const list = (byNode.get(n) ?? []).sort(byCreationAndPhase);
    if (want) desired++;
    if (list.length > 0) {
      if (want) {
        current++;
        const p = list[0] as Pod;
        if (isPodReady(p)) {
          ready++;
          if (isPodAvailable(p, spec.minReadySeconds, state.time)) available++;
          else {
            const at = availableAt(p, spec.minReadySeconds);
            if (at !== undefined && (wake === undefined || at < wake)) wake = at;
          }
        }
        if (list.some((x) => x.metadata.labels?.[DS_REVISION_LABEL] === hash)) updated++;
      } else misscheduled++;
    }
  }
  const key = storeKeyOf(ds);
  if (wake !== undefined) state = wakeAt(state, DAEMONSET_CONTROLLER, key, wake);
  return updateStatus(
    state,
    key,
    {
      observedGeneration: ds.metadata.generation ?? 1,
      desiredNumberScheduled: desired,
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      numberAvailable: available,
      numberUnavailable: desired - available,
      updatedNumberScheduled: updated,
    },
    trace,
  );
}

function onTimer(state: ClusterState, timer: Timer, trace: TraceRecorder): ClusterState {
  return reconcile(clearWakeup(state, DAEMONSET_CONTROLLER, timer), trace);
}

/** The DaemonSet controller. */
export const daemonSetController: Controller = { name: DAEMONSET_CONTROLLER, reconcile, onTimer };
