/**
 * Rollback{kind, name, namespace?, toRevision?}: `kubectl rollout undo` (kubectl
 * pkg/polymorphichelpers/rollback.go): the template of the chosen revision (the previous one when
 * toRevision is absent or 0) is copied back into the workload — a Deployment's from its ReplicaSet
 * (without the pod-template-hash label), a StatefulSet's or DaemonSet's from its ControllerRevision.
 */
import type { KubeObject } from "../model/k8s.js";
import type { ClusterState, EngineEvent, EventHandler } from "../model/state.js";
import { intField, requireStrings, unknownFields } from "./common.js";
import { kindField, targetOf, withNewSpec } from "./workload-common.js";

const KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;

function owned(state: ClusterState, owner: KubeObject, kind: string): KubeObject[] {
  const uid = owner.metadata.uid;
  if (!uid) return [];
  return [...state.objects.values()].filter(
    (o) => o.kind === kind && o.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid),
  );
}

/** (revision, template) pairs of a workload, highest revision first. */
export function revisionsOfWorkload(state: ClusterState, obj: KubeObject): { revision: number; template: unknown }[] {
  if (obj.kind === "Deployment") {
    return owned(state, obj, "ReplicaSet")
      .map((rs) => {
        const tmpl =
          ((rs.spec ?? {}) as { template?: { metadata?: { labels?: Record<string, string> } } }).template ?? {};
        const labels = { ...(tmpl.metadata?.labels ?? {}) };
        delete labels["pod-template-hash"];
        return {
          revision: Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? "0"),
          template: { ...tmpl, metadata: { ...(tmpl.metadata ?? {}), labels } },
        };
      })
      .sort((a, b) => b.revision - a.revision);
  }
  return owned(state, obj, "ControllerRevision")
    .map((cr) => {
      const c = cr as unknown as { revision: number; data: { template: unknown } };
      return { revision: c.revision, template: c.data.template };
    })
    .sort((a, b) => b.revision - a.revision);
}

export const rollbackHandler: EventHandler = {
  type: "Rollback",
  validate(event) {
    return [
      ...kindField(event, KINDS),
      ...requireStrings(event, ["name"]),
      ...intField(event, "toRevision", 0, 1_000_000),
      ...unknownFields(event, ["kind", "name", "namespace", "toRevision"]),
    ];
  },
  apply(state, event, trace) {
    const t = targetOf(state, event);
    if (!t) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const revs = revisionsOfWorkload(state, t.obj);
    const want = (event.toRevision as number | undefined) ?? 0;
    const target = want === 0 ? revs[1] : revs.find((r) => r.revision === want);
    if (!target) {
      trace.rule("workload-events/rollback-no-revision");
      return state;
    }
    trace.rule("workload-events/rollback");
    trace.change(t.key, "spec.template", undefined, `revision ${target.revision}`);
    const spec = (t.obj.spec ?? {}) as Record<string, unknown>;
    return { ...state, objects: state.objects.set(t.key, withNewSpec(t.obj, { ...spec, template: target.template })) };
  },
  enabled(state: ClusterState) {
    const out: EngineEvent[] = [];
    for (const o of state.objects.values()) {
      if (!(KINDS as readonly string[]).includes(o.kind)) continue;
      if (revisionsOfWorkload(state, o).length < 2) continue;
      out.push({
        type: "Rollback",
        at: state.time,
        kind: o.kind,
        name: o.metadata.name ?? "",
        namespace: o.metadata.namespace ?? "default",
      });
    }
    return out;
  },
};
