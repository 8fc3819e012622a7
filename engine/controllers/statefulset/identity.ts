/**
 * StatefulSet pod identity (pkg/controller/statefulset/stateful_set_utils.go): ordinals, names,
 * labels, hostname/subdomain, and the PersistentVolumeClaims of volumeClaimTemplates.
 */
import type { KubeObject, OwnerReference, Pod, PodSpec } from "../../model/k8s.js";
import { podIndexLabelEnabled } from "../common/gates.js";
import { type IntOrString, scaledValue } from "../common/intstr.js";
import type { StatefulSetSpec } from "../defaults.js";

/** statefulSetRegex in stateful_set_utils.go: the parent name and ordinal of a pod name. */
const ORDINAL_RE = /^(.*)-([0-9]+)$/;

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const REVISION_LABEL = "controller-revision-hash";

/** getParentNameAndOrdinal: (parent, ordinal), or ordinal -1 when the name has none. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = ORDINAL_RE.exec(podName);
  if (!m) return { parent: "", ordinal: -1 };
  const ord = Number(m[2]);
  return Number.isSafeInteger(ord) ? { parent: m[1] ?? "", ordinal: ord } : { parent: "", ordinal: -1 };
}

/** getStartOrdinal: spec.ordinals.start, 0 when unset. */
export function startOrdinal(spec: StatefulSetSpec): number {
  return spec.ordinals?.start ?? 0;
}

/** getEndOrdinal: start + replicas - 1. */
export function endOrdinal(spec: StatefulSetSpec): number {
  return startOrdinal(spec) + spec.replicas - 1;
}

/** getPodName: "<set>-<ordinal>". */
export function podName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** getPersistentVolumeClaimName: "<claimTemplate>-<set>-<ordinal>". */
export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/**
 * The PVC ownerReferences the retention policy asks for (updateClaimOwnerRefForSetAndPod):
 * whenDeleted=Delete → the set owns in-range claims; whenScaled=Delete → the pod owns the claims of a
 * scaled-down (condemned) ordinal.
 */
export function claimOwners(
  spec: StatefulSetSpec,
  set: KubeObject,
  pod: Pod | undefined,
  condemned: boolean,
): OwnerReference[] {
  const out: OwnerReference[] = [];
  const p = spec.persistentVolumeClaimRetentionPolicy;
  if (condemned && p.whenScaled === "Delete" && pod?.metadata.uid) {
    out.push({ apiVersion: "v1", kind: "Pod", name: pod.metadata.name ?? "", uid: pod.metadata.uid });
  } else if (!condemned && p.whenDeleted === "Delete") {
    out.push({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      name: set.metadata.name ?? "",
      uid: set.metadata.uid ?? "",
    });
  }
  return out;
}

/**
 * newStatefulSetPod + updateIdentity + updateStorage: the labels and spec changes that give pod
 * `ordinal` its stable identity: pod-name (and pod-index) labels, hostname = pod name,
 * subdomain = serviceName, and one persistentVolumeClaim volume per claim template.
 */
export function identityPatch(
  spec: StatefulSetSpec,
  setName: string,
  ordinal: number,
  version: string,
  template: PodSpec | undefined,
): { labels: Record<string, string>; spec: Partial<PodSpec> } {
  const name = podName(setName, ordinal);
  const labels: Record<string, string> = { [POD_NAME_LABEL]: name };
  if (podIndexLabelEnabled(version)) labels[POD_INDEX_LABEL] = String(ordinal);
  const patch: { hostname: string; subdomain?: string; volumes?: PodSpec["volumes"] } = { hostname: name };
  if (spec.serviceName) patch.subdomain = spec.serviceName;
  const claims = spec.volumeClaimTemplates ?? [];
  if (claims.length > 0) {
    const claimNames = new Set(claims.map((c) => c.metadata?.name ?? ""));
    const kept = (template?.volumes ?? []).filter((v) => !claimNames.has(String(v.name)));
    patch.volumes = [
      ...kept,
      ...claims.map((c) => ({
        name: c.metadata?.name ?? "",
        persistentVolumeClaim: { claimName: claimName(c.metadata?.name ?? "", setName, ordinal) },
      })),
    ];
  }
  return { labels, spec: patch };
}

/**
 * getStatefulSetMaxUnavailable: maxUnavailable (1 when unset) scaled against replicas, percentages
 * rounded down, and at least 1.
 */
export function statefulSetMaxUnavailable(maxUnavailable: IntOrString | undefined, replicas: number): number {
  const v = scaledValue(maxUnavailable ?? 1, replicas, false) ?? 1;
  return Math.max(1, v);
}
