/**
 * DeleteObject{kind, name, namespace?}: a client deletes an object (kubectl delete deployment web).
 * Its dependents go by background cascading deletion (the garbage collector): a Deployment's
 * ReplicaSets and pods, a StatefulSet's pods (and the claims its retention policy gives it).
 */
import type { ClusterState, EngineEvent, EventHandler } from "../model/state.js";
import { requireStrings, unknownFields } from "./common.js";
import { targetOf, WORKLOAD_KINDS } from "./workload-common.js";

export const deleteObjectHandler: EventHandler = {
  type: "DeleteObject",
  validate(event) {
    const kindOk = typeof event.kind === "string" && event.kind !== "" && event.kind !== "Pod" && event.kind !== "Node";
    return [
      ...(kindOk
        ? []
        : [{ field: "kind", message: 'DeleteObject needs "kind" (use DeletePod for pods and NodeRemoved for nodes)' }]),
      ...requireStrings(event, ["name"]),
      ...unknownFields(event, ["kind", "name", "namespace"]),
    ];
  },
  apply(state, event, trace) {
    const t = targetOf(state, event);
    if (!t) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    trace.rule("workload-events/delete-object");
    trace.change(t.key, "deleted", undefined, undefined);
    return { ...state, objects: state.objects.delete(t.key) };
  },
  enabled(state: ClusterState) {
    const out: EngineEvent[] = [];
    for (const o of state.objects.values()) {
      if (!(WORKLOAD_KINDS as readonly string[]).includes(o.kind) || o.metadata.ownerReferences?.length) continue;
      out.push({
        type: "DeleteObject",
        at: state.time,
        kind: o.kind,
        name: o.metadata.name ?? "",
        namespace: o.metadata.namespace ?? "default",
      });
    }
    return out;
  },
};
