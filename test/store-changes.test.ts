import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChangeCache } from "../src/store/change-cache.js";
import type { StoreChange } from "../src/store/change-feed.js";
import { PostgresStore } from "../src/store/postgres/postgres-store.js";
import { freshDatabase } from "./helpers/postgres.js";
import { openTestStore, postgresOnly, TEST_STORE } from "./helpers/store.js";

const tenant = (id: string, displayName = "x") => ({ id, displayName, domain: "d" });

describe(`change notifications on ${TEST_STORE}`, () => {
  it("announces inserts, updates and deletes after they commit, and nothing for no-ops or rollbacks", async () => {
    const s = await openTestStore();
    try {
      const seen: StoreChange[] = [];
      const all: string[] = [];
      s.changes.on("tenants", (c) => seen.push(c));
      s.changes.on("*", (c) => all.push(c.table));
      await s.tenants.insert(tenant("t1"));
      await s.tenants.insert(tenant("t1")); // already there: nothing written
      await s.tenants.upsert(tenant("t1", "renamed"));
      await s.settings.upsert({ name: "n", value: "v" });
      assert.equal(await s.tenants.delete("t1"), true);
      assert.equal(await s.tenants.delete("t1"), false);
      await assert.rejects(
        s.transaction(async (tx) => {
          await tx.tenants.insert(tenant("t2"));
          assert.equal(seen.length, 3, "nothing announced before COMMIT");
          throw new Error("boom");
        }),
        /boom/,
      );
      await s.transaction(async (tx) => {
        await tx.tenants.insert(tenant("t3"));
      });
      assert.deepEqual(
        seen.map((c) => [c.key, c.remote]),
        [
          ["t1", false],
          ["t1", false],
          ["t1", false],
          ["t3", false],
        ],
      );
      assert.deepEqual(all, ["tenants", "tenants", "settings", "tenants", "tenants"]);
      assert.equal(s.changes.live, true);
    } finally {
      await s.close();
    }
  });

  it("ChangeCache reads through once, and drops entries when their table changes", async () => {
    const s = await openTestStore();
    try {
      let loads = 0;
      const byTable = new ChangeCache<string | undefined>(s.changes, { tables: ["tenants"] });
      const byRow = new ChangeCache<string | undefined>(s.changes, { tables: ["tenants"], byRowKey: true });
      const load = (id: string) => async () => {
        loads++;
        return (await s.tenants.get(id))?.displayName;
      };
      await s.tenants.insert(tenant("a", "A"));
      await s.tenants.insert(tenant("b", "B"));
      assert.equal(await byTable.get("a", load("a")), "A");
      assert.equal(await byTable.get("a", load("a")), "A");
      assert.equal(loads, 1);
      await byRow.get("a", load("a"));
      await byRow.get("b", load("b"));
      assert.equal(loads, 3);

      await s.tenants.upsert(tenant("b", "B2"));
      assert.equal(byTable.size, 0, "any change to the table drops everything");
      assert.equal(byRow.size, 1, "by row key: only b is dropped");
      assert.equal(await byRow.get("b", load("b")), "B2");
      await s.settings.upsert({ name: "unrelated", value: "x" });
      assert.equal(byRow.size, 2, "other tables do not matter");

      await assert.rejects(
        byTable.get("c", async () => Promise.reject(new Error("no"))),
        /no/,
      );
      assert.equal(byTable.size, 0, "a failed load is not kept");
      byRow.dispose();
      byTable.dispose();
    } finally {
      await s.close();
    }
  });
});

describe("change notifications across instances", { skip: postgresOnly }, () => {
  it("a cache on B drops its entry within 1 s of a write on A", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresStore.open({ url }), PostgresStore.open({ url })]);
    try {
      await a.tenants.insert(tenant("shared", "before"));
      const cache = new ChangeCache<string | undefined>(b.changes, { tables: ["tenants"], byRowKey: true });
      const read = () => cache.get("shared", async () => (await b.tenants.get("shared"))?.displayName);
      assert.equal(await read(), "before");
      const t0 = Date.now();
      await a.tenants.upsert(tenant("shared", "after"));
      while ((await read()) !== "after") {
        assert.ok(Date.now() - t0 < 1000, "B still serves the old value after 1 s");
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
