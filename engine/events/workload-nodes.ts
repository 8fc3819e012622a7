/**
 * NodeAdded{node, labels?, taints?, allocatable?}: a node joins (Ready). NodeRemoved{node}: the Node
 * object is deleted (a scale-down, `kubectl delete node`); its pods are left to the pod garbage
 * collector, which deletes pods bound to nodes that no longer exist — only then does a StatefulSet
 * recreate them.
 */
import type { Node, Taint } from "../model/k8s.js";
import type { ClusterState, EngineEvent, EventHandler } from "../model/state.js";
import { requireStrings, unknownFields } from "./common.js";

function mapOfStrings(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === "string" || typeof x === "number")
  );
}

export const nodeAddedHandler: EventHandler = {
  type: "NodeAdded",
  validate(event) {
    const out = [
      ...requireStrings(event, ["node"]),
      ...unknownFields(event, ["node", "labels", "taints", "allocatable"]),
    ];
    if (event.labels !== undefined && !mapOfStrings(event.labels))
      out.push({ field: "labels", message: '"labels" must map label keys to strings' });
    if (event.allocatable !== undefined && !mapOfStrings(event.allocatable))
      out.push({ field: "allocatable", message: '"allocatable" must map resource names to quantities' });
    if (
      event.taints !== undefined &&
      (!Array.isArray(event.taints) ||
        !event.taints.every(
          (t) =>
            t &&
            typeof t === "object" &&
            typeof (t as Taint).key === "string" &&
            ["NoSchedule", "PreferNoSchedule", "NoExecute"].includes((t as Taint).effect),
        ))
    )
      out.push({
        field: "taints",
        message: '"taints" must be a list of {key, value?, effect: NoSchedule|PreferNoSchedule|NoExecute}',
      });
    return out;
  },
  apply(state, event, trace) {
    const name = String(event.node);
    if (state.nodes.has(name)) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const node: Node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        labels: { "kubernetes.io/hostname": name, ...((event.labels as Record<string, string>) ?? {}) },
      },
      spec: { ...(event.taints ? { taints: event.taints as Taint[] } : {}) },
      status: {
        allocatable: (event.allocatable as Record<string, string>) ?? { cpu: "4", memory: "16Gi", pods: "110" },
        capacity: (event.allocatable as Record<string, string>) ?? { cpu: "4", memory: "16Gi", pods: "110" },
        conditions: [{ type: "Ready", status: "True" }],
      },
    };
    trace.rule("workload-events/node-added");
    trace.change(`Node/${name}`, "created", undefined, undefined);
    return { ...state, nodes: state.nodes.set(name, node) };
  },
  enabled(state: ClusterState) {
    const name = `added-${state.nodes.size + 1}`;
    return state.nodes.has(name) ? [] : [{ type: "NodeAdded", at: state.time, node: name }];
  },
};

export const nodeRemovedHandler: EventHandler = {
  type: "NodeRemoved",
  validate(event) {
    return [...requireStrings(event, ["node"]), ...unknownFields(event, ["node"])];
  },
  apply(state, event, trace) {
    const name = String(event.node);
    if (!state.nodes.has(name)) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    trace.rule("workload-events/node-removed");
    trace.change(`Node/${name}`, "deleted", undefined, undefined);
    return { ...state, nodes: state.nodes.delete(name) };
  },
  enabled(state: ClusterState) {
    const out: EngineEvent[] = [];
    if (state.nodes.size > 1)
      for (const n of state.nodes.keys()) out.push({ type: "NodeRemoved", at: state.time, node: n });
    return out;
  },
};
