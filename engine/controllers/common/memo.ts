/**
 * Skipping syncs whose inputs have not changed (the equivalent of a controller not being woken by
 * its informers). A sync is a pure function of its inputs (the object, the pods and objects it
 * reads, the time, the version, the controller's private state); when a sync with some inputs
 * changed nothing, a later sync with the
 * same inputs (compared by reference — states are immutable) would change nothing either, so it is
 * skipped. This is a cache, not state: results are identical with or without it.
 */

/** Remembers, per workload object, the inputs of its last sync that changed nothing. */
export class NoopMemo {
  private readonly seen = new WeakMap<object, readonly unknown[]>();

  /** Whether `obj`'s last no-op sync had exactly these inputs. */
  isNoop(obj: object, inputs: readonly unknown[]): boolean {
    const prev = this.seen.get(obj);
    if (!prev || prev.length !== inputs.length) return false;
    for (let i = 0; i < inputs.length; i++) if (prev[i] !== inputs[i]) return false;
    return true;
  }

  /** Records that a sync of `obj` with these inputs changed nothing. */
  remember(obj: object, inputs: readonly unknown[]): void {
    this.seen.set(obj, inputs);
  }
}

const hashes = new WeakMap<object, string>();

/** Memoizes a template hash by the template object's identity. */
export function memoHash(template: object, compute: () => string): string {
  const h = hashes.get(template);
  if (h !== undefined) return h;
  const v = compute();
  hashes.set(template, v);
  return v;
}
