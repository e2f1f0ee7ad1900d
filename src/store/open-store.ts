import { join } from "node:path";
import { isPostgresUrl, redactDatabaseUrl } from "./postgres/database-url.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

export interface StoreOptions {
  /** Data directory; ignored when inMemory or when `db` is given. */
  location: string;
  inMemory: boolean;
  /** A postgres:// URL: use that PostgreSQL database instead of SQLite (several instances may share it). */
  db?: string | undefined;
  /** Pooled PostgreSQL connections per instance. */
  poolSize?: number | undefined;
  now?: () => Date;
}

export const DATABASE_FILE = "lazurite.db";

/** Opens and migrates the configured store. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.db !== undefined) {
    if (!isPostgresUrl(opts.db)) throw new Error(`--db must be a postgres:// or postgresql:// URL, not ${redactDatabaseUrl(opts.db)}`);
    // pg (about 40 ms of module loading) only when a database is named.
    const { PostgresStore } = await import("./postgres/postgres-store.js");
    return PostgresStore.open({ url: opts.db, poolSize: opts.poolSize, now: opts.now });
  }
  const store = new SqliteStore(opts.inMemory ? ":memory:" : join(opts.location, DATABASE_FILE), opts.now);
  await store.migrate();
  return store;
}
