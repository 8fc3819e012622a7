/**
 * PersistentVolumeClaims of a StatefulSet's volumeClaimTemplates (stateful_pod_control.go
 * createPersistentVolumeClaims, updateClaimOwnerRefForSetAndPod). Storage provisioning is not
 * modelled: a created claim is Bound at once.
 */
import type { KubeObject, OwnerReference, Pod } from "../../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../../model/state.js";
import { canonicalJson } from "../common/hash.js";
import { nextUid, objectStoreKey, putObject } from "../common/state-ops.js";
import { timestampAt } from "../common/time.js";
import type { StatefulSetSpec } from "../defaults.js";
import { claimName, claimOwners } from "./identity.js";

/** Creates missing claims of `ordinal` and brings their ownerReferences in line with the retention policy. */
export function syncClaims(
  state: ClusterState,
  set: KubeObject,
  spec: StatefulSetSpec,
  ordinal: number,
  pod: Pod | undefined,
  condemned: boolean,
  trace: TraceRecorder,
): ClusterState {
  const ns = set.metadata.namespace ?? "default";
  const setName = set.metadata.name ?? "";
  for (const t of spec.volumeClaimTemplates ?? []) {
    const name = claimName(t.metadata?.name ?? "", setName, ordinal);
    const key = objectStoreKey("PersistentVolumeClaim", ns, name);
    const owners: OwnerReference[] = claimOwners(spec, set, pod, condemned);
    const existing = state.objects.get(key);
    if (!existing) {
      if (condemned) continue;
      const u = nextUid(state);
      const pvc: KubeObject = {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
          name,
          namespace: ns,
          uid: u.uid,
          labels: { ...(spec.selector?.matchLabels ?? {}) },
          ...(owners.length > 0 ? { ownerReferences: owners } : {}),
          creationTimestamp: timestampAt(state.time),
        },
        spec: t.spec ?? {},
        status: { phase: "Bound" },
      };
      state = putObject(u.state, pvc, trace, "statefulset/create-claims");
      continue;
    }
    if (canonicalJson(existing.metadata.ownerReferences ?? []) === canonicalJson(owners)) continue;
    const { ownerReferences: _old, ...meta } = existing.metadata;
    const updated: KubeObject = {
      ...existing,
      metadata: owners.length > 0 ? { ...meta, ownerReferences: owners } : meta,
    };
    state = putObject(state, updated, trace, "statefulset/claim-retention-owner");
    if (trace.enabled) trace.change(key, "metadata.ownerReferences", existing.metadata.ownerReferences, owners);
  }
  return state;
}
