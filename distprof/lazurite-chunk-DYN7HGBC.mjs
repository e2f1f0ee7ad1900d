import { createRequire as __lazuriteRequire } from "node:module"; const require = __lazuriteRequire(import.meta.url);

// src/store/store.ts
var StoreUnavailableError = class extends Error {
  code = "STORE_UNAVAILABLE";
  constructor(cause) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StoreUnavailableError";
  }
};
function isStoreUnavailable(e) {
  return e instanceof StoreUnavailableError;
}
var StoreConflictError = class extends Error {
  constructor(table, message = `conflicting unique value in ${table}`) {
    super(message);
    this.table = table;
    this.name = "StoreConflictError";
  }
  table;
  code = "STORE_CONFLICT";
};

// src/store/postgres/database-url.ts
function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//i.test(url);
}
function redactDatabaseUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(k)) u.searchParams.set(k, "***");
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

// src/store/collection-access.ts
var CollectionAccess = class {
  get tenants() {
    return this.collections.tenants;
  }
  get applications() {
    return this.collections.applications;
  }
  get users() {
    return this.collections.users;
  }
  get subscriptions() {
    return this.collections.subscriptions;
  }
  get resourceGroups() {
    return this.collections.resourceGroups;
  }
  get videoIndexerAccounts() {
    return this.collections.videoIndexerAccounts;
  }
  get faceResources() {
    return this.collections.faceResources;
  }
  get roleAssignments() {
    return this.collections.roleAssignments;
  }
  get signingKeys() {
    return this.collections.signingKeys;
  }
  get settings() {
    return this.collections.settings;
  }
  get livenessSessions() {
    return this.collections.livenessSessions;
  }
  get livenessSessionImages() {
    return this.collections.livenessSessionImages;
  }
  get providerRegistrations() {
    return this.collections.providerRegistrations;
  }
  get faultRules() {
    return this.collections.faultRules;
  }
};

// src/store/migrations.ts
var CHANGE_CHANNEL = "lazurite_changes";
function changeTrigger(table) {
  return `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION lazurite_notify_change()`;
}
var migrations = [
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
      "CREATE INDEX settings_scope ON settings (scope)"
    ]
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
        "settings"
      ].map(changeTrigger)
    ]
  },
  {
    version: 3,
    name: "face liveness sessions",
    statements: [
      "CREATE TABLE liveness_sessions (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX liveness_sessions_scope ON liveness_sessions (scope)",
      "CREATE TABLE liveness_session_images (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX liveness_session_images_scope ON liveness_session_images (scope)"
    ],
    postgres: ["liveness_sessions", "liveness_session_images"].map(changeTrigger)
  },
  {
    version: 4,
    name: "fault rules; change notifications carry their time",
    statements: [
      "CREATE TABLE fault_rules (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX fault_rules_scope ON fault_rules (scope)"
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
      changeTrigger("fault_rules")
    ]
  },
  {
    version: 5,
    name: "resource manager state",
    statements: [
      "CREATE TABLE provider_registrations (pk TEXT PRIMARY KEY, scope TEXT NOT NULL, alt TEXT UNIQUE, data TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX provider_registrations_scope ON provider_registrations (scope)"
    ],
    postgres: [changeTrigger("provider_registrations")]
  }
];
var MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

// src/model/face.ts
function faceSubdomain(f) {
  if (f.customSubDomainName === void 0) return f.name;
  return f.customSubDomainName ?? void 0;
}

