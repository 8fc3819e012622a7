/**
 * `explain scheduling` as a pure function: every enabled Filter on every node (not only the first
 * failure), every PreFilter's answer, every Score on every feasible node (even when only one is
 * feasible, where kube-scheduler itself skips scoring), the argmax set and the seeded choice, and the
 * unschedulable message exactly as kube-scheduler writes it (from the same cycle the controller runs).
 * Output shape: ../shared/contracts/explain-scheduling.schema.json (fields only ever added).
 */
import type { KubeObject, Node, Pod } from "../model/k8s.js";
import { numFeasibleNodesToFind, prioritize, scheduleOne, selectHost } from "./cycle.js";
import { type Code, newCycleState, type Status } from "./framework.js";
import { TAINT_TOLERATION } from "./plugins/taint-toleration.js";
import { notModelledKey } from "./plugins/unmodelled.js";
import { podInfo } from "./pod-info.js";
import type { Profile } from "./profile.js";
import { firstUntoleratedTaint } from "./selectors.js";
import { buildSnapshot, type NodeInfo } from "./snapshot.js";

export interface ExplainFilter {
  plugin: string;
  code: Code;
  reasons: string[];
  /** The plugin cannot be decided by kubespec for this pod (volumes, DRA): it is shown as passing. */
  notModelled?: boolean;
  /** What upstream's reason leaves out (1.35+ no longer names the untolerated taint). */
  detail?: string;
}
export interface ExplainScore {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
  /** PreScore returned Skip: the plugin contributes nothing. */
  skipped?: boolean;
}
export interface ExplainNode {
  name: string;
  feasible: boolean;
  filters: ExplainFilter[];
  scores: ExplainScore[];
  total: number | null;
  /** Not in the node set a PreFilter narrowed to (its Filters are still shown). */
  excludedByPreFilter?: boolean;
}
export interface ExplainPreFilter {
  plugin: string;
  code: Code;
  reasons: string[];
  nodeNames: string[] | null;
}
export interface ExplainResult {
  pod: string;
  profile: string;
  kubernetesVersion: string;
  preFilter: ExplainPreFilter[];
  nodes: ExplainNode[];
  selected: string | null;
  argmax: string[];
  message: string | null;
  /** The node kube-scheduler's sampled search would examine at most (numFeasibleNodesToFind). */
  numFeasibleNodesToFind: number;
  preemption?: { wouldApply: boolean; candidates: { node: string; victims: string[] }[] };
  notModelled: string[];
  notes: string[];
}

export interface ExplainInput {
  readonly pod: Pod;
  readonly nodes: readonly Node[];
  /** Pods already in the cluster (only assigned, non-terminal ones count) and other objects. */
  readonly existing?: readonly Pod[];
  readonly objects?: readonly KubeObject[];
  readonly profile: Profile;
  readonly seed?: number;
}

function code(s: Status): Code {
  return s.code;
}

