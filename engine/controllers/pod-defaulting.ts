/**
 * The API server's part in creating a pod: defaulting (engine/model/defaults.ts), the
 * DefaultTolerationSeconds admission plugin, metadata (uid, creationTimestamp, namespace) and the
 * initial status (phase Pending). It runs first, on every pod that appeared since it last looked
 * (new name or new uid), so pods created by users and by workload controllers are defaulted alike.
 */

import { withFields } from "../kubelet/records.js";
import { defaultPod } from "../model/defaults.js";
import type { Pod, PodSpec } from "../model/k8s.js";
import { objectRefString } from "../model/k8s.js";
import { diffMaps, emptyMap } from "../model/pmap.js";
import type { ClusterState, Controller, PMap, TraceRecorder } from "../model/state.js";
import { timestamp } from "../scenario/duration.js";

export const POD_DEFAULTING = "apiserver-pod-defaulting";

/** A copy of a pod spec (same keys, order and values) whose spec and container objects have shared hidden classes. */
export function canonicalSpec(spec: PodSpec): PodSpec {
  const out: { -readonly [K in keyof PodSpec]: PodSpec[K] } = withFields(spec, {});
  out.containers = spec.containers.map((c) => withFields(c, {}));
  if (spec.initContainers) out.initContainers = spec.initContainers.map((c) => withFields(c, {}));
  return out;
}

function reconcile(state: ClusterState, trace: TraceRecorder): ClusterState {
  const seen = (state.controllers.get(POD_DEFAULTING) as PMap<Pod> | undefined) ?? emptyMap<Pod>();
  if (seen === state.pods) return state;
  const fresh: string[] = [];
  // A pod that appeared (or was replaced under the same name) since the last look was just created.
  diffMaps(seen, state.pods, (k, a, b) => {
    if (b && (!a || a.metadata.uid !== b.metadata.uid || !b.metadata.uid)) fresh.push(k);
  });
  let pods = state.pods;
  let seq = state.seq;
  for (const k of fresh) {
    const p = pods.get(k) as Pod;
    const d = defaultPod(p, state.kubernetesVersion);
    for (const r of d.rules) trace.rule(r);
    const ns = p.metadata.namespace ?? "default";
    if (!p.metadata.uid) seq++;
    // { ...d.pod, metadata: { ...d.pod.metadata, namespace, uid, creationTimestamp }, status }, built
    // by copy loops (withFields) and with spec and containers copied the same way: every pod then has
    // the same few hidden classes, where spreads that add properties give each pod its own, which
    // makes every later property read on the kubelet's path megamorphic.
    const next: Pod = withFields(d.pod, {
      metadata: withFields(d.pod.metadata, {
        namespace: ns,
        uid: p.metadata.uid ?? `uid-${String(seq).padStart(6, "0")}`,
        creationTimestamp: p.metadata.creationTimestamp ?? timestamp(state.time),
      }),
      spec: canonicalSpec(d.pod.spec),
      status: p.status ?? { phase: "Pending" },
    });
    if (!p.status) trace.change(objectRefString(next), "status.phase", undefined, "Pending");
    pods = pods.set(k, next);
  }
  const next = fresh.length > 0 ? { ...state, pods, seq } : state;
  return { ...next, controllers: next.controllers.set(POD_DEFAULTING, next.pods) };
}

export const podDefaultingController: Controller = { name: POD_DEFAULTING, reconcile };
