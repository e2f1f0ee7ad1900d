import { join } from "node:path";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

export interface StoreOptions {
  /** Data directory; ignored when inMemory. */
  location: string;
  inMemory: boolean;
  now?: () => Date;
}

export const DATABASE_FILE = "lazurite.db";

/** Opens and migrates the configured store. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = new SqliteStore(opts.inMemory ? ":memory:" : join(opts.location, DATABASE_FILE), opts.now);
  await store.migrate();
  return store;
}
