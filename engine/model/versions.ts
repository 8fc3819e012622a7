/**
 * Kubernetes versions kubespec knows, and version ranges as rule sets declare them
 * (`kubernetesVersions: {min: "1.29", max: "1.33"}`, both inclusive, both optional).
 */

/**
 * The minor versions whose API schemas ship with kubespec (validate) and whose semantics are encoded.
 * 1.35 is absent: no registry package carries its API models (@kubernetes/client-node jumped from
 * 1.4.x = v1.34 to 2.0.x = release-1.36), so its schema cannot be derived honestly.
 */
export const SUPPORTED_VERSIONS = ["1.32", "1.33", "1.34", "1.36"] as const;

/** The default `--kubernetes-version` / Scenario `kubernetesVersion`: the newest supported. */
export const DEFAULT_VERSION = "1.36";

export interface VersionRange {
  readonly min?: string;
  readonly max?: string;
}

const VERSION_RE = /^1\.(\d+)$/;

/** The minor number of "1.N" (or "v1.N"); undefined when malformed. */
export function minorOf(version: string): number | undefined {
  const m = VERSION_RE.exec(version.startsWith("v") ? version.slice(1) : version);
  return m ? Number(m[1]) : undefined;
}

/** Compare two "1.N" versions numerically (1.9 < 1.10). */
export function compareVersions(a: string, b: string): number {
  return (minorOf(a) ?? Number.NaN) - (minorOf(b) ?? Number.NaN);
}

/** Whether `version` lies in the inclusive range (an absent bound is open). */
export function inRange(version: string, range: VersionRange | undefined): boolean {
  if (!range) return true;
  if (range.min !== undefined && compareVersions(version, range.min) < 0) return false;
  if (range.max !== undefined && compareVersions(version, range.max) > 0) return false;
  return true;
}
