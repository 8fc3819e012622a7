/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go): the fitsRequest filter
 * (pods count, cpu, memory, ephemeral-storage, scalar resources; ignoredResources and
 * ignoredResourceGroups for extended resources) and the scoring strategy (LeastAllocated default,
 * MostAllocated, RequestedToCapacityRatio) over non-zero requests.
 */
import { newStatus, type Plugin, type PluginFactory, type Status, SUCCESS } from "../framework.js";
import { isExtendedResourceName, type Resources } from "../resources.js";
import type { NodeInfo } from "../snapshot.js";
import {
  allocationScore,
  cpuMemoryScorer,
  cpuMemoryTableScorer,
  leastAllocatedScorer,
  mostAllocatedScorer,
  podRequestList,
  type ResourceSpec,
  requestedToCapacityRatioScorer,
  type Scorer,
  type ShapePoint,
} from "./resource-scorers.js";

export const NODE_RESOURCES_FIT = "NodeResourcesFit";
export const REASON_TOO_MANY_PODS = "Too many pods";

/** The Filter reason for one resource: `Insufficient <name>`. */
export function insufficientReason(name: string): string {
  return `Insufficient ${name}`;
}

/** NodeResourcesFitArgs (defaults: pkg/scheduler/apis/config/v1/defaults.go). */
export interface NodeResourcesFitArgs {
  readonly ignoredResources?: readonly string[];
  readonly ignoredResourceGroups?: readonly string[];
  readonly scoringStrategy?: {
    readonly type?: "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";
    readonly resources?: readonly ResourceSpec[];
    readonly requestedToCapacityRatio?: { readonly shape?: readonly ShapePoint[] };
  };
}

