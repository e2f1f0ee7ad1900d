import { collectionDefs, type CollectionDef } from "./collections.js";
import type { Collection, Collections, ListQuery } from "./store.js";

/**
 * The few SQL primitives a dialect provides. Statements use `?` placeholders; a dialect that
 * numbers its parameters rewrites them.
 */
export interface SqlExecutor {
  all<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Returns the number of affected rows. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

interface Row {
  data: string;
}

/** Escape LIKE wildcards so a scope prefix matches literally. */
function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
}

function where(query: ListQuery | undefined): { clause: string; params: unknown[] } {
  if (query?.scope !== undefined) return { clause: " WHERE scope = ?", params: [query.scope] };
  if (query?.scopePrefix !== undefined) {
    return { clause: " WHERE scope LIKE ? ESCAPE '\\'", params: [likePrefix(query.scopePrefix)] };
  }
  return { clause: "", params: [] };
}

/** Told of each row a write changed (table, pk); a store announces it once the write is committed. */
export type WriteObserver = (table: string, key: string) => void;

/** A Collection over a table with the uniform columns; identical SQL for SQLite and PostgreSQL. */
export class SqlCollection<T> implements Collection<T> {
  constructor(
    private readonly exec: SqlExecutor,
    private readonly def: CollectionDef<T>,
    private readonly now: () => Date,
    private readonly onWrite: WriteObserver = () => {},
  ) {}

  private parse(rows: Row[]): T[] {
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  async get(key: string): Promise<T | undefined> {
    const rows = await this.exec.all<Row>(`SELECT data FROM ${this.def.table} WHERE pk = ?`, [key]);
    return this.parse(rows)[0];
  }

  async getByAlt(alt: string): Promise<T | undefined> {
    const rows = await this.exec.all<Row>(`SELECT data FROM ${this.def.table} WHERE alt = ?`, [alt]);
    return this.parse(rows)[0];
  }

  async list(query?: ListQuery): Promise<T[]> {
    const w = where(query);
    const rows = await this.exec.all<Row>(`SELECT data FROM ${this.def.table}${w.clause} ORDER BY pk`, w.params);
    return this.parse(rows);
  }

  async count(query?: ListQuery): Promise<number> {
    const w = where(query);
    const rows = await this.exec.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${this.def.table}${w.clause}`, w.params);
    return Number(rows[0]?.n ?? 0);
  }

  private values(entity: T): unknown[] {
    const d = this.def;
    return [d.key(entity), d.scope(entity), d.alt(entity), JSON.stringify(entity), this.now().toISOString()];
  }

  async insert(entity: T): Promise<boolean> {
    const n = await this.exec.run(
      `INSERT INTO ${this.def.table} (pk, scope, alt, data, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pk) DO NOTHING`,
      this.values(entity),
    );
    if (n === 1) this.onWrite(this.def.table, this.def.key(entity));
    return n === 1;
  }

  async upsert(entity: T): Promise<boolean> {
    // Two statements rather than dialect-specific RETURNING tricks: callers that need atomicity
    // across them run inside a transaction.
    const created = await this.insert(entity);
    if (created) return true;
    const [, scope, alt, data, updatedAt] = this.values(entity);
    await this.exec.run(`UPDATE ${this.def.table} SET scope = ?, alt = ?, data = ?, updated_at = ? WHERE pk = ?`, [
      scope,
      alt,
      data,
      updatedAt,
      this.def.key(entity),
    ]);
    this.onWrite(this.def.table, this.def.key(entity));
    return false;
  }

  async delete(key: string): Promise<boolean> {
    const deleted = (await this.exec.run(`DELETE FROM ${this.def.table} WHERE pk = ?`, [key])) > 0;
    if (deleted) this.onWrite(this.def.table, key);
    return deleted;
  }
}

/** Every collection over one executor (a connection, a pool or a transaction's client). */
export function buildSqlCollections(exec: SqlExecutor, now: () => Date, onWrite?: WriteObserver): Collections {
  const out = {} as Record<string, unknown>;
  for (const [name, def] of Object.entries(collectionDefs)) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: the union of defs is not one def
    out[name] = new SqlCollection(exec, def as CollectionDef<unknown>, now, onWrite);
  }
  return out as unknown as Collections;
}
