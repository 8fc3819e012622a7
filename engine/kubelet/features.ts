/**
 * Feature gates the kubelet's semantics depend on, at their default per Kubernetes version
 * (pkg/features/kube_features.go versioned specs). kubespec simulates default clusters.
 */
import { minorOf } from "../model/versions.js";

export interface KubeletGates {
  /** ContainerRestartRules: alpha 1.34 (off), beta 1.35 (on). */
  readonly containerRestartRules: boolean;
  /** ReduceDefaultCrashLoopBackOffDecay: alpha since 1.33, off by default. */
  readonly reduceDefaultCrashLoopBackOffDecay: boolean;
}

const cache = new Map<string, KubeletGates>();

/** The default gates of a "1.N" version. */
export function gatesFor(version: string): KubeletGates {
  const hit = cache.get(version);
  if (hit) return hit;
  const minor = minorOf(version) ?? 36;
  const g: KubeletGates = { containerRestartRules: minor >= 35, reduceDefaultCrashLoopBackOffDecay: false };
  cache.set(version, g);
  return g;
}