/** kubespec: whether this version marks a request above allocatable as unresolvable (1.34+, kubernetes#131345). */
export interface NodeResourcesFitVersionArgs {
  readonly unresolvableOverAllocatable?: boolean;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

const REASON_CACHE = new Map<string, Status>();
function failStatus(reasons: string[], unresolvable: boolean): Status {
  const k = `${unresolvable}\n${reasons.join("\n")}`;
  let s = REASON_CACHE.get(k);
  if (!s) {
    s = newStatus(unresolvable ? "UnschedulableAndUnresolvable" : "Unschedulable", ...reasons);
    REASON_CACHE.set(k, s);
  }
  return s;
}

export const nodeResourcesFit: PluginFactory = {
  name: NODE_RESOURCES_FIT,
  create(raw): Plugin {
    const args = raw as NodeResourcesFitArgs & NodeResourcesFitVersionArgs;
    const markUnresolvable = args.unresolvableOverAllocatable === true;
    const ignored = new Set(args.ignoredResources ?? []);
    const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    const strategy = args.scoringStrategy ?? {};
    const resources = strategy.resources ?? DEFAULT_RESOURCES;
    let scorer: Scorer;
    const type = strategy.type ?? "LeastAllocated";
    const fast = type === "RequestedToCapacityRatio" ? undefined : cpuMemoryScorer(resources, type);
    const fastBatch = type === "RequestedToCapacityRatio" ? undefined : cpuMemoryTableScorer(resources, type);
    switch (type) {
      case "MostAllocated":
        scorer = mostAllocatedScorer(resources);
        break;
      case "RequestedToCapacityRatio":
        scorer = requestedToCapacityRatioScorer(resources, strategy.requestedToCapacityRatio?.shape ?? []);
        break;
      default:
        scorer = leastAllocatedScorer(resources);
    }
    let lastCs: object | undefined;
    let lastReq: number[] = [];
    const isIgnored = (name: string) =>
      isExtendedResourceName(name) && (ignored.has(name) || ignoredGroups.has(name.split("/")[0]!));
    /** fitsRequest: every insufficient resource, in upstream's order. */
    const fitsRequest = (req: Resources, ni: NodeInfo): Status => {
      const a = ni.allocatable;
      const used = ni.requested;
      const tooMany = ni.pods.size + 1 > a.pods;
      const cpu = req.cpu > 0 && req.cpu > a.cpu - used.cpu;
      const mem = req.memory > 0 && req.memory > a.memory - used.memory;
      const eph = req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage;
      if (!tooMany && !cpu && !mem && !eph && !req.scalar) return SUCCESS;
      const reasons: string[] = [];
      // 1.34+: a request larger than the node's whole allocatable cannot be fixed by preemption.
      let unresolvable = false;
      if (tooMany) reasons.push(REASON_TOO_MANY_PODS);
      if (cpu) {
        reasons.push("Insufficient cpu");
        unresolvable ||= req.cpu > a.cpu;
      }
      if (mem) {
        reasons.push("Insufficient memory");
        unresolvable ||= req.memory > a.memory;
      }
      if (eph) {
        reasons.push("Insufficient ephemeral-storage");
        unresolvable ||= req.ephemeralStorage > a.ephemeralStorage;
      }
      if (req.scalar) {
        // Go iterates a map here (random order); kubespec sorts by name for determinism.
        for (const name of [...req.scalar.keys()].sort()) {
          const q = req.scalar.get(name)!;
          if (q === 0 || isIgnored(name)) continue;
          const alloc = a.scalar?.get(name) ?? 0;
          if (q > alloc - (used.scalar?.get(name) ?? 0)) {
            reasons.push(insufficientReason(name));
            unresolvable ||= q > alloc;
          }
        }
      }
      return reasons.length > 0 ? failStatus(reasons, markUnresolvable && unresolvable) : SUCCESS;
    };
    // This cycle's pod requests, read once per cycle rather than once per node.
    let filterCs: object | undefined;
    let podCpu = 0;
    let podMemory = 0;
    let podEphemeral = 0;
    let podScalar = false;
    return {
      name: NODE_RESOURCES_FIT,
      preFilter: () => ({ status: SUCCESS }),
      filter(cs, ni) {
        if (filterCs !== cs) {
          filterCs = cs;
          const req = cs.podInfo.resources.requests;
          podCpu = req.cpu;
          podMemory = req.memory;
          podEphemeral = req.ephemeralStorage;
          podScalar = req.scalar !== undefined;
        }
        // fitsRequest's common case from the node table (the same numbers as ni.allocatable/requested).
        const t = cs.snapshot.table;
        const k = ni.index;
        if (
          !podScalar &&
          !(t.numPods[k]! + 1 > t.allowedPods[k]!) &&
          !(podCpu > 0 && podCpu > t.allocCpu[k]! - t.reqCpu[k]!) &&
          !(podMemory > 0 && podMemory > t.allocMemory[k]! - t.reqMemory[k]!) &&
          !(podEphemeral > 0 && podEphemeral > t.allocEphemeral[k]! - t.reqEphemeral[k]!)
        )
          return SUCCESS;
        return fitsRequest(cs.podInfo.resources.requests, ni);
      },
      preScore(cs) {
        lastCs = cs;
        lastReq = podRequestList(cs.podInfo.resources.nonZero, resources);
        return SUCCESS;
      },
      score(cs, ni) {
        // The PreScore state of the current cycle (recomputed when Score runs without PreScore).
        if (lastCs !== cs) {
          lastCs = cs;
          lastReq = podRequestList(cs.podInfo.resources.nonZero, resources);
        }
        return fast ? fast(ni, lastReq, false) : allocationScore(ni, resources, lastReq, false, scorer);
      },
      scoreNodes(cs, nodes, out) {
        if (lastCs !== cs) {
          lastCs = cs;
          lastReq = podRequestList(cs.podInfo.resources.nonZero, resources);
        }
        if (fastBatch) fastBatch(cs.snapshot.table, nodes, lastReq, false, out);
        else
          for (let i = 0; i < nodes.length; i++) out[i] = allocationScore(nodes[i]!, resources, lastReq, false, scorer);
      },
    };
  },
};
