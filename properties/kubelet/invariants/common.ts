/** Shared accessors for kubelet invariants. */
import { kubeletState } from "../../../engine/kubelet/controller.js";
import type { PodRuntime } from "../../../engine/kubelet/runtime.js";
import type { Pod } from "../../../engine/model/k8s.js";
import type { ClusterState } from "../../../engine/model/state.js";

/** A transition invariant: a message when (prev → next) violates it, else undefined. */
export type TransitionInvariant = (prev: ClusterState, next: ClusterState) => string | undefined;

export function runtimeOf(state: ClusterState, key: string): PodRuntime | undefined {
  return kubeletState(state).runtimes.get(key);
}

export function samePod(a: Pod | undefined, b: Pod | undefined): boolean {
  return a !== undefined && b !== undefined && a.metadata.uid === b.metadata.uid;
}

export const isSidecarName = (pod: Pod, name: string) =>
  (pod.spec.initContainers ?? []).some((c) => c.name === name && c.restartPolicy === "Always");
