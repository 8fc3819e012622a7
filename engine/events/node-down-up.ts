/**
 * NodeDown / NodeUp: the node's kubelet stops / resumes talking to the API server (a partition or a
 * crash). While it is down nothing on the node changes its API status; the node lifecycle
 * controller notices after node-monitor-grace-period. NodeUp with `reboot: true` means the machine
 * restarted: every container exited and the pod sandboxes are gone, so init containers run again.
 */

import { graceTimerFor, kubeletPostsReady, NODE_LIFECYCLE } from "../controllers/nodelifecycle.js";
import { kubeletState, markDirty, withKubeletState } from "../kubelet/controller.js";
import { stopContainer } from "../kubelet/start.js";
import { objectRefString } from "../model/k8s.js";
import type { ClusterState, EngineEvent, EventHandler } from "../model/state.js";
import { requireStrings, unknownFields } from "./common.js";

function podsOn(state: ClusterState, node: string): string[] {
  const out: string[] = [];
  for (const [k, p] of state.pods.entries()) if (p.spec.nodeName === node) out.push(k);
  return out;
}

export const nodeDownHandler: EventHandler = {
  type: "NodeDown",
  validate(event) {
    return [...requireStrings(event, ["node"]), ...unknownFields(event, ["node"])];
  },
  apply(state, event, trace) {
    const name = String(event.node);
    const node = state.nodes.get(name);
    const ks = kubeletState(state);
    if (!node || ks.down[name] !== undefined) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    trace.rule("node-lifecycle/kubelet-stops-posting");
    trace.change(objectRefString(node), "kubelet", "reachable", "unreachable");
    state = withKubeletState(state, { ...ks, down: { ...ks.down, [name]: state.time } });
    return graceTimerFor(state, name);
  },
  enabled(state) {
    const ks = kubeletState(state);
    return [...state.nodes.keys()]
      .filter((n) => ks.down[n] === undefined)
      .map((node) => ({ type: "NodeDown", at: state.time, node }));
  },
};

export const nodeUpHandler: EventHandler = {
  type: "NodeUp",
  validate(event) {
    const p = [...requireStrings(event, ["node"]), ...unknownFields(event, ["node", "reboot"])];
    if (event.reboot !== undefined && typeof event.reboot !== "boolean")
      p.push({ field: "reboot", message: '"reboot" must be true or false' });
    return p;
  },
  apply(state, event, trace) {
    const name = String(event.node);
    let ks = kubeletState(state);
    const node = state.nodes.get(name);
    if (!node || ks.down[name] === undefined) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const down = { ...ks.down };
    delete down[name];
    trace.change(objectRefString(node), "kubelet", "unreachable", "reachable");
    let runtimes = ks.runtimes;
    const keys = podsOn(state, name);
    if (event.reboot === true) {
      trace.rule("node-lifecycle/node-rebooted");
      for (const k of keys) {
        const rt = runtimes.get(k);
        if (!rt || rt.terminated) continue;
        let next = rt;
        for (const c of Object.keys(rt.containers)) next = stopContainer(next, c, state.time, 255, "Unknown");
        runtimes = runtimes.set(k, { ...next, sandboxReady: false });
      }
    }
    ks = { ...ks, down, runtimes };
    state = kubeletPostsReady(withKubeletState(state, ks), name, trace);
    void NODE_LIFECYCLE;
    return markDirty(state, keys);
  },
  enabled(state) {
    const ks = kubeletState(state);
    return Object.keys(ks.down)
      .sort()
      .flatMap((node): EngineEvent[] => [
        { type: "NodeUp", at: state.time, node },
        { type: "NodeUp", at: state.time, node, reboot: true },
      ]);
  },
};
