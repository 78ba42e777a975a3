/**
 * A bounded map whose entries expire: for answers that change rarely
 * (permission decisions, authenticated tokens, catalog groups). When full it
 * starts over rather than tracking use.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` for the TTL, or until `expiresAt` (ms) if that is sooner. */
  set(key: string, value: T, expiresAt = Infinity) {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, {
      value,
      expires: Math.min(Date.now() + this.ttlMs, expiresAt),
    });
  }
}
