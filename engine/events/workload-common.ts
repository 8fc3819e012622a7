/**
 * Helpers for the workload event handlers: finding the target object, bumping metadata.generation
 * (the API server does so on every spec change), and the strategic-merge subset used by
 * UpdateTemplate.
 */
import type { KubeObject } from "../model/k8s.js";
import type { ClusterState, EngineEvent } from "../model/state.js";
import type { Problem } from "./common.js";

/** Kinds the workload events accept. */
export const WORKLOAD_KINDS = [
  "Deployment",
  "ReplicaSet",
  "ReplicationController",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
] as const;

/** The state.objects key an event's kind/name/namespace names. */
export function targetKey(event: EngineEvent): string {
  const ns = typeof event.namespace === "string" ? event.namespace : "default";
  return `${String(event.kind)}/${ns}/${String(event.name)}`;
}

/** The target object (also found when it was stored without a namespace). */
export function targetOf(state: ClusterState, event: EngineEvent): { key: string; obj: KubeObject } | undefined {
  const key = targetKey(event);
  const obj = state.objects.get(key);
  if (obj) return { key, obj };
  if (event.namespace === undefined || event.namespace === "default") {
    const bare = `${String(event.kind)}/${String(event.name)}`;
    const o = state.objects.get(bare);
    if (o) return { key: bare, obj: o };
  }
  return undefined;
}

/** Checks `kind` is one of `kinds`. */
export function kindField(event: EngineEvent, kinds: readonly string[]): Problem[] {
  const k = event.kind;
  return typeof k === "string" && kinds.includes(k)
    ? []
    : [{ field: "kind", message: `${event.type} needs "kind" (one of ${kinds.join(", ")}; got ${JSON.stringify(k)})` }];
}

/** A new object with `spec` replaced and metadata.generation incremented. */
export function withNewSpec(obj: KubeObject, spec: unknown): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, generation: (obj.metadata.generation ?? 1) + 1 }, spec };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Strategic-merge-patch subset (k8s.io/apimachinery/pkg/util/strategicpatch): maps merge
 * recursively, `null` deletes a field, lists whose items all have a `name` (containers, env, volumes,
 * ports) merge item by item on `name`, every other list is replaced.
 */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Record<string, unknown> = isObj(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v) && Array.isArray(cur) && [...v, ...cur].every((x) => isObj(x) && typeof x.name === "string")) {
      const merged = [...cur] as Record<string, unknown>[];
      for (const item of v as Record<string, unknown>[]) {
        const i = merged.findIndex((m) => m.name === item.name);
        if (i >= 0) merged[i] = strategicMerge(merged[i], item) as Record<string, unknown>;
        else merged.push(item);
      }
      Object.defineProperty(out, k, { value: merged, enumerable: true, writable: true, configurable: true });
    } else {
      Object.defineProperty(out, k, {
        value: strategicMerge(cur, v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}
