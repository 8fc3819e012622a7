/**
 * Shared shapes of pack facts: every fact is plain data computed by a small pure extractor from one
 * object (see ./registry.ts). Offending-field facts are lists of findings, each naming the exact
 * JSON Pointer the runner turns into one Diagnostic.
 */

/** One offending (or missing) field; `pointer` is relative to the document root. */
export interface Finding {
  /** JSON Pointer of the offending field; for a missing required field, where it belongs. */
  readonly pointer: string;
  /** Values interpolated into the rule message (`{{name}}`, `{{value}}`, ...). */
  readonly [detail: string]: string | number | boolean | undefined;
}

/** Where the pod spec of an object lives (a Pod, or the pod template of a workload). */
export interface PodTarget {
  readonly kind: string;
  readonly spec: Record<string, unknown>;
  readonly specPointer: string;
  readonly meta: Record<string, unknown>;
  readonly metaPointer: string;
}

/** Which list a container comes from; PSS and the kubelet visit all three. */
export type ContainerList = "initContainers" | "containers" | "ephemeralContainers";

/** A container of the pod spec with its pointer. */
export interface ContainerRef {
  readonly list: ContainerList;
  readonly index: number;
  readonly pointer: string;
  readonly name: string;
  readonly value: Record<string, unknown>;
  /** An init container with restartPolicy Always (a sidecar). */
  readonly sidecar: boolean;
}

/** Everything an extractor may read; memoised per document by the runner. */
export interface FactContext {
  /** The document root object. */
  readonly object: Record<string, unknown>;
  readonly kind: string;
  /** "1.N" as given to loadPacks. */
  readonly kubernetesVersion: string;
  /** The minor number of kubernetesVersion. */
  readonly minor: number;
  /** The pod spec (Pods and workload templates), or undefined. */
  readonly pod: PodTarget | undefined;
  /** All containers of the pod spec (init, regular, ephemeral), in that order; [] without a pod. */
  readonly containers: readonly ContainerRef[];
  /** Value sets from spec/packs/*-data.yaml resolved for kubernetesVersion (e.g. allowedSysctls). */
  readonly sets: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A pure function from a document to one fact value. */
export type Extractor = (ctx: FactContext) => unknown;
