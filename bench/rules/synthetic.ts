/**
 * The synthetic workload of issue 2's benchmark: 20 rules with 3-5 conditions each over pod-shaped
 * facts (standard operators, paths, quantities, label selectors, tolerations), seeded.
 */
import type { Condition, RuleSet } from "../../engine/rules/types.js";
import { prng } from "./facts.js";

const LEAVES: readonly Condition[] = [
  { fact: "pod", path: "$.spec.restartPolicy", operator: "equal", value: "Always" },
  { fact: "pod", path: "$.spec.restartPolicy", operator: "in", value: ["OnFailure", "Never"] },
  { fact: "pod", path: "$.status.phase", operator: "notEqual", value: "Running" },
  { fact: "pod", path: "$.status.containerStatuses[0].restartCount", operator: "greaterThan", value: 3 },
  { fact: "pod", path: "$.status.containerStatuses[0].restartCount", operator: "lessThanInclusive", value: 1 },
  { fact: "pod", path: "$.spec.containers[0].resources.requests.cpu", operator: "quantityGreaterThan", value: "500m" },
  { fact: "pod", path: "$.spec.containers[0].resources.limits.memory", operator: "quantityLessThan", value: "1Gi" },
  { fact: "pod", path: "$.metadata.labels", operator: "labelSelectorMatches", value: { matchLabels: { app: "web" } } },
  {
    fact: "pod",
    path: "$.spec.tolerations",
    operator: "toleratesTaint",
    value: { key: "dedicated", value: "infra", effect: "NoSchedule" },
  },
  { fact: "pod", path: "$.spec.containers[0].image", operator: "matchesRegex", value: ":latest$" },
  { fact: "pod", path: "$.spec.hostNetwork", operator: "equal", value: true },
  { fact: "pod", path: "$.spec.nodeName", operator: "exists", value: true },
  { fact: "pod", path: "$.metadata.finalizers", operator: "notEmpty", value: true },
  { fact: "namespace", operator: "equal", value: "kube-system" },
  { fact: "node", path: "$.spec.unschedulable", operator: "equal", value: true },
  { fact: "node", path: "$.status.allocatable.pods", operator: "greaterThanInclusive", value: 110 },
];

export function syntheticRuleSet(seed = 42): RuleSet {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const rules = Array.from({ length: 20 }, (_, i) => {
    const n = 3 + Math.floor(rand() * 3);
    const leaves = Array.from({ length: n }, () => pick(LEAVES));
    const conditions: Condition =
      rand() < 0.5 ? { all: leaves } : { any: [{ all: leaves.slice(0, 2) }, { not: leaves[2]! }, ...leaves.slice(3)] };
    return {
      id: `synthetic/rule-${String(i).padStart(2, "0")}`,
      priority: 1 + Math.floor(rand() * 4),
      conditions: conditions as RuleSet["spec"]["rules"][number]["conditions"],
      event: { type: "finding", params: { n: i } },
      messages: { finding: "synthetic rule {{n}} fired" },
    };
  });
  return {
    apiVersion: "kubespec.io/v1alpha1",
    kind: "RuleSet",
    metadata: { name: "synthetic" },
    spec: { upstream: "kubespec bench/rules synthetic", rules },
  };
}
