/**
 * CrashLoopBackOff schedule, checked against a model of flowcontrol.Backoff as the kubelet uses it
 * (doBackOff: the newest exited instance decides; first restart immediate, then 10s doubling to
 * 300s; an entry expires when the exit comes more than 600s after its last update). Restarts of an
 * instance the kubelet itself killed (probe failures) happen in the same sync and are judged by
 * the previous exit, so they only advance the entry.
 */
import type { ClusterState } from "../../../engine/model/state.js";
import { runtimeOf } from "./common.js";

const INITIAL = 10_000;
const MAX = 300_000;
const EXPIRE = 600_000;

interface Entry {
  backoff: number;
  lastUpdate: number;
}

interface Track {
  attempt: number;
  /** finishedAt of the newest instance that exited before the current one, if any. */
  lastExit?: number;
  entry?: Entry;
}

/** A stateful checker: feed it every transition in order. */
export class BackoffOracle {
  private readonly tracks = new Map<string, Track>();
  /** Restarts whose delay was checked (for coverage). */
  checked = 0;

  check(_prev: ClusterState, next: ClusterState): string | undefined {
    for (const [key, p] of next.pods.entries()) {
      const rt = runtimeOf(next, key);
      if (!rt) continue;
      for (const [name, list] of Object.entries(rt.containers)) {
        const cur = list[0];
        if (!cur) continue;
        const id = `${p.metadata.uid}/${name}`;
        const t = this.tracks.get(id);
        if (!t || cur.attempt !== t.attempt + 1) {
          // First sight, an unobserved restart in between, or statuses purged: start over.
          if (!t || cur.attempt !== t.attempt) this.tracks.set(id, { attempt: cur.attempt });
          continue;
        }
        const prevInstance = list[1];
        const killed = prevInstance?.killedBy !== undefined;
        const exit = killed ? t.lastExit : prevInstance?.finishedAt;
        const track: Track = {
          attempt: cur.attempt,
          ...(prevInstance?.finishedAt !== undefined ? { lastExit: prevInstance.finishedAt } : {}),
        };
        if (exit === undefined) {
          // No exited status: doBackOff does not run, the entry is untouched.
          if (t.entry) track.entry = t.entry;
          this.tracks.set(id, track);
          continue;
        }
        const live = t.entry && !(exit - t.entry.lastUpdate > EXPIRE) ? t.entry : undefined;
        if (!killed && live) {
          this.checked++;
          const gap = cur.startedAt - exit;
          if (gap < live.backoff)
            return `${key}: ${name} restarted ${gap}ms after exiting, backoff requires ${live.backoff}ms`;
        }
        track.entry = live
          ? { backoff: Math.min(live.backoff * 2, MAX), lastUpdate: cur.startedAt }
          : { backoff: INITIAL, lastUpdate: cur.startedAt };
        this.tracks.set(id, track);
      }
    }
    return undefined;
  }
}
