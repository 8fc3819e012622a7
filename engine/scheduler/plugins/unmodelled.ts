/**
 * Plugins kubespec cannot decide (volume plugins need PersistentVolumes, StorageClasses and CSINodes;
 * DynamicResources needs DRA objects). Their PreFilter's Skip condition IS decidable from the pod
 * alone, so it is modelled: a pod without the relevant volumes or claims is skipped exactly as upstream.
 * Otherwise the plugin passes and explain marks it "not modelled".
 */
import type { Pod } from "../../model/k8s.js";
import { type Plugin, PREFILTER_OK, PREFILTER_SKIP, SKIP, SUCCESS } from "../framework.js";

export type SkipWhen = "no-restricted-volumes" | "no-csi-volumes" | "no-pvc" | "no-resource-claims";

function volumes(pod: Pod): readonly Readonly<Record<string, unknown>>[] {
  return pod.spec.volumes ?? [];
}

const RESTRICTED = ["gcePersistentDisk", "awsElasticBlockStore", "rbd", "iscsi", "persistentVolumeClaim", "ephemeral"];

/** Whether upstream's PreFilter would return Skip for this pod. */
export function preFilterSkips(pod: Pod, when: SkipWhen): boolean {
  switch (when) {
    case "no-restricted-volumes":
      return !volumes(pod).some((v) => RESTRICTED.some((k) => v[k] !== undefined));
    case "no-csi-volumes":
      return !volumes(pod).some(
        (v) => v.persistentVolumeClaim !== undefined || v.ephemeral !== undefined || v.csi !== undefined,
      );
    case "no-pvc":
      return !volumes(pod).some((v) => v.persistentVolumeClaim !== undefined || v.ephemeral !== undefined);
    case "no-resource-claims": {
      const claims = (pod.spec as { resourceClaims?: unknown[] }).resourceClaims;
      return !claims || claims.length === 0;
    }
  }
}

/** The data key under which a not-modelled plugin records that it was consulted. */
export function notModelledKey(name: string): string {
  return `NotModelled/${name}`;
}

export function unmodelledPlugin(name: string, when: SkipWhen): Plugin {
  return {
    name,
    preFilter(cs) {
      if (preFilterSkips(cs.pod, when)) return PREFILTER_SKIP;
      cs.data.set(notModelledKey(name), true);
      return PREFILTER_OK;
    },
    filter: () => SUCCESS,
    preScore: () => SKIP,
    score: () => 0,
  };
}
