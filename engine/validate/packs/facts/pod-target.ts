/**
 * Locate the pod spec of an object: a Pod's own spec, or the pod template of a workload
 * (the kinds whose templates pod-security-admission checks: PodSecurity admission's
 * `DefaultPodSpecExtractor` in staging/src/k8s.io/pod-security-admission/admission/admission.go
 * covers Pod, PodTemplate, ReplicationController, ReplicaSet, Deployment, StatefulSet, DaemonSet,
 * Job and CronJob).
 */
import { escapePointerSegment } from "../../../model/pointer.js";
import { child, list, obj, str } from "./access.js";
import type { ContainerList, ContainerRef, PodTarget } from "./types.js";

/** Path segments from the object root to the pod template, per kind ([] = the object is the pod). */
const TEMPLATE_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ["template"],
  ReplicationController: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

/** Kinds that carry a pod spec. */
export const POD_BEARING_KINDS: readonly string[] = Object.keys(TEMPLATE_PATH);

/** The pod spec and metadata of `object` (of kind `kind`), or undefined when it has none. */
export function podTargetOf(object: Record<string, unknown>, kind: string): PodTarget | undefined {
  if (!Object.hasOwn(TEMPLATE_PATH, kind)) return undefined;
  const path = TEMPLATE_PATH[kind] ?? [];
  let cur: Record<string, unknown> | undefined = object;
  let base = "";
  for (const seg of path) {
    cur = child(cur, seg);
    if (!cur) return undefined;
    base += `/${seg}`;
  }
  const spec = child(cur, "spec");
  if (!spec) return undefined;
  return {
    kind,
    spec,
    specPointer: `${base}/spec`,
    meta: child(cur, "metadata") ?? {},
    metaPointer: `${base}/metadata`,
  };
}

const LISTS: readonly ContainerList[] = ["initContainers", "containers", "ephemeralContainers"];

/**
 * Every container of a pod spec with its pointer, in the order of pod-security-admission's
 * `visitContainers` (policy/visitor.go): init, regular, ephemeral. Non-object items are skipped.
 */
export function containersOf(pod: PodTarget | undefined): ContainerRef[] {
  if (!pod) return [];
  const out: ContainerRef[] = [];
  for (const l of LISTS) {
    const items = list(pod.spec, l);
    for (let i = 0; i < items.length; i++) {
      const value = obj(items[i]);
      if (!value) continue;
      out.push({
        list: l,
        index: i,
        pointer: `${pod.specPointer}/${l}/${i}`,
        name: str(value, "name") ?? "",
        value,
        sidecar: l === "initContainers" && str(value, "restartPolicy") === "Always",
      });
    }
  }
  return out;
}

/** Pointer to a member of a map (annotation or label keys need escaping). */
export function memberPointer(base: string, key: string): string {
  return `${base}/${escapePointerSegment(key)}`;
}
