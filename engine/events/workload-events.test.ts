import { describe, expect, it } from "vitest";
import { deployment, TestTrace, testState } from "../controllers/testing.js";
import type { ClusterState, EngineEvent } from "../model/state.js";
import { strategicMerge } from "./workload-common.js";
import { deleteObjectHandler } from "./workload-delete-object.js";
import { nodeAddedHandler, nodeRemovedHandler } from "./workload-nodes.js";
import { rollbackHandler } from "./workload-rollback.js";
import { scaleHandler } from "./workload-scale.js";
import { updateTemplateHandler } from "./workload-update-template.js";

const ev = (e: Record<string, unknown>) => ({ at: 0, ...e }) as EngineEvent;
const none = undefined as unknown as ClusterState;

describe("workload events", () => {
  it("reject bad fields with the field named", () => {
    expect(
      scaleHandler.validate(ev({ type: "Scale", kind: "Pod", name: "x", replicas: -1 }), none).map((p) => p.field),
    ).toEqual(["kind", "replicas"]);
    expect(
      updateTemplateHandler
        .validate(ev({ type: "UpdateTemplate", kind: "Deployment", name: "x", patch: [1] }), none)
        .map((p) => p.field),
    ).toEqual(["patch"]);
    expect(
      rollbackHandler.validate(ev({ type: "Rollback", kind: "Job", name: "x" }), none).map((p) => p.field),
    ).toEqual(["kind"]);
    expect(
      nodeAddedHandler
        .validate(ev({ type: "NodeAdded", node: "n9", taints: [{ key: "k", effect: "Sometimes" }] }), none)
        .map((p) => p.field),
    ).toEqual(["taints"]);
    expect(
      deleteObjectHandler.validate(ev({ type: "DeleteObject", kind: "Pod", name: "x" }), none).map((p) => p.field),
    ).toEqual(["kind"]);
    expect(
      scaleHandler
        .validate(ev({ type: "Scale", kind: "Deployment", name: "x", replicas: 2, extra: 1 }), none)
        .map((p) => p.field),
    ).toEqual(["extra"]);
  });

  it("merge template patches by container name, replacing other lists and deleting nulls", () => {
    const base = {
      spec: {
        containers: [
          { name: "a", image: "x:1", args: ["1"] },
          { name: "b", image: "y:1" },
        ],
        nodeSelector: { z: "1" },
      },
    };
    expect(strategicMerge(base, { spec: { containers: [{ name: "b", image: "y:2" }], nodeSelector: null } })).toEqual({
      spec: {
        containers: [
          { name: "a", image: "x:1", args: ["1"] },
          { name: "b", image: "y:2" },
        ],
      },
    });
    const evil = JSON.parse('{"__proto__": {"polluted": 1}}');
    const merged = strategicMerge({}, evil) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(["__proto__"]);
  });

  it("scale and update bump metadata.generation and trace the change", () => {
    let s = testState([deployment("web", { replicas: 2 })]);
    const t = new TestTrace();
    s = scaleHandler.apply(s, ev({ type: "Scale", kind: "Deployment", name: "web", replicas: 5 }), t);
    s = updateTemplateHandler.apply(
      s,
      ev({
        type: "UpdateTemplate",
        kind: "Deployment",
        name: "web",
        patch: { spec: { containers: [{ name: "app", image: "nginx:2" }] } },
      }),
      t,
    );
    const d = s.objects.get("Deployment/default/web");
    expect(d?.metadata.generation).toBe(3);
    expect((d?.spec as { replicas: number } | undefined)?.replicas).toBe(5);
    expect(t.rules).toEqual(["workload-events/scale", "workload-events/update-template"]);
  });

  it("adds and removes nodes", () => {
    let s = testState([]);
    s = nodeAddedHandler.apply(s, ev({ type: "NodeAdded", node: "n2", labels: { zone: "b" } }), new TestTrace());
    expect(s.nodes.get("n2")?.metadata.labels).toMatchObject({ zone: "b", "kubernetes.io/hostname": "n2" });
    s = nodeRemovedHandler.apply(s, ev({ type: "NodeRemoved", node: "n1" }), new TestTrace());
    expect([...s.nodes.keys()]).toEqual(["n2"]);
  });
});
