/**
 * UpdateTemplate{kind, name, namespace?, patch}: a client changes a workload's pod template (a new
 * image, an env var): `patch` is strategic-merged into spec.template (spec.jobTemplate.spec.template
 * for a CronJob), e.g. `patch: {spec: {containers: [{name: app, image: nginx:1.27}]}}`.
 */
import type { ClusterState, EngineEvent, EventHandler } from "../model/state.js";
import { requireStrings, unknownFields } from "./common.js";
import { kindField, strategicMerge, targetOf, WORKLOAD_KINDS, withNewSpec } from "./workload-common.js";

export const updateTemplateHandler: EventHandler = {
  type: "UpdateTemplate",
  validate(event) {
    const p = event.patch;
    const patchOk = p !== null && typeof p === "object" && !Array.isArray(p);
    return [
      ...kindField(event, WORKLOAD_KINDS),
      ...requireStrings(event, ["name"]),
      ...(patchOk
        ? []
        : [{ field: "patch", message: 'UpdateTemplate needs "patch" (a map merged into the pod template)' }]),
      ...unknownFields(event, ["kind", "name", "namespace", "patch"]),
    ];
  },
  apply(state, event, trace) {
    const t = targetOf(state, event);
    if (!t) {
      trace.rule("scenario/event-not-applicable");
      return state;
    }
    const spec = (t.obj.spec ?? {}) as Record<string, unknown>;
    let next: Record<string, unknown>;
    if (t.obj.kind === "CronJob") {
      const jt = (spec.jobTemplate ?? {}) as Record<string, unknown>;
      const js = (jt.spec ?? {}) as Record<string, unknown>;
      next = { ...spec, jobTemplate: { ...jt, spec: { ...js, template: strategicMerge(js.template, event.patch) } } };
    } else {
      next = { ...spec, template: strategicMerge(spec.template, event.patch) };
    }
    trace.rule("workload-events/update-template");
    trace.change(t.key, "spec.template", undefined, event.patch);
    return { ...state, objects: state.objects.set(t.key, withNewSpec(t.obj, next)) };
  },
  enabled(state: ClusterState) {
    const out: EngineEvent[] = [];
    for (const o of state.objects.values()) {
      if (!["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind)) continue;
      const tmpl = ((o.spec ?? {}) as { template?: { spec?: { containers?: { name: string; image?: string }[] } } })
        .template;
      const c = tmpl?.spec?.containers?.[0];
      if (!c) continue;
      const v = /:v(\d+)$/.exec(c.image ?? "");
      const image = `${(c.image ?? "app").replace(/:v\d+$/, "")}:v${v ? Number(v[1]) + 1 : 2}`;
      out.push({
        type: "UpdateTemplate",
        at: state.time,
        kind: o.kind,
        name: o.metadata.name ?? "",
        namespace: o.metadata.namespace ?? "default",
        patch: { spec: { containers: [{ name: c.name, image }] } },
      });
    }
    return out;
  },
};
