import { describe, expect, test } from "vitest";
import { parseStream } from "../io/yaml.js";
import { DiagnosticError } from "../model/diagnostic.js";
import { schedulerConfigFromDocument } from "./config.js";

function load(text: string) {
  const { documents } = parseStream(text, "ksc.yaml");
  return schedulerConfigFromDocument(documents[0]!, "1.36");
}

function problems(text: string) {
  try {
    load(text);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    throw e;
  }
  return [];
}

const HEAD = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

describe("KubeSchedulerConfiguration", () => {
  test("builds one profile per schedulerName with its plugins, weights and args", () => {
    const cfg = load(`${HEAD}percentageOfNodesToScore: 40
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  plugins:
    score:
      enabled: [{name: NodeResourcesFit, weight: 5}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      ignoredResources: [example.com/foo]
      scoringStrategy: {type: MostAllocated}
  - name: InterPodAffinity
    args: {hardPodAffinityWeight: 10}
  - name: NodeAffinity
    args:
      addedAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [batch]}]}]
`);
    expect(cfg.profiles.map((p) => p.schedulerName)).toEqual(["default-scheduler", "bin-packer"]);
    expect(cfg.percentageOfNodesToScore).toBe(40);
    const bp = cfg.profiles[1]!;
    expect(bp.percentageOfNodesToScore).toBe(40);
    expect(bp.score[0]).toMatchObject({ weight: 5 });
    expect(bp.args.NodeResourcesFit).toMatchObject({
      ignoredResources: ["example.com/foo"],
      scoringStrategy: { type: "MostAllocated" },
    });
    expect(bp.args.InterPodAffinity).toMatchObject({ hardPodAffinityWeight: 10 });
  });

  test("reports every problem with its line and column", () => {
    expect(
      problems(`apiVersion: kubescheduler.config.k8s.io/v1beta3
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 120
profiles:
- schedulerName: a
  plugins:
    filters: {enabled: [{name: NodeName}]}
    score:
      enabled: [{name: NodeResourceFit}]
  pluginConfig:
  - name: InterPodAffinity
    args: {hardPodAffinityWeight: 101}
  - name: PodTopologySpread
    args:
      defaultingType: System
      defaultConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {}}]
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: Bogus
        requestedToCapacityRatio: {shape: [{utilization: 50, score: 11}, {utilization: 40, score: 1}]}
- schedulerName: a
`),
    ).toEqual([
      "1:13 apiVersion must be kubescheduler.config.k8s.io/v1 (got kubescheduler.config.k8s.io/v1beta3)",
      "3:27 percentageOfNodesToScore: not in valid range [0-100]",
      '7:5 unknown extension point "filters"',
      '9:24 plugin "NodeResourceFit" does not exist in kube-scheduler 1.36',
      "12:35 hardPodAffinityWeight: not in valid range [0, 100]",
      '16:27 when .defaultingType is "System", .defaultConstraints must be empty',
      "16:38 maxSkew must be greater than zero",
      "16:109 constraint must not define a selector, as they deduced for each pod",
      "20:15 scoring strategy Bogus is not supported",
      "21:69 score must be an integer in [0, 10]",
      "21:88 utilization values must be sorted in increasing order",
      '22:18 duplicate profile with schedulerName "a"',
    ]);
  });
});
