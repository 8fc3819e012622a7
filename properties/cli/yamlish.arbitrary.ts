/**
 * Arbitraries of hostile text for the CLI properties: raw strings (any code point, control
 * characters included), YAML-ish token soup that reaches the parser's error paths (unclosed flows,
 * tabs, anchors and aliases, tags, directives, document markers), and Kubernetes-shaped objects
 * whose fields hold values of the wrong type.
 */
import fc from "fast-check";
import { dump } from "js-yaml";

export interface YamlishConstraints {
  /** Most tokens in one text. */
  maxTokens?: number;
}

const TOKENS = [
  "apiVersion: v1\n",
  "apiVersion: apps/v1\n",
  "kind: Pod\n",
  "kind: Deployment\n",
  "kind: ConfigMap\n",
  "kind: List\nitems:\n",
  "metadata:\n",
  "metadata: {name: x}\n",
  "  name: a\n",
  "spec:\n",
  "  containers:\n",
  "  - name: c\n",
  "    image: nginx\n",
  "- ",
  ": ",
  "a",
  "b: ",
  "{",
  "}",
  "[",
  "]",
  ", ",
  "&a ",
  "*a",
  "&b [*a, *a]",
  "<<: *a\n",
  "---\n",
  "...\n",
  "\t",
  "  ",
  "    ",
  "'",
  '"',
  "# c\n",
  "|\n",
  ">-\n",
  "? ",
  "!!binary ",
  "!!str ",
  "!custom ",
  "%YAML 1.2\n",
  "%TAG ! tag:x,2000:\n",
  "\n",
  "__proto__: ",
  "constructor: ",
  "1e400",
  "-0",
  ".nan",
  "0x1F",
  "null",
  "~",
  "\u0000",
  "\uFEFF",
  "\u2028",
  "é",
  "\ud83d",
] as const;

/** Text built from YAML-ish tokens. */
export function yamlishText(c: YamlishConstraints = {}): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...TOKENS), { maxLength: c.maxTokens ?? 60 }).map((t) => t.join(""));
}

/** Arbitrary strings of any code points (lone surrogates and control characters included). */
export function rawText(): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 200 }));
}

const KINDS = [
  ["v1", "Pod"],
  ["v1", "Service"],
  ["v1", "ConfigMap"],
  ["apps/v1", "Deployment"],
  ["apps/v1", "StatefulSet"],
  ["apps/v1", "DaemonSet"],
  ["batch/v1", "Job"],
  ["batch/v1", "CronJob"],
  ["networking.k8s.io/v1", "Ingress"],
  ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding"],
  ["policy/v1", "PodDisruptionBudget"],
  ["autoscaling/v2", "HorizontalPodAutoscaler"],
] as const;

/** A JSON-ish value where a Kubernetes field is expected: often the wrong type. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -0, 1e18, -1, 1.5, "", "x", "__proto__", [], {}),
  fc.string({ maxLength: 8 }),
  fc.array(fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom("name", "image", "__proto__", "constructor", "x"), fc.constantFrom(null, 1, "a", [])),
);

/** Field paths the packs and schema read; each gets a wrong value. */
const FIELDS = [
  ["metadata"],
  ["metadata", "name"],
  ["metadata", "labels"],
  ["metadata", "annotations"],
  ["spec"],
  ["spec", "replicas"],
  ["spec", "selector"],
  ["spec", "template"],
  ["spec", "template", "spec"],
  ["spec", "template", "spec", "containers"],
  ["spec", "containers"],
  ["spec", "initContainers"],
  ["spec", "volumes"],
  ["spec", "securityContext"],
  ["spec", "hostNetwork"],
  ["spec", "tolerations"],
  ["spec", "affinity"],
  ["spec", "ports"],
  ["spec", "rules"],
  ["spec", "schedule"],
  ["spec", "jobTemplate"],
  ["subjects"],
  ["data"],
] as const;

/** A well-formed Pod-ish skeleton of the given kind with some fields replaced by wrong values. */
export function mistypedObject(): fc.Arbitrary<{ kind: string; yaml: string }> {
  return fc
    .record({
      kind: fc.constantFrom(...KINDS),
      edits: fc.array(fc.tuple(fc.constantFrom(...FIELDS), wrongValue), { minLength: 1, maxLength: 4 }),
      container: fc.dictionary(
        fc.constantFrom("name", "image", "ports", "resources", "securityContext", "env", "livenessProbe"),
        wrongValue,
      ),
    })
    .map(({ kind: [apiVersion, kind], edits, container }) => {
      const obj: Record<string, unknown> = {
        apiVersion,
        kind,
        metadata: { name: "x", namespace: "default" },
        spec: {
          containers: [{ name: "c", image: "nginx:1.27", ...container }],
          template: {
            metadata: { labels: { a: "b" } },
            spec: { containers: [{ name: "c", image: "i:1", ...container }] },
          },
        },
      };
      for (const [path, value] of edits) {
        let at: Record<string, unknown> = obj;
        for (const seg of path.slice(0, -1)) {
          const next = at[seg];
          if (next === null || typeof next !== "object" || Array.isArray(next)) at[seg] = {};
          at = at[seg] as Record<string, unknown>;
        }
        Object.defineProperty(at, path[path.length - 1]!, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return { kind, yaml: dump(obj, { noRefs: true }) };
    });
}
