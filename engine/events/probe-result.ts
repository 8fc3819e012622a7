/** ProbeResult: a probe of a running container reports Success or Failure (probes pass otherwise). */
import { kubeletState, withRuntimeDirty } from "../kubelet/controller.js";
import { withEntry } from "../kubelet/records.js";
import { decide } from "../kubelet/ruleset.js";
import type { Container, Pod } from "../model/k8s.js";
import { objectRefString } from "../model/k8s.js";
import type { EngineEvent, EventHandler } from "../model/state.js";
import { oneOfField, podKey, requireStrings, unknownFields } from "./common.js";

const PROBES = ["readiness", "liveness", "startup"] as const;

function probeOf(c: Container, probe: string) {
  return probe === "readiness" ? c.readinessProbe : probe === "liveness" ? c.livenessProbe : c.startupProbe;
}

function containerOf(pod: Pod, name: string): Container | undefined {
  for (const c of pod.spec.initContainers ?? []) if (c.name === name) return c;
  for (const c of pod.spec.containers) if (c.name === name) return c;
  return undefined;
}

export const probeResultHandler: EventHandler = {
  type: "ProbeResult",
  validate(event) {
    return [
      ...requireStrings(event, ["pod", "container"]),
      ...oneOfField(event, "probe", PROBES, true),
      ...oneOfField(event, "result", ["Success", "Failure"], true),
      ...unknownFields(event, ["pod", "namespace", "container", "probe", "result"]),
    ];
  },
  apply(state, event, trace) {
    const key = podKey(event);
    const ks = kubeletState(state);
    const rt = ks.runtimes.get(key);
    const pod = state.pods.get(key);
    const name = String(event.container);
    const c = pod ? containerOf(pod, name) : undefined;
    const probe = String(event.probe) as (typeof PROBES)[number];
    if (!rt || !pod || !c || !probeOf(c, probe) || rt.containers[name]?.[0]?.state !== "running") {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const result = event.result as "Success" | "Failure";
    if (rt.probes[name]?.[probe] === result) return state;
    // The decision only names the rule: not evaluated when nothing records it.
    if (trace.enabled)
      trace.rule(decide("kubelet-probes", state.kubernetesVersion, { step: "result", probe, result }).ruleId);
    if (trace.enabled) trace.change(objectRefString(pod), `probe.${name}.${probe}`, rt.probes[name]?.[probe], result);
    const next = { ...rt, probes: withEntry(rt.probes, name, withEntry(rt.probes[name] ?? {}, probe, result)) };
    return withRuntimeDirty(state, ks, key, next);
  },
  enabled(state) {
    const out: EngineEvent[] = [];
    const ks = kubeletState(state);
    for (const [key, rt] of ks.runtimes.entries()) {
      if (rt.terminated || ks.down[rt.node] !== undefined) continue;
      const pod = state.pods.get(key);
      if (!pod) continue;
      for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
        if (rt.containers[c.name]?.[0]?.state !== "running") continue;
        for (const probe of PROBES) {
          if (!probeOf(c, probe)) continue;
          const cur = rt.probes[c.name]?.[probe];
          out.push({
            type: "ProbeResult",
            at: state.time,
            pod: key,
            container: c.name,
            probe,
            result: cur === "Failure" ? "Success" : "Failure",
          });
        }
      }
    }
    return out;
  },
};
