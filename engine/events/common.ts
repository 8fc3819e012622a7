/** Helpers shared by the event handlers: field checks and object lookups. */
import type { Pod } from "../model/k8s.js";
import type { ClusterState, EngineEvent } from "../model/state.js";

export type Problem = { field: string; message: string };

/** The pods-map key an event's `pod` field names ("name" in default, or "namespace/name"). */
export function podKey(event: EngineEvent): string {
  const p = String(event.pod ?? "");
  if (p.includes("/")) return p;
  const ns = typeof event.namespace === "string" ? event.namespace : "default";
  return `${ns}/${p}`;
}

export function podOf(state: ClusterState, event: EngineEvent): Pod | undefined {
  return state.pods.get(podKey(event));
}

/** Check that each listed field is a non-empty string. */
export function requireStrings(event: EngineEvent, fields: readonly string[]): Problem[] {
  const out: Problem[] = [];
  for (const f of fields) {
    const v = event[f];
    if (typeof v !== "string" || v.length === 0)
      out.push({ field: f, message: `${event.type} needs "${f}" (a non-empty string)` });
  }
  return out;
}

/** Check that a field, if present, is one of the allowed values. */
export function oneOfField(
  event: EngineEvent,
  field: string,
  allowed: readonly unknown[],
  required: boolean,
): Problem[] {
  const v = event[field];
  if (v === undefined)
    return required ? [{ field, message: `${event.type} needs "${field}" (one of ${allowed.join(", ")})` }] : [];
  return allowed.includes(v)
    ? []
    : [{ field, message: `"${field}" must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})` }];
}

/** Check that a field, if present, is an integer in range. */
export function intField(event: EngineEvent, field: string, min: number, max: number, required = false): Problem[] {
  const v = event[field];
  if (v === undefined) return required ? [{ field, message: `${event.type} needs "${field}" (an integer)` }] : [];
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max
    ? []
    : [{ field, message: `"${field}" must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})` }];
}

/** Problems for fields the handler does not know. */
export function unknownFields(event: EngineEvent, known: readonly string[]): Problem[] {
  const ok = new Set(["at", "type", ...known]);
  return Object.keys(event)
    .filter((k) => !ok.has(k))
    .map((k) => ({ field: k, message: `${event.type} has no field "${k}" (known: ${known.join(", ") || "none"})` }));
}

/** The container names of a pod (init first). */
export function containerNames(pod: Pod): string[] {
  return [...(pod.spec.initContainers ?? []).map((c) => c.name), ...pod.spec.containers.map((c) => c.name)];
}
