import { collectionDefs } from "../store/collections.js";
import type { Collection, Collections, Store } from "../store/store.js";
import type { Metrics } from "./metrics.js";

const OPERATIONS = ["get", "getByAlt", "list", "count", "insert", "upsert", "delete"] as const;

function timed<T>(metrics: Metrics, table: string, operation: string, run: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const done = () => metrics.storeOperation(table, operation, Number(process.hrtime.bigint() - start) / 1e9);
  const p = run();
  p.then(done, done);
  return p;
}

/**
 * The store with the latency of each operation recorded. It goes under the read cache, so only
 * what reaches the database is measured; a transaction is measured as a whole (its statements
 * run on the dialect's own transaction collections).
 */
export function withStoreMetrics(store: Store, metrics: Metrics): Store {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, def] of Object.entries(collectionDefs)) {
    const inner = store[name as keyof Collections] as Collection<unknown>;
    const c = {} as Record<string, unknown>;
    for (const op of OPERATIONS) {
      const method = inner[op].bind(inner) as (arg?: unknown) => Promise<unknown>;
      c[op] = (arg?: unknown) => timed(metrics, def.table, op, () => method(arg));
    }
    wrapped[name] = c;
  }
  return Object.assign(Object.create(null), wrapped, {
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
    transaction: <R>(fn: (tx: Collections) => Promise<R>) => timed(metrics, "*", "transaction", () => store.transaction(fn)),
    close: () => store.close(),
  }) as Store;
}
