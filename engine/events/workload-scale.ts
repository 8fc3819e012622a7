/**
 * Scale{kind, name, namespace?, replicas}: a client sets spec.replicas (kubectl scale, an
 * autoscaler) of a Deployment, ReplicaSet, ReplicationController or StatefulSet.
 */
import type { ClusterState, EngineEvent, EventHandler } from "../model/state.js";
import { intField, requireStrings, unknownFields } from "./common.js";
import { kindField, targetOf, withNewSpec } from "./workload-common.js";

const SCALABLE = ["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"] as const;

export const scaleHandler: EventHandler = {
  type: "Scale",
  validate(event) {
    return [
      ...kindField(event, SCALABLE),
      ...requireStrings(event, ["name"]),
      ...intField(event, "replicas", 0, 100_000, true),
      ...unknownFields(event, ["kind", "name", "namespace", "replicas"]),
    ];
  },
  apply(state, event, trace) {
    const t = targetOf(state, event);
    if (!t) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const spec = (t.obj.spec ?? {}) as Record<string, unknown>;
    const replicas = event.replicas as number;
    trace.rule("workload-events/scale");
    trace.change(t.key, "spec.replicas", spec.replicas ?? 1, replicas);
    return { ...state, objects: state.objects.set(t.key, withNewSpec(t.obj, { ...spec, replicas })) };
  },
  enabled(state: ClusterState) {
    const out: EngineEvent[] = [];
    for (const [key, o] of state.objects.entries()) {
      if (!(SCALABLE as readonly string[]).includes(o.kind)) continue;
      if (o.metadata.ownerReferences?.some((r) => r.controller)) continue;
      const r = ((o.spec ?? {}) as { replicas?: number }).replicas ?? 1;
      const ns = o.metadata.namespace ?? "default";
      for (const n of [r - 1, r + 1]) {
        if (n < 0 || n > 6) continue;
        out.push({
          type: "Scale",
          at: state.time,
          kind: o.kind,
          name: o.metadata.name ?? key,
          namespace: ns,
          replicas: n,
        });
      }
    }
    return out;
  },
};
