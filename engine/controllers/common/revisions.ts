/**
 * ControllerRevisions for StatefulSets and DaemonSets (pkg/controller/history/controller_history.go,
 * stateful_set_control.go getStatefulSetRevisions / truncateHistory, daemon/update.go constructHistory).
 * A revision stores the pod template; its name is "<owner>-<hash of the template>".
 */
import type { KubeObject } from "../../model/k8s.js";
import type { ClusterState, TraceRecorder } from "../../model/state.js";
import { templateHash } from "./hash.js";
import { memoHash } from "./memo.js";
import type { PodTemplate } from "./state-ops.js";
import { controllerRef, objectStoreKey, putObject, removeObject } from "./state-ops.js";

/** A ControllerRevision: the template snapshot and its sequence number. */
export interface ControllerRevision extends KubeObject {
  readonly kind: "ControllerRevision";
  readonly data: { readonly template: PodTemplate };
  readonly revision: number;
}

/** The revision name of a template: "<owner>-<hash>". */
export function revisionNameFor(ownerName: string, template: PodTemplate): string {
  return `${ownerName}-${memoHash(template, () => templateHash(template))}`;
}

/** The owner's revisions in ascending revision order. */
export function revisionsOf(owned: readonly KubeObject[]): ControllerRevision[] {
  return (owned.filter((o) => o.kind === "ControllerRevision") as ControllerRevision[]).sort(
    (a, b) => a.revision - b.revision || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
  );
}

/**
 * Ensures a ControllerRevision exists for the owner's current template and has the highest revision
 * number (an existing equal revision is re-numbered, as a rollback does upstream).
 */
export function ensureRevision(
  state: ClusterState,
  owner: KubeObject,
  template: PodTemplate,
  existing: readonly ControllerRevision[],
  trace: TraceRecorder,
  ruleId: string,
): { state: ClusterState; name: string; revision: number } {
  const name = revisionNameFor(owner.metadata.name ?? "", template);
  const max = existing.reduce((m, r) => Math.max(m, r.revision), 0);
  const found = existing.find((r) => r.metadata.name === name);
  if (found && found.revision === max) return { state, name, revision: found.revision };
  const cr: ControllerRevision = {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name,
      namespace: owner.metadata.namespace ?? "default",
      ownerReferences: [controllerRef(owner)],
      ...(found?.metadata.uid ? { uid: found.metadata.uid } : { uid: `uid-${state.seq + 1}` }),
    },
    data: { template },
    revision: max + 1,
  };
  const s = found ? state : { ...state, seq: state.seq + 1 };
  return { state: putObject(s, cr, trace, ruleId), name, revision: max + 1 };
}

/**
 * truncateHistory: deletes the oldest revisions that are neither live (current, update, or used by a
 * pod) beyond revisionHistoryLimit.
 */
export function truncateHistory(
  state: ClusterState,
  revisions: readonly ControllerRevision[],
  live: ReadonlySet<string>,
  limit: number,
  trace: TraceRecorder,
  ruleId: string,
): ClusterState {
  const history = revisions.filter((r) => !live.has(r.metadata.name ?? ""));
  const excess = history.length - limit;
  for (let i = 0; i < excess; i++) {
    const r = history[i];
    if (!r) continue;
    state = removeObject(
      state,
      objectStoreKey("ControllerRevision", r.metadata.namespace, r.metadata.name ?? ""),
      trace,
      ruleId,
    );
  }
  return state;
}
