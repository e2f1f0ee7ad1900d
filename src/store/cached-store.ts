import { ChangeCache } from "./change-cache.js";
import { collectionDefs } from "./collections.js";
import type { Collection, Collections, ListQuery, Store } from "./store.js";

/**
 * Reads served from memory, kept correct by the change feed: every committed write to a table
 * (by this instance at once, by others within the feed's delay) drops that table's cached reads.
 * The hot paths (token issuing, key and role checks) then touch no database at all.
 *
 * Cached values are shared between callers: treat what a read returns as immutable.
 */
class CachedCollection<T> implements Collection<T> {
  constructor(
    private readonly inner: Collection<T>,
    private readonly cache: ChangeCache<unknown>,
  ) {}

  get(key: string): Promise<T | undefined> {
    return this.cache.get(`g|${key}`, () => this.inner.get(key)) as Promise<T | undefined>;
  }
  getByAlt(alt: string): Promise<T | undefined> {
    return this.cache.get(`a|${alt}`, () => this.inner.getByAlt(alt)) as Promise<T | undefined>;
  }
  list(query?: ListQuery): Promise<T[]> {
    return this.cache.get(`l|${query?.scope ?? ""}|${query?.scopePrefix ?? ""}`, () => this.inner.list(query)) as Promise<T[]>;
  }
  count(query?: ListQuery): Promise<number> {
    return this.cache.get(`c|${query?.scope ?? ""}|${query?.scopePrefix ?? ""}`, () => this.inner.count(query)) as Promise<number>;
  }
  insert(entity: T): Promise<boolean> {
    return this.inner.insert(entity);
  }
  upsert(entity: T): Promise<boolean> {
    return this.inner.upsert(entity);
  }
  delete(key: string): Promise<boolean> {
    return this.inner.delete(key);
  }
}

/** Wraps a store so its collections' reads are cached; transactions still read the database. */
export function withReadCache(store: Store, maxEntriesPerTable = 20_000): Store {
  const cached = {} as Record<string, unknown>;
  for (const [name, def] of Object.entries(collectionDefs)) {
    if (def.readCache === false) {
      cached[name] = store[name as keyof Collections];
      continue;
    }
    const cache = new ChangeCache<unknown>(store.changes, { tables: [def.table], maxEntries: maxEntriesPerTable });
    // The union of every collection type is narrowed by hand: each entry pairs a name with its own collection.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    cached[name] = new CachedCollection(store[name as keyof Collections] as Collection<unknown>, cache);
  }
  return Object.assign(Object.create(null), cached, {
    get dialect() {
      return store.dialect;
    },
    get description() {
      return store.description;
    },
    get changes() {
      return store.changes;
    },
    migrate: () => store.migrate(),
    ping: () => store.ping(),
    transaction: <R>(fn: (tx: Collections) => Promise<R>) => store.transaction(fn),
    close: () => store.close(),
  }) as Store;
}
