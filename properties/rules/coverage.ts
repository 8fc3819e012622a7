/** Counters proving the generators reach the interesting states (asserted after each property). */

export class Coverage {
  private readonly counts = new Map<string, number>();

  hit(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys with a prefix, e.g. all `op:` counters. */
  withPrefix(prefix: string): Map<string, number> {
    return new Map([...this.counts].filter(([k]) => k.startsWith(prefix)));
  }

  /** A stable one-line summary for the test log. */
  summary(): string {
    return [...this.counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
  }
}
