import { randomBytes } from "node:crypto";
import { CollectionAccess } from "../collection-access.js";
import pg from "pg";
import { MIGRATIONS_TABLE, migrations } from "../migrations.js";
import { buildSqlCollections, type SqlExecutor } from "../sql-collection.js";
import { StoreConflictError, StoreUnavailableError, type Collections, type Store } from "../store.js";
import { PostgresChangeFeed } from "./change-listener.js";
import { isPostgresUrl, redactDatabaseUrl } from "./database-url.js";

export { isPostgresUrl, redactDatabaseUrl };

export interface PostgresStoreOptions {
  /** postgres:// or postgresql:// URL (libpq-style query parameters such as sslmode are understood by pg). */
  url: string;
  /** Pooled connections for requests (default 10); the change listener uses one more. */
  poolSize?: number | undefined;
  now?: (() => Date) | undefined;
  /** How often the change listener checks its connection (ms, default 500); see `live`. */
  heartbeatMs?: number | undefined;
  /** Give up connecting after this long (ms, default 10 000). */
  connectTimeoutMs?: number | undefined;
}

export const DEFAULT_POOL_SIZE = 10;

/** Advisory lock keys (two-int form): the namespace is "LZ". */
const LOCK_NS = 0x4c5a;
const LOCK_MIGRATIONS = 1;
const LOCK_TRANSACTIONS = 2;

/** `?` placeholders (shared with SQLite) to PostgreSQL's `$1, $2…`, leaving quoted text alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === "?" && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/**
 * The URL without application_name: each store sets its own, unique per instance, which the change
 * trigger uses to tell an instance its own writes apart (pg lets the URL override the config).
 */
function withoutApplicationName(url: string): string {
  try {
    const u = new URL(url);
    for (const k of ["application_name", "fallback_application_name"]) u.searchParams.delete(k);
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Errors that mean the database cannot serve now: connection failures, a server shutting down or
 * refusing connections (SQLSTATE classes 08 and 57P, 53300), and pg's own messages for a pool that
 * cannot connect or a connection that died.
 */
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN", "53300"]);
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith("08") || e.code.startsWith("57P"))) return true;
  const m = e.message ?? "";
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/.test(
    m,
  );
}

function mapError(err: unknown): never {
  const e = err as { code?: string; table?: string; detail?: string; message?: string };
  if (e.code === "23505") throw new StoreConflictError(e.table ?? "postgres", e.detail ?? e.message);
  if (isUnavailable(err)) throw new StoreUnavailableError(err);
  throw err;
}

function executor(q: { query: (text: string, values?: unknown[]) => Promise<pg.QueryResult> }): SqlExecutor {
  return {
    all: async <R>(sql: string, params: unknown[] = []) => {
      try {
        return (await q.query(numberPlaceholders(sql), params)).rows as R[];
      } catch (e) {
        return mapError(e);
      }
    },
    run: async (sql: string, params: unknown[] = []) => {
      try {
        return (await q.query(numberPlaceholders(sql), params)).rowCount ?? 0;
      } catch (e) {
        return mapError(e);
      }
    },
  };
}

/**
 * PostgreSQL through a pg connection pool. Same tables and SQL as SQLite (placeholders
 * renumbered). Store transactions run on one pooled client and are serialised across every
 * instance by a transaction-level advisory lock, which gives them SQLite's semantics (a
 * read-modify-write inside a transaction never loses a concurrent transaction's write) and makes
 * check-then-create admin operations safe from any instance. Single writes outside transactions
 * do not take the lock; unique constraints (pk and alt) still refuse duplicates.
 */
export class PostgresStore extends CollectionAccess implements Store {
  readonly dialect = "postgres" as const;
  readonly description: string;
  readonly changes: PostgresChangeFeed;
  /** application_name of this store's connections, unique per instance. */
  readonly origin = `lazurite/${randomBytes(6).toString("hex")}`;
  readonly poolSize: number;
  private readonly pool: pg.Pool;
  protected readonly collections: Collections;
  private readonly now: () => Date;
  private closed = false;

  constructor(opts: PostgresStoreOptions) {
    super();
    if (!isPostgresUrl(opts.url)) throw new Error(`not a PostgreSQL URL: ${redactDatabaseUrl(opts.url)}`);
    this.now = opts.now ?? (() => new Date());
    this.poolSize = opts.poolSize ?? DEFAULT_POOL_SIZE;
    this.description = redactDatabaseUrl(opts.url);
    const base: pg.ClientConfig = {
      connectionString: withoutApplicationName(opts.url),
      application_name: this.origin,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      keepAlive: true,
    };
    this.pool = new pg.Pool({ ...base, max: this.poolSize, idleTimeoutMillis: 30_000 });
    // An idle pooled client whose server went away emits here; without a handler it would crash the process.
    this.pool.on("error", () => {});
    this.changes = new PostgresChangeFeed(base, this.origin, opts.heartbeatMs ?? 500);
    this.collections = buildSqlCollections(executor(this.pool), this.now, (table, key) => this.changes.local(table, key));
  }

  /** Connects, migrates (under a lock) and starts listening for changes. */
  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(opts);
    try {
      await store.migrate();
      await store.changes.start();
      return store;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /**
   * Applies pending migrations. A session-level advisory lock makes concurrent starts safe: the
   * first instance migrates, the others wait for it and then find nothing to do. The lock goes
   * with the session if the process dies.
   */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_NS, LOCK_MIGRATIONS]);
      try {
        await client.query(MIGRATIONS_TABLE);
        const applied = new Set(
          (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version),
        );
        for (const m of migrations) {
          if (applied.has(m.version)) continue;
          await client.query("BEGIN");
          try {
            for (const s of [...m.statements, ...(m.postgres ?? [])]) await client.query(s);
            await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
              m.version,
              m.name,
              this.now().toISOString(),
            ]);
            await client.query("COMMIT");
          } catch (e) {
            await client.query("ROLLBACK").catch(() => {});
            throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
          }
        }
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_NS, LOCK_MIGRATIONS]).catch((e: Error) => (broken = e));
      }
    } finally {
      client.release(broken);
    }
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      return (await this.pool.query("SELECT 1 AS ok")).rows.length === 1;
    } catch {
      return false;
    }
  }

  async transaction<T>(fn: (tx: Collections) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      return mapError(e);
    }
    let broken: Error | undefined;
    const written: [string, string][] = [];
    try {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_NS, LOCK_TRANSACTIONS]);
        const result = await fn(buildSqlCollections(executor(client), this.now, (table, key) => written.push([table, key])));
        // COMMIT of a transaction that an earlier failed statement aborted answers ROLLBACK, not an error.
        const commit = await client.query("COMMIT");
        if (commit.command === "ROLLBACK") throw new Error("transaction rolled back: a statement inside it failed");
        for (const [table, key] of written) this.changes.local(table, key);
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch((err: Error) => (broken = err));
        if (isUnavailable(e)) throw new StoreUnavailableError(e);
        throw e;
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.changes.stop();
    await this.pool.end();
  }
}
