/**
 * Change notifications: every committed write to a store table is announced, so an instance can
 * drop what it cached. On SQLite the feed is in-process (one instance owns the file); on
 * PostgreSQL a trigger NOTIFYs every instance listening on the same database (see
 * postgres/postgres-store.ts), and each instance also announces its own writes at once.
 *
 * Contract for caches built on it:
 * - A listener on table T is called after each committed write to T (`key` = the row's pk), and
 *   after a reset (`table === "*"`): drop everything, changes may have been missed.
 * - While `live` is false (the PostgreSQL listener connection is down) changes can be missed:
 *   do not cache; read through to the store.
 * - Writes inside a transaction are announced after COMMIT, never after a rollback.
 */
export const RESET = "*";

export interface StoreChange {
  /** Table name (collections.ts), or RESET. */
  table: string;
  /** Primary key of the written row ("*" for a reset). */
  key: string;
  /** True when another instance (or any other session on the database) made the change. */
  remote: boolean;
  /** For remote changes on PostgreSQL: seconds from the writing transaction's start (database clock) to the notification's arrival here. */
  lagSeconds?: number | undefined;
}

export type ChangeListener = (change: StoreChange) => void;

export interface ChangeFeed {
  /** False while changes made elsewhere might be missed (PostgreSQL listener down or not started). */
  readonly live: boolean;
  /**
   * Calls `listener` after every committed change to `table` and on every reset; `"*"` listens
   * to all tables. Returns a function that removes the listener.
   */
  on(table: string, listener: ChangeListener): () => void;
}

/** The in-process feed: announces this process's writes (SQLite), and the base of the PostgreSQL feed. */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Map<string, Set<ChangeListener>>();

  get live(): boolean {
    return true;
  }

  on(table: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(table);
    if (!set) this.listeners.set(table, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Announces one change to the listeners of its table, of "*", and (for a reset) to everyone. */
  emit(change: StoreChange): void {
    const targets = new Set<ChangeListener>();
    if (change.table === RESET) {
      for (const set of this.listeners.values()) for (const l of set) targets.add(l);
    } else {
      for (const l of this.listeners.get(change.table) ?? []) targets.add(l);
      for (const l of this.listeners.get(RESET) ?? []) targets.add(l);
    }
    for (const l of targets) {
      try {
        l(change);
      } catch {
        // A failing listener must not stop the others, nor the write that triggered it.
      }
    }
  }

  /** Told of every change this process makes (--workers on SQLite: the other workers are told through the primary). */
  relay: ((table: string, key: string) => void) | undefined;

  local(table: string, key: string): void {
    this.emit({ table, key, remote: false });
    this.relay?.(table, key);
  }

  reset(remote = true): void {
    this.emit({ table: RESET, key: RESET, remote });
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
