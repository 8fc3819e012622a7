/**
 * The shared vocabulary of the rule-engine properties: the fact names facts and rules use, the paths
 * conditions read, and pools of values chosen so that generated conditions and generated facts
 * overlap (a condition only fires sometimes if its literal can equal the fact).
 */

/** Every fact the generators know; facts objects include a random subset (absent facts matter). */
export const FACT_NAMES = [
  "pod",
  "node",
  "restartPolicy",
  "count",
  "cpu",
  "labels",
  "tolerations",
  "taint",
  "name",
  "tags",
  "flag",
  "maybe",
  // a fact named like an Object.prototype member: facts are own properties, never inherited
  "constructor",
] as const;
export type FactName = (typeof FACT_NAMES)[number];

/** Paths in the supported JSONPath subset, over pod/node shapes and beyond (missing keys, prototypes). */
export const PATHS = [
  "$.metadata.name",
  "$.metadata.labels",
  "$.metadata.labels.app",
  "$['metadata']['labels']['app.kubernetes.io/name']",
  "$.spec.restartPolicy",
  "$.spec.containers[0].resources.requests.cpu",
  "$.spec.containers[1].resources.requests.cpu",
  "$.spec.containers[0].image",
  "$.spec.containers.length",
  "$.spec.tolerations",
  "$.spec.taints",
  "$.spec.taints[0]",
  "$.status.phase",
  "$.status.restartCount",
  "$.metadata.name.length",
  "$.metadata.name[0]",
  "$[0]",
  "$.length",
  "$.nope.deeper",
  "$.constructor",
  "$['__proto__']",
  "$.toString",
  "$",
] as const;

export const STRINGS = [
  "Never",
  "Always",
  "OnFailure",
  "",
  "web",
  "db",
  "1",
  "12abc",
  " 7",
  "abc",
  "Running",
  "a",
] as const;
export const NUMBERS = [0, 1, 2, 3, -1, 1.5, 10, 100] as const;
export const QUANTITIES = ["500m", "1", "2", "1.5", "1Gi", "1024Mi", "1e3", "100m", "0", "2k", "abc", ""] as const;
export const LABEL_KEYS = ["app", "tier", "app.kubernetes.io/name", "env"] as const;
export const LABEL_VALUES = ["web", "db", "prod", "dev", ""] as const;
export const TAINT_KEYS = ["dedicated", "gpu", "node.kubernetes.io/not-ready", ""] as const;
export const TAINT_VALUES = ["", "true", "5", "10", "infra", "-3"] as const;
export const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute", ""] as const;
export const TOLERATION_OPERATORS = ["Exists", "Equal", "", "Lt", "Gt", "Bogus"] as const;
export const REGEXES = ["^web", "db$", "^[a-z]+$", "a", "^$", "[0-9]+", "^(web|db)-[0-9]{1,3}$", "(?:ab)?c"] as const;
