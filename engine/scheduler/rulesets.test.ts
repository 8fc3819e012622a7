import { describe, expect, test } from "vitest";
import { SUPPORTED_VERSIONS } from "../model/versions.js";
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from "./plugins/inter-pod-affinity.js";
import { ERR_REASON_CONFLICT, ERR_REASON_ENFORCED, ERR_REASON_POD } from "./plugins/node-affinity.js";
import { ERR_REASON_NODE_NAME } from "./plugins/node-name.js";
import { ERR_REASON_NODE_PORTS } from "./plugins/node-ports.js";
import { insufficientReason, REASON_TOO_MANY_PODS } from "./plugins/node-resources-fit.js";
import { ERR_REASON_UNSCHEDULABLE } from "./plugins/node-unschedulable.js";
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
} from "./plugins/pod-topology-spread-common.js";
import { ERR_REASON_UNTOLERATED_GENERIC, untoleratedTaintReason } from "./plugins/taint-toleration.js";
import { filterRuleEntries, filterRuleId, schedulerRules } from "./rulesets.js";

/** Every (plugin, code, reason) the plugins can return. */
const REJECTIONS: [string, string, string][] = [
  ["NodeUnschedulable", "UnschedulableAndUnresolvable", ERR_REASON_UNSCHEDULABLE],
  ["NodeName", "UnschedulableAndUnresolvable", ERR_REASON_NODE_NAME],
  ["TaintToleration", "UnschedulableAndUnresolvable", untoleratedTaintReason("dedicated", "gpu")],
  ["TaintToleration", "UnschedulableAndUnresolvable", ERR_REASON_UNTOLERATED_GENERIC],
  ["NodeAffinity", "UnschedulableAndUnresolvable", ERR_REASON_POD],
  ["NodeAffinity", "UnschedulableAndUnresolvable", ERR_REASON_ENFORCED],
  ["NodeAffinity", "UnschedulableAndUnresolvable", ERR_REASON_CONFLICT],
  ["NodePorts", "Unschedulable", ERR_REASON_NODE_PORTS],
  ["NodeResourcesFit", "Unschedulable", REASON_TOO_MANY_PODS],
  ["NodeResourcesFit", "Unschedulable", insufficientReason("cpu")],
  ["NodeResourcesFit", "UnschedulableAndUnresolvable", insufficientReason("nvidia.com/gpu")],
  ["PodTopologySpread", "Unschedulable", ERR_REASON_CONSTRAINTS_NOT_MATCH],
  ["PodTopologySpread", "UnschedulableAndUnresolvable", ERR_REASON_NODE_LABEL_NOT_MATCH],
  ["InterPodAffinity", "UnschedulableAndUnresolvable", ERR_REASON_AFFINITY_RULES_NOT_MATCH],
  ["InterPodAffinity", "Unschedulable", ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH],
  ["InterPodAffinity", "Unschedulable", ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH],
];

describe("the scheduler rule sets", () => {
  test("compile for every supported version", () => {
    for (const v of SUPPORTED_VERSIONS) {
      for (const name of ["scheduler-queue", "scheduler-cycle", "scheduler-filters"] as const) {
        expect(schedulerRules(name, v).run).toBeTypeOf("function");
      }
    }
  });

  test("name every rejection a plugin can return, with the plugin's status code", () => {
    for (const [plugin, code, reason] of REJECTIONS) {
      const id = filterRuleId(plugin, reason, code);
      expect({ plugin, reason, found: id !== undefined }).toEqual({ plugin, reason, found: true });
      expect(filterRuleEntries().find((e) => e.id === id)?.code).toBe(code);
    }
  });

  test("decide the queue as kube-scheduler does: gated pods wait, assigned ones are not queued", () => {
    const q = schedulerRules("scheduler-queue", "1.36");
    const base = {
      assigned: false,
      terminal: false,
      terminating: false,
      ourScheduler: true,
      gated: false,
      gatesPluginEnabled: true,
      triedAtThisState: false,
    };
    expect(q.first(base)?.ruleId).toBe("scheduler-queue/enqueue");
    expect(q.first({ ...base, gated: true })?.ruleId).toBe("scheduler-queue/scheduling-gated");
    expect(q.first({ ...base, gated: true, gatesPluginEnabled: false })?.ruleId).toBe("scheduler-queue/enqueue");
    expect(q.first({ ...base, assigned: true })?.ruleId).toBe("scheduler-queue/assigned");
    expect(q.first({ ...base, triedAtThisState: true })?.ruleId).toBe("scheduler-queue/wait-for-cluster-change");
  });
});
