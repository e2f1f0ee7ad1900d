import { PostgresStore } from "../../src/store/postgres/postgres-store.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { freshDatabase } from "./postgres.js";

/**
 * Which store this test process runs on. scripts/run-tests.mjs runs every store-dependent test
 * file (those importing this helper or helpers/server) once with SQLite and once with
 * LAZURITE_TEST_STORE=postgres against an embedded PostgreSQL.
 */
export const TEST_STORE: "sqlite" | "postgres" = process.env.LAZURITE_TEST_STORE === "postgres" ? "postgres" : "sqlite";

/** For `describe(name, { skip: postgresOnly }, …)`: such tests run on the PostgreSQL pass only. */
export const postgresOnly: string | false =
  TEST_STORE === "postgres" ? false : "PostgreSQL only: runs on the PostgreSQL pass of scripts/run-tests.mjs";

/** A migrated, empty store of the kind under test: SQLite in memory, or a fresh PostgreSQL database. */
export async function openTestStore(now?: () => Date): Promise<Store> {
  if (TEST_STORE === "postgres") return PostgresStore.open({ url: await freshDatabase(), now, poolSize: 4 });
  const s = new SqliteStore(":memory:", now);
  await s.migrate();
  return s;
}

/** A durable store that can be closed and opened again on the same data (a file, or one database). */
export async function reopenableTestStore(file: string): Promise<{ open(): Promise<Store> }> {
  if (TEST_STORE === "postgres") {
    const url = await freshDatabase();
    return { open: () => PostgresStore.open({ url, poolSize: 4 }) };
  }
  return {
    open: async () => {
      const s = new SqliteStore(file);
      await s.migrate();
      return s;
    },
  };
}
