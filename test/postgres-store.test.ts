import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pg from "pg";
import { ISSUERS, KeyService } from "../src/keys/key-service.js";
import { RESET, type StoreChange } from "../src/store/change-feed.js";
import { migrations } from "../src/store/migrations.js";
import { openStore } from "../src/store/open-store.js";
import { numberPlaceholders, PostgresStore, redactDatabaseUrl } from "../src/store/postgres/postgres-store.js";
import { StoreConflictError } from "../src/store/store.js";
import { freshDatabase } from "./helpers/postgres.js";
import { postgresOnly } from "./helpers/store.js";

const sys = { createdAt: "2026-01-01T00:00:00.000Z", lastModifiedAt: "2026-01-01T00:00:00.000Z" };
const SUB = "aaaaaaaa-0000-4000-8000-000000000002";

function collect(store: PostgresStore, table: string): StoreChange[] {
  const seen: StoreChange[] = [];
  store.changes.on(table, (c) => seen.push(c));
  return seen;
}

async function until(ms: number, what: string, check: () => boolean): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe("SQL helpers for PostgreSQL", () => {
  it("numbers `?` placeholders outside quoted text", () => {
    assert.equal(
      numberPlaceholders("SELECT a FROM t WHERE x = ? AND y LIKE ? ESCAPE '\\' AND z = '?'"),
      "SELECT a FROM t WHERE x = $1 AND y LIKE $2 ESCAPE '\\' AND z = '?'",
    );
  });

  it("hides the password of a database URL", () => {
    const shown = redactDatabaseUrl("postgres://lazurite:s3cret@db.example:5432/lazurite?sslmode=require&password=p2");
    assert.ok(!shown.includes("s3cret") && !shown.includes("p2"), shown);
    assert.match(shown, /^postgres:\/\/lazurite:\*\*\*@db\.example:5432\/lazurite/);
  });

  it("refuses a --db that is not a PostgreSQL URL", async () => {
    await assert.rejects(openStore({ location: "", inMemory: true, db: "mysql://u:pw@h/d" }), (e: Error) => {
      assert.match(e.message, /postgres:\/\//);
      assert.ok(!e.message.includes(":pw@"), "no password in the error");
      return true;
    });
  });
});

describe("PostgreSQL store", { skip: postgresOnly }, () => {
  it("migrates safely when several instances start at once", async () => {
    const url = await freshDatabase();
    const stores = Array.from({ length: 4 }, () => new PostgresStore({ url, poolSize: 2 }));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      await Promise.all(stores.map((s) => s.migrate()));
      const rows = await query<{ version: number }>(url, "SELECT version FROM schema_migrations ORDER BY version");
      assert.deepEqual(
        rows.map((r) => r.version),
        migrations.map((m) => m.version),
      );
      assert.equal(await stores[0]!.tenants.count(), 0);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("announces each committed write to the other instances, not rolled-back ones, and its own at once", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresStore.open({ url }), PostgresStore.open({ url })]);
    try {
      const onA = collect(a, "tenants");
      const onB = collect(b, "tenants");
      await a.tenants.insert({ id: "t-one", displayName: "x", domain: "d" });
      assert.deepEqual(onA, [{ table: "tenants", key: "t-one", remote: false }], "own write announced locally, synchronously after commit");
      await until(1000, "B hears A's insert", () => onB.length === 1);
      // A remote change carries the feed's lag (migration 4: the database clock at the writing transaction).
      const { lagSeconds, ...heard } = onB[0]!;
      assert.deepEqual(heard, { table: "tenants", key: "t-one", remote: true });
      assert.ok(typeof lagSeconds === "number" && lagSeconds >= 0 && lagSeconds < 60, `lag ${lagSeconds}`);

      await assert.rejects(
        b.transaction(async (tx) => {
          await tx.tenants.insert({ id: "t-rolled-back", displayName: "x", domain: "d" });
          throw new Error("boom");
        }),
        /boom/,
      );
      await b.transaction(async (tx) => {
        await tx.tenants.upsert({ id: "t-one", displayName: "renamed", domain: "d" });
        await tx.tenants.delete("t-one");
      });
      // PostgreSQL folds identical notifications of one transaction into one.
      await until(1000, "A hears B's transaction", () => onA.length >= 2);
      assert.deepEqual(
        onA.slice(1).map((c) => [c.key, c.remote]),
        [["t-one", true]],
      );
      assert.deepEqual(
        onB.slice(1).map((c) => [c.key, c.remote]),
        [
          ["t-one", false],
          ["t-one", false],
        ],
        "B announces its own writes after COMMIT",
      );
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(!onA.some((c) => c.key === "t-rolled-back") && !onB.some((c) => c.key === "t-rolled-back"), "a rollback announces nothing");
      assert.equal(onA.length, 2, "A does not hear its own write twice");
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("tells instances apart even when the URL sets one application_name for all", async () => {
    const u = new URL(await freshDatabase());
    u.searchParams.set("application_name", "same-for-every-instance");
    const [a, b] = await Promise.all([PostgresStore.open({ url: u.toString() }), PostgresStore.open({ url: u.toString() })]);
    try {
      assert.notEqual(a.origin, b.origin);
      const onB = collect(b, "tenants");
      await a.tenants.insert({ id: "named", displayName: "x", domain: "d" });
      await until(1000, "B hears A", () => onB.some((c) => c.remote && c.key === "named"));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("stops being live when the listener connection drops, resets caches, and comes back", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresStore.open({ url }), PostgresStore.open({ url })]);
    try {
      const resets: StoreChange[] = [];
      a.changes.on("signing_keys", (c) => c.table === RESET && resets.push(c));
      const keysA = new KeyService(a);
      const first = await keysA.activeKey(ISSUERS.face, "ES256");
      assert.equal(a.changes.live, true);

      a.changes.simulateConnectionLoss();
      assert.equal(a.changes.live, false);
      assert.equal(resets.length, 1, "a reset when the listener is lost");
      // Not live: a rotation elsewhere is seen on the very next call (read through, no cache).
      const rotated = await new KeyService(b).rotate(ISSUERS.face, "ES256");
      assert.equal((await keysA.activeKey(ISSUERS.face, "ES256")).kid, rotated.kid);
      assert.notEqual(rotated.kid, first.kid);

      await until(5000, "the listener reconnects", () => a.changes.live);
      assert.equal(resets.length, 2, "and a reset again once it is back");
      const onA = collect(a, "tenants");
      await b.tenants.insert({ id: "after-reconnect", displayName: "x", domain: "d" });
      await until(1000, "A hears B after reconnecting", () => onA.some((c) => c.key === "after-reconnect"));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("creates one first key per issuer when instances race, and refuses a second active key", async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open({ url })));
    try {
      const services = stores.map((s) => new KeyService(s));
      const keys = await Promise.all(
        services.flatMap((k) => [k.activeKey(ISSUERS.videoIndexer, "ES256"), k.activeKey(ISSUERS.videoIndexer, "ES256")]),
      );
      assert.equal(new Set(keys.map((k) => k.kid)).size, 1, "every instance uses the same key");
      const stored = await stores[0]!.signingKeys.list({ scope: ISSUERS.videoIndexer });
      assert.equal(stored.filter((k) => k.status === "active").length, 1);

      // Concurrent rotations: each one retires the previous key; one active key remains.
      await Promise.all(services.map((k) => k.rotate(ISSUERS.videoIndexer, "ES256")));
      const after = await stores[1]!.signingKeys.list({ scope: ISSUERS.videoIndexer });
      assert.equal(after.filter((k) => k.status === "active").length, 1);
      assert.equal(after.length, 4);

      const [active] = after.filter((k) => k.status === "active");
      await assert.rejects(stores[2]!.signingKeys.insert({ ...active!, kid: "another-kid" }), StoreConflictError);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("keeps to its pool size under load and maps unique violations to StoreConflictError", async () => {
    const url = await freshDatabase();
    const store = await PostgresStore.open({ url, poolSize: 3 });
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          store.videoIndexerAccounts.upsert({
            subscriptionId: SUB,
            resourceGroup: "rg",
            name: `vi-${i}`,
            location: "w",
            accountId: `acc-${i}`,
            systemData: sys,
          }),
        ),
      );
      const conns = await query<{ n: string }>(url, "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [
        store.origin,
      ]);
      assert.ok(Number(conns[0]!.n) <= 3 + 1, `at most pool + listener connections, saw ${conns[0]!.n}`);
      assert.equal(await store.videoIndexerAccounts.count(), 60);
      await assert.rejects(
        store.videoIndexerAccounts.insert({
          subscriptionId: SUB,
          resourceGroup: "rg",
          name: "dup",
          location: "w",
          accountId: "acc-1",
          systemData: sys,
        }),
        (e: unknown) => e instanceof StoreConflictError && e.table === "video_indexer_accounts",
      );
      // A transaction whose statement failed is rolled back as a whole.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.tenants.insert({ id: "kept?", displayName: "x", domain: "d" });
          await tx.videoIndexerAccounts.insert({
            subscriptionId: SUB,
            resourceGroup: "rg",
            name: "dup2",
            location: "w",
            accountId: "acc-2",
            systemData: sys,
          });
        }),
        StoreConflictError,
      );
      assert.equal(await store.tenants.count(), 0);
      assert.equal(await store.ping(), true);
    } finally {
      await store.close();
    }
    assert.equal(await store.ping(), false);
  });
});
