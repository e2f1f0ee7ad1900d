import { collectionDefs } from "./collections.js";

/**
 * Versioned schema migrations. Each entry runs once, in order, inside a transaction; the SQL is
 * plain enough for SQLite and PostgreSQL alike. Never edit a shipped migration: append a new one.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const tables = Object.values(collectionDefs).map((d) => d.table);

export const migrations: Migration[] = [
  {
    version: 1,
    name: "entity tables",
    statements: tables.flatMap((t) => [
      `CREATE TABLE ${t} (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE INDEX ${t}_scope ON ${t} (scope)`,
    ]),
  },
];

export const MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
