/**
 * NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go):
 * 1 − std of requested/allocatable fractions over actual requests; best-effort pods are skipped
 * (PreScore → Skip, kubernetes#129138). No NormalizeScore.
 */
import { type Plugin, type PluginFactory, SKIP, SUCCESS } from "../framework.js";
import { DEFAULT_RESOURCES } from "./node-resources-fit.js";
import {
  allocationScore,
  balancedResourceScorer,
  cpuMemoryScorer,
  cpuMemoryTableScorer,
  podRequestList,
  type ResourceSpec,
} from "./resource-scorers.js";

export const NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

/** NodeResourcesBalancedAllocationArgs. */
export interface BalancedAllocationArgs {
  readonly resources?: readonly ResourceSpec[];
  /** kubespec: whether this version skips best-effort pods (1.33+); not a real args field. */
  readonly skipBestEffort?: boolean;
}

export const nodeResourcesBalancedAllocation: PluginFactory = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,
  create(raw): Plugin {
    const resources = (raw as BalancedAllocationArgs).resources ?? DEFAULT_RESOURCES;
    const skipBestEffort = (raw as BalancedAllocationArgs).skipBestEffort !== false;
    // PreScore state of the current cycle, kept in the closure (cheaper than a CycleState lookup per node).
    let lastCs: object | undefined;
    let lastReq: number[] = [];
    const fast = cpuMemoryScorer(resources, "Balanced");
    const fastBatch = cpuMemoryTableScorer(resources, "Balanced");
    return {
      name: NODE_RESOURCES_BALANCED_ALLOCATION,
      preScore(cs) {
        const req = podRequestList(cs.podInfo.resources.requests, resources);
        if (skipBestEffort && req.every((r) => r === 0)) return SKIP;
        lastCs = cs;
        lastReq = req;
        return SUCCESS;
      },
      score(cs, ni) {
        if (lastCs !== cs) {
          lastCs = cs;
          lastReq = podRequestList(cs.podInfo.resources.requests, resources);
        }
        return fast ? fast(ni, lastReq, true) : allocationScore(ni, resources, lastReq, true, balancedResourceScorer);
      },
      scoreNodes(cs, nodes, out) {
        if (lastCs !== cs) {
          lastCs = cs;
          lastReq = podRequestList(cs.podInfo.resources.requests, resources);
        }
        if (fastBatch) fastBatch(cs.snapshot.table, nodes, lastReq, true, out);
        else
          for (let i = 0; i < nodes.length; i++)
            out[i] = allocationScore(nodes[i]!, resources, lastReq, true, balancedResourceScorer);
      },
    };
  },
};