// src/model/ids.ts
import { createHash, randomUUID } from "node:crypto";
var GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isGuid(value) {
  return typeof value === "string" && GUID_RE.test(value);
}
function newGuid() {
  return randomUUID();
}
function guidFromName(namespace, name) {
  const h = createHash("sha1").update(namespace).update("\0").update(name).digest();
  h[6] = h[6] & 15 | 80;
  h[8] = h[8] & 63 | 128;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
function canon(name) {
  return name.toLowerCase();
}

// src/store/collections.ts
var keyOf = {
  tenant: (id) => canon(id),
  application: (tenantId, clientId) => canon(`${tenantId}/${clientId}`),
  user: (tenantId, objectId) => canon(`${tenantId}/${objectId}`),
  userUpn: (tenantId, upn) => canon(`${tenantId}/${upn}`),
  subscription: (id) => canon(id),
  resourceGroup: (subscriptionId, name) => canon(`${subscriptionId}/${name}`),
  resource: (subscriptionId, rg, name) => canon(`${subscriptionId}/${rg}/${name}`),
  roleAssignment: (id) => canon(id),
  roleAssignmentAlt: (a) => canon(`${a.principalId}|${a.roleDefinitionId}|${a.scope}`),
  providerRegistration: (subscriptionId, namespace) => canon(`${subscriptionId}/${namespace}`),
  signingKey: (kid) => kid,
  activeSigningKey: (k) => k.status === "active" ? `${k.issuer}|active` : null,
  setting: (name) => name,
  livenessSession: (sessionId) => canon(sessionId),
  /** Scope of a Face resource's liveness sessions; the images of one session extend it with the session id. */
  livenessScope: (subscriptionId, rg, name) => canon(`${subscriptionId}/${rg}/${name}`),
  livenessImagesScope: (subscriptionId, rg, name, sessionId) => canon(`${subscriptionId}/${rg}/${name}/${sessionId}`),
  /** Session image ids are base64url: case matters. */
  livenessSessionImage: (sessionImageId) => sessionImageId,
  faultRule: (id) => canon(id)
};
var collectionDefs = {
  tenants: { table: "tenants", key: (e) => keyOf.tenant(e.id), scope: () => "", alt: () => null },
  applications: {
    table: "applications",
    key: (e) => keyOf.application(e.tenantId, e.clientId),
    scope: (e) => canon(e.tenantId),
    alt: (e) => canon(e.objectId)
  },
  users: {
    table: "users",
    key: (e) => keyOf.user(e.tenantId, e.objectId),
    scope: (e) => canon(e.tenantId),
    alt: (e) => keyOf.userUpn(e.tenantId, e.userPrincipalName)
  },
  subscriptions: {
    table: "subscriptions",
    key: (e) => keyOf.subscription(e.id),
    scope: (e) => canon(e.tenantId),
    alt: () => null
  },
  resourceGroups: {
    table: "resource_groups",
    key: (e) => keyOf.resourceGroup(e.subscriptionId, e.name),
    scope: (e) => canon(e.subscriptionId),
    alt: () => null
  },
  videoIndexerAccounts: {
    table: "video_indexer_accounts",
    key: (e) => keyOf.resource(e.subscriptionId, e.resourceGroup, e.name),
    scope: (e) => canon(`${e.subscriptionId}/${e.resourceGroup}`),
    alt: (e) => canon(e.accountId)
  },
  faceResources: {
    table: "face_resources",
    key: (e) => keyOf.resource(e.subscriptionId, e.resourceGroup, e.name),
    scope: (e) => canon(`${e.subscriptionId}/${e.resourceGroup}`),
    // The custom subdomain (for config/admin resources: the name), which Azure keeps globally unique.
    alt: (e) => {
      const sub = faceSubdomain(e);
      return sub === void 0 ? null : canon(sub);
    }
  },
  roleAssignments: {
    table: "role_assignments",
    key: (e) => keyOf.roleAssignment(e.id),
    scope: (e) => canon(e.scope),
    alt: (e) => keyOf.roleAssignmentAlt(e)
  },
  signingKeys: {
    table: "signing_keys",
    key: (e) => keyOf.signingKey(e.kid),
    scope: (e) => e.issuer,
    // Unique: at most one active key per issuer, even when instances create keys concurrently.
    alt: (e) => keyOf.activeSigningKey(e)
  },
  providerRegistrations: {
    table: "provider_registrations",
    key: (e) => keyOf.providerRegistration(e.subscriptionId, e.namespace),
    scope: (e) => canon(e.subscriptionId),
    alt: () => null
  },
  settings: { table: "settings", key: (e) => keyOf.setting(e.name), scope: () => "", alt: () => null },
  livenessSessions: {
    table: "liveness_sessions",
    key: (e) => keyOf.livenessSession(e.sessionId),
    scope: (e) => keyOf.livenessScope(e.subscriptionId, e.resourceGroup, e.resourceName),
    alt: () => null
  },
  livenessSessionImages: {
    table: "liveness_session_images",
    key: (e) => keyOf.livenessSessionImage(e.sessionImageId),
    scope: (e) => keyOf.livenessImagesScope(e.subscriptionId, e.resourceGroup, e.resourceName, e.sessionId),
    alt: () => null,
    readCache: false
  },
  faultRules: { table: "fault_rules", key: (e) => keyOf.faultRule(e.id), scope: () => "", alt: () => null }
};

// src/store/sql-collection.ts
function likePrefix(prefix) {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
}
function where(query) {
  if (query?.scope !== void 0) return { clause: " WHERE scope = ?", params: [query.scope] };
  if (query?.scopePrefix !== void 0) {
    return { clause: " WHERE scope LIKE ? ESCAPE '\\'", params: [likePrefix(query.scopePrefix)] };
  }
  return { clause: "", params: [] };
}
var SqlCollection = class {
  constructor(exec, def, now, onWrite = () => {
  }) {
    this.exec = exec;
    this.def = def;
    this.now = now;
    this.onWrite = onWrite;
  }
  exec;
  def;
  now;
  onWrite;
  parse(rows) {
    return rows.map((r) => JSON.parse(r.data));
  }
  async get(key) {
    const rows = await this.exec.all(`SELECT data FROM ${this.def.table} WHERE pk = ?`, [key]);
    return this.parse(rows)[0];
  }
  async getByAlt(alt) {
    const rows = await this.exec.all(`SELECT data FROM ${this.def.table} WHERE alt = ?`, [alt]);
    return this.parse(rows)[0];
  }
  async list(query) {
    const w = where(query);
    const rows = await this.exec.all(`SELECT data FROM ${this.def.table}${w.clause} ORDER BY pk`, w.params);
    return this.parse(rows);
  }
  async count(query) {
    const w = where(query);
    const rows = await this.exec.all(`SELECT COUNT(*) AS n FROM ${this.def.table}${w.clause}`, w.params);
    return Number(rows[0]?.n ?? 0);
  }
  values(entity) {
    const d = this.def;
    return [d.key(entity), d.scope(entity), d.alt(entity), JSON.stringify(entity), this.now().toISOString()];
  }
  async insert(entity) {
    const n = await this.exec.run(
      `INSERT INTO ${this.def.table} (pk, scope, alt, data, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pk) DO NOTHING`,
      this.values(entity)
    );
    if (n === 1) this.onWrite(this.def.table, this.def.key(entity));
    return n === 1;
  }
  async upsert(entity) {
    const created = await this.insert(entity);
    if (created) return true;
    const [, scope, alt, data, updatedAt] = this.values(entity);
    await this.exec.run(`UPDATE ${this.def.table} SET scope = ?, alt = ?, data = ?, updated_at = ? WHERE pk = ?`, [
      scope,
      alt,
      data,
      updatedAt,
      this.def.key(entity)
    ]);
    this.onWrite(this.def.table, this.def.key(entity));
    return false;
  }
  async delete(key) {
    const deleted = await this.exec.run(`DELETE FROM ${this.def.table} WHERE pk = ?`, [key]) > 0;
    if (deleted) this.onWrite(this.def.table, key);
    return deleted;
  }
};
function buildSqlCollections(exec, now, onWrite) {
  const out = {};
  for (const [name, def] of Object.entries(collectionDefs)) {
    out[name] = new SqlCollection(exec, def, now, onWrite);
  }
  return out;
}

// src/store/change-feed.ts
var RESET = "*";
var LocalChangeFeed = class {
  listeners = /* @__PURE__ */ new Map();
  get live() {
    return true;
  }
  on(table, listener) {
    let set = this.listeners.get(table);
    if (!set) this.listeners.set(table, set = /* @__PURE__ */ new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }
  /** Announces one change to the listeners of its table, of "*", and (for a reset) to everyone. */
  emit(change) {
    const targets = /* @__PURE__ */ new Set();
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
      }
    }
  }
  local(table, key) {
    this.emit({ table, key, remote: false });
  }
  reset(remote = true) {
    this.emit({ table: RESET, key: RESET, remote });
  }
  removeAll() {
    this.listeners.clear();
  }
};

export {
  isGuid,
  newGuid,
  guidFromName,
  canon,
  faceSubdomain,
  keyOf,
  collectionDefs,
  StoreUnavailableError,
  isStoreUnavailable,
  StoreConflictError,
  isPostgresUrl,
  redactDatabaseUrl,
  CollectionAccess,
  LocalChangeFeed,
  CHANGE_CHANNEL,
  migrations,
  MIGRATIONS_TABLE,
  buildSqlCollections
};
//# sourceMappingURL=lazurite-chunk-DYN7HGBC.mjs.map
