/** Plugin name → factory: every plugin kubespec models (one file each under plugins/). */
import type { PluginFactory } from "./framework.js";
import { imageLocality } from "./plugins/image-locality.js";
import { interPodAffinity } from "./plugins/inter-pod-affinity.js";
import { nodeAffinity } from "./plugins/node-affinity.js";
import { nodeName } from "./plugins/node-name.js";
import { nodePorts } from "./plugins/node-ports.js";
import { nodeResourcesBalancedAllocation } from "./plugins/node-resources-balanced-allocation.js";
import { nodeResourcesFit } from "./plugins/node-resources-fit.js";
import { nodeUnschedulable } from "./plugins/node-unschedulable.js";
import { podTopologySpread } from "./plugins/pod-topology-spread.js";
import { taintToleration } from "./plugins/taint-toleration.js";

export const PLUGIN_FACTORIES: ReadonlyMap<string, PluginFactory> = new Map(
  [
    nodeUnschedulable,
    nodeName,
    taintToleration,
    nodeAffinity,
    nodePorts,
    nodeResourcesFit,
    podTopologySpread,
    interPodAffinity,
    nodeResourcesBalancedAllocation,
    imageLocality,
  ].map((f) => [f.name, f]),
);

/** Plugins handled by the cycle itself rather than as filter/score plugins. */
export const FRAMEWORK_PLUGINS = new Set(["SchedulingGates", "PrioritySort", "DefaultPreemption", "DefaultBinder"]);

/** The args type name of each configurable plugin (pluginConfig[].args.kind). */
export const ARGS_KIND: Readonly<Record<string, string>> = {
  NodeResourcesFit: "NodeResourcesFitArgs",
  NodeResourcesBalancedAllocation: "NodeResourcesBalancedAllocationArgs",
  NodeAffinity: "NodeAffinityArgs",
  InterPodAffinity: "InterPodAffinityArgs",
  PodTopologySpread: "PodTopologySpreadArgs",
  DefaultPreemption: "DefaultPreemptionArgs",
  VolumeBinding: "VolumeBindingArgs",
};
