import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { statefulSetDefaults } from "../defaults.js";
import { claimName, identityPatch, parentAndOrdinal, statefulSetMaxUnavailable } from "./identity.js";

const table = yaml.load(
  readFileSync(fileURLToPath(new URL("../../../fixtures/controllers/statefulset-utils.yaml", import.meta.url)), "utf8"),
) as { getStatefulSetMaxUnavailable: { maxUnavailable: number | string | null; replicas: number; expected: number }[] };

describe("StatefulSet identity helpers", () => {
  it.each(table.getStatefulSetMaxUnavailable)(
    "getStatefulSetMaxUnavailable($maxUnavailable, $replicas) is $expected (upstream table)",
    (c) => {
      expect(statefulSetMaxUnavailable(c.maxUnavailable ?? undefined, c.replicas)).toBe(c.expected);
    },
  );

  it("parses parent and ordinal like statefulSetRegex, rejecting names without an ordinal", () => {
    expect(parentAndOrdinal("web-12")).toEqual({ parent: "web", ordinal: 12 });
    expect(parentAndOrdinal("my-db-0")).toEqual({ parent: "my-db", ordinal: 0 });
    expect(parentAndOrdinal("web")).toEqual({ parent: "", ordinal: -1 });
    expect(parentAndOrdinal("web-x1")).toEqual({ parent: "", ordinal: -1 });
  });

  it("names claims <template>-<set>-<ordinal> and mounts them, keeping other volumes", () => {
    const spec = statefulSetDefaults({ replicas: 1, volumeClaimTemplates: [{ metadata: { name: "data" } }] }, "1.36");
    expect(claimName("data", "db", 3)).toBe("data-db-3");
    const id = identityPatch(spec, "db", 3, "1.36", {
      containers: [],
      volumes: [
        { name: "data", emptyDir: {} },
        { name: "cfg", configMap: { name: "c" } },
      ],
    });
    expect(id.spec.volumes).toEqual([
      { name: "cfg", configMap: { name: "c" } },
      { name: "data", persistentVolumeClaim: { claimName: "data-db-3" } },
    ]);
    expect(id.labels).toEqual({ "statefulset.kubernetes.io/pod-name": "db-3", "apps.kubernetes.io/pod-index": "3" });
  });
});
