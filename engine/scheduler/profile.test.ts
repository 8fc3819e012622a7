import { describe, expect, test } from "vitest";
import { buildProfile, schedulerDefaults } from "./profile.js";
import { FRAMEWORK_PLUGINS, PLUGIN_FACTORIES } from "./registry.js";

const names = (ps: readonly { name: string }[]) => ps.map((p) => p.name);

describe("the default profile per version", () => {
  test("runs the filters in getDefaultPlugins order, with DynamicResources from 1.34", () => {
    expect(names(buildProfile(undefined, "1.33").filter)).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "VolumeRestrictions",
      "NodeVolumeLimits",
      "VolumeBinding",
      "VolumeZone",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
    expect(names(buildProfile(undefined, "1.34").filter).at(-1)).toBe("DynamicResources");
  });

  test("weights the scores as upstream: TaintToleration 3, NodeAffinity 2, spreading and affinity 2, the rest 1", () => {
    const w = Object.fromEntries(buildProfile(undefined, "1.36").score.map((s) => [s.plugin.name, s.weight]));
    expect(w).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      VolumeBinding: 1,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
  });

  test("enables scheduling gates and preemption, adaptive node sampling, and names the plugins it cannot decide", () => {
    const p = buildProfile(undefined, "1.36");
    expect(p.schedulingGates).toBe(true);
    expect(p.preemption).toBe(true);
    expect(p.percentageOfNodesToScore).toBe(0);
    expect(p.notModelled).toEqual(
      expect.arrayContaining([
        "VolumeRestrictions",
        "NodeVolumeLimits",
        "VolumeBinding",
        "VolumeZone",
        "DynamicResources",
      ]),
    );
  });

  test("every plugin of the bundled data is modelled, handled by the cycle, or marked not modelled", () => {
    for (const p of schedulerDefaults().plugins) {
      const known = PLUGIN_FACTORIES.has(p.name) || FRAMEWORK_PLUGINS.has(p.name) || p.modelled === false;
      expect({ plugin: p.name, known }).toEqual({ plugin: p.name, known: true });
    }
  });
});

describe("profiles from KubeSchedulerConfiguration plugins", () => {
  test("disabling '*' at multiPoint keeps only what is enabled again", () => {
    const p = buildProfile({
      plugins: { multiPoint: { disabled: [{ name: "*" }], enabled: [{ name: "NodeResourcesFit", weight: 5 }] } },
    });
    expect(names(p.filter)).toEqual(["NodeResourcesFit"]);
    expect(p.score.map((s) => [s.plugin.name, s.weight])).toEqual([["NodeResourcesFit", 5]]);
    expect(p.preemption).toBe(false);
  });

  test("a re-configured default keeps its slot and takes the new weight; a weight of 0 becomes 1", () => {
    const p = buildProfile({
      plugins: {
        multiPoint: {
          enabled: [
            { name: "ImageLocality", weight: 0 },
            { name: "TaintToleration", weight: 7 },
          ],
        },
      },
    });
    const w = p.score.map((s) => [s.plugin.name, s.weight]);
    expect(w[0]).toEqual(["TaintToleration", 7]);
    expect(w.at(-1)).toEqual(["ImageLocality", 1]);
  });

  test("a score weight configured at the score point overrides MultiPoint and comes first", () => {
    const p = buildProfile({ plugins: { score: { enabled: [{ name: "ImageLocality", weight: 9 }] } } });
    expect(p.score[0]!.plugin.name).toBe("ImageLocality");
    expect(p.score[0]!.weight).toBe(9);
    expect(p.score.filter((s) => s.plugin.name === "ImageLocality")).toHaveLength(1);
  });

  test("disabling a filter at the filter point removes only its Filter", () => {
    const p = buildProfile({ plugins: { filter: { disabled: [{ name: "TaintToleration" }] } } });
    expect(names(p.filter)).not.toContain("TaintToleration");
    expect(p.score.map((s) => s.plugin.name)).toContain("TaintToleration");
  });

  test("the profile's percentageOfNodesToScore wins over the global one", () => {
    expect(buildProfile({ percentageOfNodesToScore: 30 }, "1.36", 70).percentageOfNodesToScore).toBe(30);
    expect(buildProfile({}, "1.36", 70).percentageOfNodesToScore).toBe(70);
  });

  test("plugin args are defaulted like SetDefaults_*Args", () => {
    const p = buildProfile({
      pluginConfig: [
        { name: "NodeResourcesFit", args: { scoringStrategy: { type: "RequestedToCapacityRatio" } } },
        {
          name: "PodTopologySpread",
          args: { defaultConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" }] },
        },
      ],
    });
    expect(p.args.NodeResourcesFit).toMatchObject({
      scoringStrategy: {
        type: "RequestedToCapacityRatio",
        resources: [
          { name: "cpu", weight: 1 },
          { name: "memory", weight: 1 },
        ],
        requestedToCapacityRatio: {
          shape: [
            { utilization: 0, score: 10 },
            { utilization: 100, score: 0 },
          ],
        },
      },
    });
    expect(p.args.PodTopologySpread).toMatchObject({ defaultingType: "List" });
    expect(p.args.InterPodAffinity).toMatchObject({ hardPodAffinityWeight: 1 });
  });
});
