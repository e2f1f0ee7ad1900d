import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { collectionDefs } from "../src/store/collections.js";
import { migrations } from "../src/store/migrations.js";

/**
 * Shipped migrations are history: a database migrated by an older release must end up with the
 * same schema as a new one. Each shipped migration's SQL is pinned here by its SHA-256; a change
 * to one fails this test. A new migration gets a new version and a new line below.
 */
const SHIPPED: Record<number, string> = {
  1: "9b4216febe89cce6688840142802371cecbcf473709c758f7dfee6ef4e394d83",
  2: "bcf4f0262a540f32183af074278f9861542e5816d30107eca3616b4edccf0b07",
  3: "8e2beac8391309c9c2baba471bfe4b2a9f8deb749523bea1811b72cca42a25cb",
  5: "67d2ae4dbf823e06e387e12fda1f8872739db480efda994afbd9043e48514a8e",
  4: "3b870e47ff755fb41ded452733208ea99210b0dbd005d890fcf922ba93f7f234",
};

const digest = (m: (typeof migrations)[number]) =>
  createHash("sha256")
    .update(JSON.stringify([m.version, m.name, m.statements, m.postgres ?? []]))
    .digest("hex");

describe("migrations", () => {
  it("no shipped migration's SQL changes", () => {
    for (const [version, expected] of Object.entries(SHIPPED)) {
      const m = migrations.find((x) => x.version === Number(version));
      assert.ok(m, `shipped migration ${version} is still there`);
      assert.equal(digest(m), expected, `migration ${version} (${m.name}) changed: append a new migration instead`);
    }
  });

  it("every migration is pinned, versions are unique and ascending", () => {
    const versions = migrations.map((m) => m.version);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    assert.equal(new Set(versions).size, versions.length);
    for (const m of migrations) assert.ok(SHIPPED[m.version], `migration ${m.version} (${m.name}) is pinned in this test`);
  });

  it("every collection's table is created by a migration, with a change trigger on PostgreSQL", () => {
    const sql = migrations.flatMap((m) => [...m.statements, ...(m.postgres ?? [])]).join("\n");
    for (const { table } of Object.values(collectionDefs)) {
      assert.match(sql, new RegExp(`CREATE TABLE ${table} \\(`), `a migration creates ${table}`);
      assert.match(sql, new RegExp(`CREATE TRIGGER ${table}_notify`), `a migration adds the change trigger of ${table}`);
    }
  });
});
