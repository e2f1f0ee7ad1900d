import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keyOf } from "../src/store/collections.js";
import { StoreConflictError, type Store } from "../src/store/store.js";
import { tempDir } from "./helpers/server.js";
import { openTestStore, reopenableTestStore, TEST_STORE } from "./helpers/store.js";
import { join } from "node:path";

const SUB = "aaaaaaaa-0000-4000-8000-000000000001";
const sys = { createdAt: "2026-01-01T00:00:00.000Z", lastModifiedAt: "2026-01-01T00:00:00.000Z" };

const memory = () => openTestStore();

describe(`${TEST_STORE} store`, () => {
  it("inserts once, upserts, lists by scope and prefix, and deletes", async () => {
    const s = await memory();
    try {
      const acc = { subscriptionId: SUB, resourceGroup: "RG_1", name: "Vi-1", location: "westus", accountId: "acc-1", systemData: sys };
      assert.equal(await s.videoIndexerAccounts.insert(acc), true);
      assert.equal(await s.videoIndexerAccounts.insert(acc), false);
      assert.equal(await s.videoIndexerAccounts.upsert({ ...acc, location: "eastus" }), false);
      assert.equal((await s.videoIndexerAccounts.get(keyOf.resource(SUB, "rg_1", "VI-1")))?.location, "eastus");
      await s.videoIndexerAccounts.upsert({ ...acc, resourceGroup: "rg%2", name: "vi-2", accountId: "acc-2" });
      assert.equal((await s.videoIndexerAccounts.list({ scope: `${SUB}/rg_1` })).length, 1);
      assert.equal((await s.videoIndexerAccounts.list({ scopePrefix: `${SUB}/` })).length, 2);
      assert.equal((await s.videoIndexerAccounts.list({ scopePrefix: `${SUB}/rg%` })).length, 1, "LIKE wildcards are literal");
      assert.equal((await s.videoIndexerAccounts.getByAlt("acc-2"))?.name, "vi-2");
      assert.equal(await s.videoIndexerAccounts.count(), 2);
      assert.equal(await s.videoIndexerAccounts.delete(keyOf.resource(SUB, "rg_1", "vi-1")), true);
      assert.equal(await s.videoIndexerAccounts.delete(keyOf.resource(SUB, "rg_1", "vi-1")), false);
    } finally {
      await s.close();
    }
  });

  it("refuses a duplicate secondary key with StoreConflictError", async () => {
    const s = await memory();
    try {
      await s.videoIndexerAccounts.insert({
        subscriptionId: SUB,
        resourceGroup: "rg",
        name: "a",
        location: "w",
        accountId: "same",
        systemData: sys,
      });
      await assert.rejects(
        s.videoIndexerAccounts.insert({
          subscriptionId: SUB,
          resourceGroup: "rg",
          name: "b",
          location: "w",
          accountId: "same",
          systemData: sys,
        }),
        StoreConflictError,
      );
    } finally {
      await s.close();
    }
  });

  it("rolls a failed transaction back entirely and serialises concurrent ones", async () => {
    const s = await memory();
    try {
      await assert.rejects(
        s.transaction(async (tx) => {
          await tx.tenants.insert({ id: "t1", displayName: "x", domain: "d" });
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal(await s.tenants.count(), 0);
      // Two read-modify-write transactions at once: neither loses the other's write.
      await s.settings.insert({ name: "counter", value: "0" });
      const bump = () =>
        s.transaction(async (tx) => {
          const v = Number((await tx.settings.get("counter"))!.value);
          await new Promise((r) => setTimeout(r, 5));
          await tx.settings.upsert({ name: "counter", value: String(v + 1) });
        });
      await Promise.all([bump(), bump(), bump(), s.tenants.count()]);
      assert.equal((await s.settings.get("counter"))!.value, "3");
    } finally {
      await s.close();
    }
  });

  it("migrates once: reopening a file store keeps data and applies nothing twice", async () => {
    const dir = tempDir();
    const file = join(dir.path, "x.db");
    try {
      const reopenable = await reopenableTestStore(file);
      const a = await reopenable.open();
      await a.tenants.insert({ id: "t1", displayName: "x", domain: "d" });
      await a.close();
      const b = await reopenable.open();
      await b.migrate();
      assert.equal(await b.tenants.count(), 1);
      assert.equal(await b.ping(), true);
      await b.close();
      assert.equal(await b.ping(), false);
    } finally {
      dir.remove();
    }
  });
  it("answers writes made at once one by one: a conflicting one fails alone, the rest commit and survive a reopen", async () => {
    const dir = tempDir();
    const file = join(dir.path, "group.db");
    const open: Store[] = [];
    try {
      const reopenable = await reopenableTestStore(file);
      const a = await reopenable.open();
      open.push(a);
      const account = (name: string, accountId: string) => ({
        subscriptionId: SUB,
        resourceGroup: "rg",
        name,
        location: "w",
        accountId,
        systemData: sys,
      });
      // Issued in the same turn of the event loop: on SQLite they share one group commit (in order:
      // "clash" comes last and is the one refused); PostgreSQL's pool may run them in any order, so
      // either of the two writes of acc-3 may be the one refused there.
      const results = await Promise.allSettled([
        ...Array.from({ length: 20 }, (_, i) => a.videoIndexerAccounts.insert(account(`vi-${i}`, `acc-${i}`))),
        a.videoIndexerAccounts.insert(account("clash", "acc-3")),
      ]);
      const refused = results.flatMap((r, i) => (r.status === "rejected" ? [i] : []));
      if (TEST_STORE === "sqlite") assert.deepEqual(refused, [20]);
      else assert.ok(refused.length === 1 && [3, 20].includes(refused[0]!), `refused: ${refused.join(",")}`);
      assert.ok((results[refused[0]!] as PromiseRejectedResult).reason instanceof StoreConflictError);
      // Handed in, then the store closed at once: the writes are committed, not dropped.
      const late = a.tenants.insert({ id: "t-late", displayName: "x", domain: "d" });
      open.pop();
      await a.close();
      assert.equal(await late, true);
      const b = await reopenable.open();
      open.push(b);
      assert.equal(await b.videoIndexerAccounts.count(), 20);
      const kept = refused[0] === 20 ? "vi-3" : "clash";
      const dropped = refused[0] === 20 ? "clash" : "vi-3";
      assert.equal((await b.videoIndexerAccounts.get(keyOf.resource(SUB, "rg", kept)))?.accountId, "acc-3");
      assert.equal(await b.videoIndexerAccounts.get(keyOf.resource(SUB, "rg", dropped)), undefined);
      assert.equal((await b.tenants.get(keyOf.tenant("t-late")))?.id, "t-late");
    } finally {
      // Closed whatever failed: an open PostgreSQL pool would keep the test process alive.
      for (const s of open) await s.close().catch(() => undefined);
      dir.remove();
    }
  });
});
