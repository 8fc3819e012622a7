/** Build the FactContext of one document (pod target and containers located once). */
import { minorOf } from "../../../model/versions.js";
import { obj, str } from "./access.js";
import { containersOf, podTargetOf } from "./pod-target.js";
import type { FactContext } from "./types.js";

/** The context extractors read, or undefined when the document is not a Kubernetes object. */
export function factContext(
  value: unknown,
  kubernetesVersion: string,
  sets: ReadonlyMap<string, ReadonlySet<string>>,
): FactContext | undefined {
  const object = obj(value);
  const kind = object && str(object, "kind");
  if (!object || !kind) return undefined;
  const pod = podTargetOf(object, kind);
  return {
    object,
    kind,
    kubernetesVersion,
    minor: minorOf(kubernetesVersion) ?? 0,
    pod,
    containers: containersOf(pod),
    sets,
  };
}
