import Database from "better-sqlite3";
import { CollectionAccess } from "../collection-access.js";
import { chmodSync } from "node:fs";
import { LocalChangeFeed } from "../change-feed.js";
import { MIGRATIONS_TABLE, migrations } from "../migrations.js";
import { buildSqlCollections, type SqlExecutor } from "../sql-collection.js";
import { StoreConflictError, StoreUnavailableError, type Collections, type Store } from "../store.js";

/** SQLite result codes (and their extended forms) that mean "cannot serve now", not "bad request". */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|CANTOPEN|BUSY|LOCKED|READONLY|NOMEM|PROTOCOL)/;

function mapError(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    throw new StoreConflictError("sqlite", (err as Error).message);
  }
  if (code !== undefined && UNAVAILABLE.test(code)) throw new StoreUnavailableError(err);
  throw err;
}

/** One write outside a transaction, waiting for the group commit it is part of. */
interface PendingWrite {
  sql: string;
  params: unknown[];
  ok: (changes: number) => void;
  fail: (e: unknown) => void;
}

/**
 * SQLite through better-sqlite3: one connection, WAL, synchronous=FULL so a write is on disk
 * before its promise resolves. The API is async to match PostgreSQL; transactions are
 * serialised by a queue because they span awaits on a single connection.
 *
 * Writes outside a transaction are group-committed: those that arrive in the same turn of the
 * event loop share one transaction, so one fsync, each under its own savepoint so that one
 * refused write (a conflict) fails alone. A write's promise still resolves only once the commit
 * holding it is on disk. Each fsync blocks the event loop for milliseconds: one per write capped
 * write-heavy routes (liveness session create) at a few hundred a second.
 */
export class SqliteStore extends CollectionAccess implements Store {
  readonly dialect = "sqlite" as const;
  readonly description: string;
  /** In-process only: a SQLite file has one Lazurite instance, so there is nobody else to tell. */
  readonly changes = new LocalChangeFeed();
  private readonly db: Database.Database;
  private txTail: Promise<void> = Promise.resolve();
  private txDepth = 0;
  protected readonly collections: Collections;
  private readonly direct: SqlExecutor;

  constructor(
    /** A database file, or ":memory:". */
    file: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    this.description = file;
    this.db = new Database(file);
    if (file !== ":memory:") {
      chmodSync(file, 0o600);
      this.db.pragma("journal_mode = WAL");
    }
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.direct = this.executor(false);
    this.collections = buildSqlCollections(this.direct, now, (table, key) => this.changes.local(table, key));
  }

  private executor(inTx: boolean): SqlExecutor {
    // Outside a transaction, wait for any open one so a plain call never runs inside it.
    const gate = async () => {
      if (!inTx && this.txDepth > 0) await this.txTail;
    };
    return {
      all: async <R>(sql: string, params: unknown[] = []) => {
        await gate();
        try {
          return this.statement(sql).all(...params) as R[];
        } catch (e) {
          return mapError(e);
        }
      },
      run: async (sql: string, params: unknown[] = []) => {
        await gate();
        if (!inTx) return this.groupWrite(sql, params);
        try {
          return this.statement(sql).run(...params).changes;
        } catch (e) {
          return mapError(e);
        }
      },
    };
  }

  private pending: PendingWrite[] = [];
  private flushScheduled = false;

  private groupWrite(sql: string, params: unknown[]): Promise<number> {
    return new Promise((ok, fail) => {
      const refused = (e: unknown) => {
        try {
          mapError(e);
        } catch (mapped) {
          fail(mapped instanceof Error ? mapped : new Error(String(mapped)));
        }
      };
      this.pending.push({ sql, params, ok, fail: refused });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => void this.flushWrites());
    });
  }

  /** Commits the writes gathered so far in one transaction (after any open one), then answers each. */
  private async flushWrites(): Promise<void> {
    while (this.txDepth > 0) await this.txTail;
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (!this.db.open) {
      for (const w of batch) w.fail(new StoreUnavailableError(new Error("the store is closed")));
      return;
    }
    if (batch.length === 1) {
      const w = batch[0]!;
      try {
        w.ok(this.statement(w.sql).run(...w.params).changes);
      } catch (e) {
        w.fail(e);
      }
      return;
    }
    const outcomes: ({ changes: number } | { error: unknown })[] = [];
    try {
      this.db.exec("BEGIN IMMEDIATE");
      for (const w of batch) {
        this.db.exec("SAVEPOINT lazurite_write");
        try {
          outcomes.push({ changes: this.statement(w.sql).run(...w.params).changes });
        } catch (e) {
          this.db.exec("ROLLBACK TO lazurite_write");
          outcomes.push({ error: e });
        }
        this.db.exec("RELEASE lazurite_write");
      }
      this.db.exec("COMMIT");
    } catch (e) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      for (const w of batch) w.fail(e);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if ("error" in o) w.fail(o.error);
      else w.ok(o.changes);
    });
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: preparing costs more than running these small statements. */
  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  async migrate(): Promise<void> {
    this.db.exec(MIGRATIONS_TABLE);
    const applied = new Set(
      (this.db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version),
    );
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      this.db
        .transaction(() => {
          for (const s of m.statements) this.db.exec(s);
          this.db
            .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
            .run(m.version, m.name, this.now().toISOString());
        })
        .immediate();
    }
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.open && this.db.prepare("SELECT 1 AS ok").get() !== undefined;
    } catch {
      return false;
    }
  }

  async transaction<T>(fn: (tx: Collections) => Promise<T>): Promise<T> {
    const previous = this.txTail;
    let release!: () => void;
    this.txTail = new Promise<void>((r) => (release = r));
    this.txDepth++;
    await previous;
    try {
      this.exec("BEGIN IMMEDIATE");
      const written: [string, string][] = [];
      try {
        const result = await fn(buildSqlCollections(this.executor(true), this.now, (table, key) => written.push([table, key])));
        this.exec("COMMIT");
        for (const [table, key] of written) this.changes.local(table, key);
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw e;
      }
    } finally {
      this.txDepth--;
      release();
    }
  }

  private exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (e) {
      mapError(e);
    }
  }

  async close(): Promise<void> {
    await this.txTail;
    // Writes already handed in are committed, not dropped.
    if (this.pending.length > 0) await this.flushWrites();
    if (this.db.open) this.db.close();
  }
}
