import type { ChangeFeed } from "./change-feed.js";

export interface ChangeCacheOptions {
  /** Tables whose changes drop entries (collections.ts table names). */
  tables: string[];
  /**
   * When the cache key is the changed row's pk, drop only that entry; otherwise (the default) any
   * change to the tables drops everything, which is always correct.
   */
  byRowKey?: boolean;
  /** Bound on entries; the oldest goes first (default 10 000). */
  maxEntries?: number;
  /**
   * Keys longer than this are never cached, only read through (default 256). Keys are built from
   * what callers send (names, ids, scopes): without this bound, unique long values, each a miss,
   * would fill memory 10 000 entries at a time.
   */
  maxKeyLength?: number;
}

/**
 * A read-through cache kept honest by the store's change feed: what the hot path reads on every
 * request (role assignments, Face keys, accounts) can be cached here and stays correct across
 * instances on a shared PostgreSQL database, within the feed's delay (docs/scale-out.md).
 *
 * - A change to one of `tables`, by this instance or another, drops entries; a reset drops all.
 * - While the feed is not live nothing is cached: every get reads through.
 * - A load in flight when its entry is invalidated is returned to the callers already waiting
 *   for it, but is no longer in the cache: the next get loads again.
 */
export class ChangeCache<V> {
  private readonly entries = new Map<string, Promise<V>>();
  private readonly max: number;
  private readonly maxKeyLength: number;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly feed: ChangeFeed,
    opts: ChangeCacheOptions,
  ) {
    this.max = opts.maxEntries ?? 10_000;
    this.maxKeyLength = opts.maxKeyLength ?? 256;
    this.unsubscribe = opts.tables.map((t) =>
      feed.on(t, (c) => {
        if (opts.byRowKey && c.table !== "*") this.delete(c.key);
        else this.clear();
      }),
    );
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.feed.live || key.length > this.maxKeyLength) return load();
    const hit = this.entries.get(key);
    if (hit) return hit;
    const p = load();
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, p);
    p.catch(() => {
      if (this.entries.get(key) === p) this.entries.delete(key);
    });
    return p;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Stops listening (the store's close does this for every listener anyway). */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.entries.clear();
  }
}
