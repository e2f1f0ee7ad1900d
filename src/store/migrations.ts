import { collectionDefs } from "./collections.js";

/**
 * Versioned schema migrations. Each entry runs once, in order, inside a transaction; the SQL is
 * plain enough for SQLite and PostgreSQL alike. Never edit a shipped migration: append a new one.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
  /** PostgreSQL-only statements run after `statements`, in the same transaction (triggers, functions). */
  postgres?: string[];
}

/** The channel the PostgreSQL change trigger NOTIFYs and every instance LISTENs on. */
export const CHANGE_CHANNEL = "lazurite_changes";

/**
 * The trigger that announces a committed write to every listening instance: NOTIFY is
 * transactional (delivered at COMMIT, dropped on ROLLBACK) and fires for writes from any client.
 * The payload names the writer's application_name so an instance can skip its own writes, which
 * it has already announced locally, and the table's schema: deployments that share a database in
 * different schemas (search_path) share the channel too, and ignore each other. A migration that
 * adds a table adds this trigger for it.
 */
export function changeTrigger(table: string): string {
  return `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION lazurite_notify_change()`;
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
  {
    version: 2,
    name: "change notifications",
    statements: [],
    postgres: [
      `CREATE OR REPLACE FUNCTION lazurite_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('${CHANGE_CHANNEL}', json_build_object(
    'table', TG_TABLE_NAME,
    'key', CASE WHEN TG_OP = 'DELETE' THEN OLD.pk ELSE NEW.pk END,
    'schema', TG_TABLE_SCHEMA,
    'origin', current_setting('application_name', true))::text);
  RETURN NULL;
END
$fn$`,
      // The tables of version 1, spelled out: this migration must not change when tables are added.
      ...[
        "tenants",
        "applications",
        "users",
        "subscriptions",
        "resource_groups",
        "video_indexer_accounts",
        "face_resources",
        "role_assignments",
        "signing_keys",
        "settings",
      ].map(changeTrigger),
    ],
  },
];

export const MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
