/**
 * NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go):
 * 1 − std of requested/allocatable fractions over actual requests; best-effort pods are skipped
 * (PreScore → Skip, kubernetes#129138). No NormalizeScore.
 */
import { type Plugin, type PluginFactory, SKIP, SUCCESS } from "../framework.js";
import { DEFAULT_RESOURCES } from "./node-resources-fit.js";
import { allocationScore, balancedResourceScorer, podRequestList, type ResourceSpec } from "./resource-scorers.js";

export const NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

/** NodeResourcesBalancedAllocationArgs. */
export interface BalancedAllocationArgs {
  readonly resources?: readonly ResourceSpec[];
  /** kubespec: whether this version skips best-effort pods (1.33+); not a real args field. */
  readonly skipBestEffort?: boolean;
}

const KEY = "PreScoreNodeResourcesBalancedAllocation";

export const nodeResourcesBalancedAllocation: PluginFactory = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,
  create(raw): Plugin {
    const resources = (raw as BalancedAllocationArgs).resources ?? DEFAULT_RESOURCES;
    const skipBestEffort = (raw as BalancedAllocationArgs).skipBestEffort !== false;
    return {
      name: NODE_RESOURCES_BALANCED_ALLOCATION,
      preScore(cs) {
        const req = podRequestList(cs.podInfo.resources.requests, resources);
        if (skipBestEffort && req.every((r) => r === 0)) return SKIP;
        cs.data.set(KEY, req);
        return SUCCESS;
      },
      score(cs, ni) {
        let req = cs.data.get(KEY) as number[] | undefined;
        req ??= podRequestList(cs.podInfo.resources.requests, resources);
        return allocationScore(ni, resources, req, true, balancedResourceScorer);
      },
    };
  },
};
