/**
 * Feature-gate defaults per Kubernetes minor version, for the gates the workload controllers read
 * (pkg/features/kube_features.go, versioned feature specs).
 */
import { compareVersions } from "../../model/versions.js";
import { updatePath } from "../statefulset/decisions.js";

/**
 * MaxUnavailableStatefulSet: alpha (off) since 1.24, beta and on by default from 1.35 — read from the
 * version ranges of spec/kubernetes/statefulset.yaml's update-path rules.
 */
export function maxUnavailableStatefulSetEnabled(version: string): boolean {
  return updatePath(version).path === "max-unavailable";
}

/** PodIndexLabel (apps.kubernetes.io/pod-index on StatefulSet and indexed Job pods): beta 1.28, GA 1.32. */
export function podIndexLabelEnabled(version: string): boolean {
  return compareVersions(version, "1.28") >= 0;
}

/** DaemonSetUpdateSurge: GA since 1.25, so maxSurge is honoured in every supported version. */
export function daemonSetUpdateSurgeEnabled(_version: string): boolean {
  return true;
}
