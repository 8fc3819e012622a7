/**
 * ImagePullFailed: pulls of a container's image fail (`times` pulls, default: every pull). The kubelet
 * only pulls when it starts the container and the pull policy asks for it (Always, or IfNotPresent
 * with the image absent), so to fail a pod's first start put the event at 0s.
 */
import { kubeletState, markDirty, withKubeletState } from "../kubelet/controller.js";
import { emptyMap } from "../model/pmap.js";
import type { EngineEvent, EventHandler } from "../model/state.js";
import { intField, podKey, requireStrings, unknownFields } from "./common.js";

export const imagePullFailedHandler: EventHandler = {
  type: "ImagePullFailed",
  validate(event) {
    return [
      ...requireStrings(event, ["pod", "container"]),
      ...intField(event, "times", 1, 1_000_000),
      ...unknownFields(event, ["pod", "namespace", "container", "times"]),
    ];
  },
  apply(state, event, trace) {
    const key = podKey(event);
    const ks = kubeletState(state);
    const name = String(event.container);
    const times = (event.times as number | undefined) ?? -1;
    trace.rule("scenario/image-pull-failed");
    const rt = ks.runtimes.get(key);
    if (rt) {
      const next = { ...rt, pullFailures: { ...rt.pullFailures, [name]: times } };
      return markDirty(withKubeletState(state, { ...ks, runtimes: ks.runtimes.set(key, next) }), [key]);
    }
    // Not admitted yet: remember it until the kubelet creates the pod's runtime record.
    const pending =
      (state.controllers.get("kubelet/pull-failures") as ReturnType<typeof emptyMap<number>> | undefined) ??
      emptyMap<number>();
    return {
      ...state,
      controllers: state.controllers.set("kubelet/pull-failures", pending.set(`${key}/${name}`, times)),
    };
  },
  enabled(state) {
    const out: EngineEvent[] = [];
    const ks = kubeletState(state);
    for (const [key, rt] of ks.runtimes.entries()) {
      if (rt.terminated) continue;
      const pod = state.pods.get(key);
      if (!pod) continue;
      for (const c of pod.spec.containers)
        if ((rt.pullFailures[c.name] ?? 0) === 0 && rt.containers[c.name]?.[0]?.state !== "running")
          out.push({ type: "ImagePullFailed", at: state.time, pod: key, container: c.name, times: 2 });
    }
    return out;
  },
};
