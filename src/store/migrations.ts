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

/**
 * Shipped migrations are frozen history: each is spelled out here, and test/migrations.test.ts
 * fails when the SQL of a shipped one changes. A migration that adds a table creates it with the
 * uniform columns (pk, scope, alt, data, updated_at) and its scope index, and adds
 * `changeTrigger(table)` to its PostgreSQL statements.
 */
export const migrations: Migration[] = [
  {
    version: 1,
    name: "entity tables",
    statements: [
      "CREATE TABLE tenants (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX tenants_scope ON tenants (scope)",
      "CREATE TABLE applications (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX applications_scope ON applications (scope)",
      "CREATE TABLE users (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX users_scope ON users (scope)",
      "CREATE TABLE subscriptions (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX subscriptions_scope ON subscriptions (scope)",
      "CREATE TABLE resource_groups (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX resource_groups_scope ON resource_groups (scope)",
      "CREATE TABLE video_indexer_accounts (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX video_indexer_accounts_scope ON video_indexer_accounts (scope)",
      "CREATE TABLE face_resources (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX face_resources_scope ON face_resources (scope)",
      "CREATE TABLE role_assignments (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX role_assignments_scope ON role_assignments (scope)",
      "CREATE TABLE signing_keys (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX signing_keys_scope ON signing_keys (scope)",
      "CREATE TABLE settings (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX settings_scope ON settings (scope)",
    ],
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
  {
    version: 3,
    name: "face liveness sessions",
    statements: [
      "CREATE TABLE liveness_sessions (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX liveness_sessions_scope ON liveness_sessions (scope)",
      "CREATE TABLE liveness_session_images (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX liveness_session_images_scope ON liveness_session_images (scope)",
    ],
    postgres: ["liveness_sessions", "liveness_session_images"].map(changeTrigger),
  },
  {
    version: 4,
    name: "fault rules; change notifications carry their time",
    statements: [
      "CREATE TABLE fault_rules (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX fault_rules_scope ON fault_rules (scope)",
    ],
    postgres: [
      // Version 2's function plus `at`, the database clock at the start of the writing transaction
      // (now(): the same for every row of a transaction, so PostgreSQL still folds identical
      // notifications into one): the receiving instance measures the feed's lag from it (docs/observability.md#metrics).
      `CREATE OR REPLACE FUNCTION lazurite_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('${CHANGE_CHANNEL}', json_build_object(
    'table', TG_TABLE_NAME,
    'key', CASE WHEN TG_OP = 'DELETE' THEN OLD.pk ELSE NEW.pk END,
    'schema', TG_TABLE_SCHEMA,
    'origin', current_setting('application_name', true),
    'at', extract(epoch from now()))::text);
  RETURN NULL;
END
$fn$`,
      changeTrigger("fault_rules"),
    ],
  },
  {
    version: 5,
    name: "resource manager state",
    statements: [
      "CREATE TABLE provider_registrations (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX provider_registrations_scope ON provider_registrations (scope)",
    ],
    postgres: [changeTrigger("provider_registrations")],
  },
];

export const MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
