/**
 * The scheduler's explicit, seeded randomness (DESIGN.md "Pure transitions"): kube-scheduler breaks
 * score ties with `rand.Intn` (schedule_one.go selectHost, reservoir sampling over the argmax set).
 * kubespec draws the same uniform choice from `state.rng` with mulberry32, so every argmax node is
 * reachable and a seed replays exactly.
 */

/** One mulberry32 step: the next state and a float in [0, 1). */
export function nextRandom(rng: number): { rng: number; value: number } {
  const next = (rng + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { rng: next, value };
}

/** A uniform index in [0, n) and the advanced state; n === 1 does not advance the state. */
export function chooseIndex(rng: number, n: number): { rng: number; index: number } {
  if (n <= 1) return { rng, index: 0 };
  const r = nextRandom(rng);
  return { rng: r.rng, index: Math.min(n - 1, Math.floor(r.value * n)) };
}