/** Explain how kube-scheduler would place one pod. */
export function explainScheduling(input: ExplainInput): ExplainResult {
  const { pod, profile } = input;
  const snapshot = buildSnapshot(input.nodes, input.existing ?? [], input.objects ?? []);
  const pi = podInfo(pod);
  const cs = newCycleState(pod, pi, snapshot);
  const notes: string[] = [];
  // Every PreFilter runs (no early stop) so that every Filter has its state.
  const preFilter: ExplainPreFilter[] = [];
  const skipped = new Set<string>();
  let narrowed: Set<string> | undefined;
  let rejected = false;
  for (const p of profile.preFilter) {
    const r = p.preFilter!(cs);
    preFilter.push({
      plugin: p.name,
      code: code(r.status),
      reasons: [...r.status.reasons],
      nodeNames: r.nodeNames ? [...r.nodeNames].sort() : null,
    });
    if (r.status.code === "Skip") skipped.add(p.name);
    else if (r.status.code !== "Success") rejected = true;
    if (r.nodeNames)
      narrowed = narrowed ? new Set([...narrowed].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
  }
  const ordered = input.nodes.map((n) => snapshot.byName.get(n.metadata.name ?? "")).filter((n): n is NodeInfo => !!n);
  const nodes: ExplainNode[] = [];
  const feasible: NodeInfo[] = [];
  for (const ni of ordered) {
    const filters: ExplainFilter[] = [];
    let ok = !rejected;
    for (const p of profile.filter) {
      if (!p.filter) continue;
      if (skipped.has(p.name)) {
        filters.push({ plugin: p.name, code: "Skip", reasons: [] });
        continue;
      }
      const s = p.filter(cs, ni);
      const f: ExplainFilter = { plugin: p.name, code: code(s), reasons: [...s.reasons] };
      if (cs.data.get(notModelledKey(p.name))) f.notModelled = true;
      if (p.name === TAINT_TOLERATION && s.code !== "Success") {
        const t = firstUntoleratedTaint(ni.node.spec?.taints, pod.spec.tolerations);
        if (t) f.detail = `untolerated taint {${t.key}: ${t.value ?? ""}} (effect ${t.effect})`;
      }
      filters.push(f);
      if (s.code !== "Success") ok = false;
    }
    const excluded = narrowed !== undefined && !narrowed.has(ni.name);
    if (excluded) ok = false;
    nodes.push({
      name: ni.name,
      feasible: ok,
      filters,
      scores: [],
      total: null,
      ...(excluded ? { excludedByPreFilter: true } : {}),
    });
    if (ok) feasible.push(ni);
  }
  let selected: string | null = null;
  let argmax: string[] = [];
  if (feasible.length > 0) {
    const { plugins, totals } = prioritize(profile, cs, feasible);
    feasible.forEach((ni, i) => {
      const n = nodes.find((x) => x.name === ni.name)!;
      n.scores = plugins.map((ps) => ({
        plugin: ps.plugin,
        raw: ps.raw[i]!,
        normalized: ps.normalized[i]!,
        weight: ps.weight,
        weighted: ps.normalized[i]! * ps.weight,
        ...(ps.skipped ? { skipped: true } : {}),
      }));
      n.total = totals[i]!;
    });
    const sel = selectHost(feasible, totals, (input.seed ?? 1) >>> 0);
    selected = sel.selected;
    argmax = sel.argmax;
    if (feasible.length === 1)
      notes.push("only one node is feasible: kube-scheduler binds it without scoring (scores shown for information)");
    if (argmax.length > 1)
      notes.push(
        `${argmax.length} nodes tie for the highest total: kube-scheduler picks one uniformly at random (here drawn from seed ${input.seed ?? 1})`,
      );
  }
  const toFind = numFeasibleNodesToFind(profile.percentageOfNodesToScore, snapshot.nodes.length);
  if (toFind < snapshot.nodes.length) {
    notes.push(
      `with ${snapshot.nodes.length} nodes kube-scheduler stops after ${toFind} feasible nodes (percentageOfNodesToScore ${profile.percentageOfNodesToScore || "adaptive"}), starting where the previous cycle stopped; explain scores every feasible node`,
    );
  }
  // The message and preemption come from the same cycle the controller runs.
  const cycle = scheduleOne(snapshot, pod, profile, { nextStartNodeIndex: 0, rng: (input.seed ?? 1) >>> 0 });
  let message: string | null = null;
  let preemption: ExplainResult["preemption"];
  if (cycle.kind === "unschedulable") {
    message = cycle.message;
    if (cycle.preemption) {
      const c = cycle.preemption.candidates.map((x) => ({ node: x.node, victims: [...x.victims] }));
      preemption = { wouldApply: c.length > 0, candidates: c };
      if (c.length > 0) {
        notes.push(
          `preemption would apply: evicting lower-priority pods would let the pod fit on ${c.map((x) => x.node).join(", ")}; kubespec does not model preemption yet, so the pod stays Pending`,
        );
      }
    }
  }
  if (profile.notModelled.length > 0) {
    const used = nodes.some((n) => n.filters.some((f) => f.notModelled));
    if (used)
      notes.push(
        `not modelled (kubespec has no PersistentVolumes or DRA objects): ${profile.notModelled.join(", ")} are shown as passing for this pod's volumes/claims`,
      );
  }
  return {
    pod: `${pi.namespace}/${pod.metadata.name ?? ""}`,
    profile: profile.schedulerName,
    kubernetesVersion: profile.kubernetesVersion,
    preFilter,
    nodes,
    selected,
    argmax,
    message,
    numFeasibleNodesToFind: toFind,
    ...(preemption ? { preemption } : {}),
    notModelled: [...profile.notModelled],
    notes,
  };
}
