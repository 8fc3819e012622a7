/**
 * DeletePod: a client deletes a pod (kubectl delete pod). The API server sets deletionTimestamp
 * (now + grace period) and deletionGracePeriodSeconds; a pod not bound to a node, or deleted with
 * grace period 0, is removed at once (pkg/registry/core/pod/strategy.go CheckGracefulDelete).
 */
import { markDirty } from "../kubelet/controller.js";
import { decide } from "../kubelet/ruleset.js";
import { objectRefString } from "../model/k8s.js";
import type { EngineEvent, EventHandler } from "../model/state.js";
import { timestamp } from "../scenario/duration.js";
import { intField, podKey, requireStrings, unknownFields } from "./common.js";

export const deletePodHandler: EventHandler = {
  type: "DeletePod",
  validate(event) {
    return [
      ...requireStrings(event, ["pod"]),
      ...intField(event, "gracePeriodSeconds", 0, 1_000_000_000),
      ...unknownFields(event, ["pod", "namespace", "gracePeriodSeconds"]),
    ];
  },
  apply(state, event, trace) {
    const key = podKey(event);
    const pod = state.pods.get(key);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const ref = objectRefString(pod);
    const grace = (event.gracePeriodSeconds as number | undefined) ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    const f = decide("termination", state.kubernetesVersion, {
      step: "delete",
      bound: pod.spec.nodeName !== undefined,
      terminal: pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed",
      gracePeriodSeconds: grace,
    });
    trace.rule(f.ruleId);
    if (f.params.action === "remove") {
      trace.change(ref, "deleted", undefined, undefined);
      return { ...state, pods: state.pods.delete(key) };
    }
    const deletionTimestamp = timestamp(state.time + grace * 1000);
    trace.change(ref, "metadata.deletionTimestamp", undefined, deletionTimestamp);
    const next = { ...pod, metadata: { ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace } };
    return markDirty({ ...state, pods: state.pods.set(key, next) }, [key]);
  },
  enabled(state) {
    const out: EngineEvent[] = [];
    for (const [key, pod] of state.pods.entries())
      if (pod.metadata.deletionTimestamp === undefined) out.push({ type: "DeletePod", at: state.time, pod: key });
    return out;
  },
};
