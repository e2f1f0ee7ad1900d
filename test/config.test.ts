import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyConfig, ConfigError, loadConfigFile, validateConfigDocument } from "../src/config/config-file.js";
import type { Store } from "../src/store/store.js";
import { startTestServer, tempDir } from "./helpers/server.js";
import { openTestStore } from "./helpers/store.js";

const T = "0b5e8a3c-6a3e-4b7f-9d0e-2f1a5c7e9b01";
const S = "3c2d1e0f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const APP = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
const USER = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

const yaml = `
tenants:
  - id: ${T}
    displayName: Contoso Test
    applications:
      - clientId: ${APP}
        displayName: ci-app
        clientSecrets: [ "first-secret-value", { value: "second-secret-value", displayName: "ci" } ]
    users:
      - userPrincipalName: alice@contoso.test
        objectId: ${USER}
        password: "alice-password"
subscriptions:
  - id: ${S}
    tenantId: ${T}
    resourceGroups:
      - { name: media-rg, location: westeurope }
videoIndexerAccounts:
  - { subscriptionId: ${S}, resourceGroup: media-rg, name: vi-one, location: westeurope }
faceResources:
  - { subscriptionId: ${S}, resourceGroup: MEDIA-RG, name: face-one, location: westeurope, keys: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb] }
roleAssignments:
  - { principalId: ${USER}, role: Reader, scope: /subscriptions/${S}/resourceGroups/media-rg }
  - { principalId: ${APP}, role: b24988ac-6180-42a0-ab88-20f7382dd24c, scope: /subscriptions/${S} }
`;

async function snapshot(store: Store) {
  const all = {
    tenants: await store.tenants.list(),
    applications: await store.applications.list(),
    users: await store.users.list(),
    subscriptions: await store.subscriptions.list(),
    resourceGroups: await store.resourceGroups.list(),
    vi: await store.videoIndexerAccounts.list(),
    face: await store.faceResources.list(),
    roles: await store.roleAssignments.list(),
  };
  return JSON.parse(JSON.stringify(all));
}

describe("config file", () => {
  it("applies a YAML file, and applying it again changes nothing", async () => {
    const dir = tempDir();
    const file = join(dir.path, "lazurite.yaml");
    writeFileSync(file, yaml);
    const fixed = new Date("2026-01-01T00:00:00Z");
    const store = await openTestStore(() => fixed);
    try {
      const doc = await loadConfigFile(file);
      await applyConfig(doc, store, file, () => fixed);
      const first = await snapshot(store);
      assert.equal(first.applications[0].secrets.length, 2);
      assert.equal(first.vi[0].resourceGroup, "media-rg");
      assert.equal(first.face[0].resourceGroup, "media-rg", "resource group matched case-insensitively, creation casing kept");
      assert.equal(first.roles.length, 2);
      await applyConfig(await loadConfigFile(file), store, file, () => fixed);
      assert.deepEqual(await snapshot(store), first);
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it("never deletes what was created at runtime, and merges secrets", async () => {
    const store = await openTestStore();
    try {
      const doc = await validateConfigDocument(
        { tenants: [{ id: T, applications: [{ clientId: APP, clientSecrets: ["one-secret-value"] }] }] },
        "a",
      );
      await applyConfig(doc, store, "a");
      await store.tenants.upsert({ id: "11111111-2222-4333-8444-555555555555", displayName: "runtime", domain: "runtime.test" });
      const doc2 = await validateConfigDocument(
        { tenants: [{ id: T, applications: [{ clientId: APP, clientSecrets: ["two-secret-value"] }] }] },
        "b",
      );
      await applyConfig(doc2, store, "b");
      assert.equal(await store.tenants.count(), 2);
      const [app] = await store.applications.list();
      assert.equal(app!.secrets.length, 2);
    } finally {
      await store.close();
    }
  });

  it("reports every problem with its path", async () => {
    const bad = {
      tenants: [{ id: "not-a-guid", aplications: [] }],
      subscriptions: [{ id: S, tenantId: "nope", resourceGroups: [{ name: "bad/name", location: "westus" }] }],
      faceResources: [{ subscriptionId: S, resourceGroup: "rg", name: "-x", location: "westus", keys: ["short", "short"] }],
      roleAssignments: [{ principalId: USER, role: "Janitor", scope: "/nowhere" }],
      extra: true,
    };
    await assert.rejects(validateConfigDocument(bad, "bad.json"), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const p = e.problems;
      for (const expected of [
        "tenants[0].id: not a GUID",
        "tenants[0].aplications: unknown key",
        "subscriptions[0].tenantId: not a GUID",
        "subscriptions[0].resourceGroups[0].name: not a valid resource group name",
        "faceResources[0].keys[0]: not a valid key (16-128 printable characters)",
        "roleAssignments[0].role: not a built-in role name or id",
        "extra: unknown key",
      ]) {
        assert.ok(p.includes(expected), `missing ${expected} in\n${p.join("\n")}`);
      }
      assert.ok(p.some((x) => x.startsWith("faceResources[0].name:")));
      assert.ok(p.some((x) => x.startsWith("roleAssignments[0].scope:")));
      return true;
    });
  });

  it("reports references to things that exist nowhere, and duplicates", async () => {
    const store = await openTestStore();
    try {
      const doc = await validateConfigDocument(
        {
          tenants: [{ id: T }, { id: T.toUpperCase() }],
          subscriptions: [{ id: S, tenantId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" }],
          videoIndexerAccounts: [{ subscriptionId: S, resourceGroup: "missing-rg", name: "vi1", location: "westus" }],
          faceResources: [
            { subscriptionId: "aaaaaaaa-bbbb-4ccc-8ddd-000000000000", resourceGroup: "rg", name: "face1", location: "westus" },
          ],
        },
        "refs.json",
      );
      await assert.rejects(applyConfig(doc, store, "refs.json"), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.problems.sort(), [
          "faceResources[0].subscriptionId: subscription 'aaaaaaaa-bbbb-4ccc-8ddd-000000000000' is not declared in this file and does not exist",
          `subscriptions[0].tenantId: tenant 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' is not declared in this file and does not exist`,
          `tenants[1].id: duplicate tenant id (also at tenants[0].id)`,
          `videoIndexerAccounts[0].resourceGroup: resource group 'missing-rg' is not declared in subscription '${S}' and does not exist`,
        ]);
        return true;
      });
      assert.equal(await store.tenants.count(), 0, "nothing applied from a refused file");
    } finally {
      await store.close();
    }
  });

  it("reports JSON and YAML syntax errors with the file", async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, "x.json"), "{ nope");
      await assert.rejects(loadConfigFile(join(dir.path, "x.json")), /not valid JSON/);
      writeFileSync(join(dir.path, "x.yaml"), "tenants: [\n  - id: : :");
      await assert.rejects(loadConfigFile(join(dir.path, "x.yaml")), /not valid YAML/);
      await assert.rejects(loadConfigFile(join(dir.path, "missing.yaml")), /cannot read: ENOENT/);
    } finally {
      dir.remove();
    }
  });

  it("refuses to start on an invalid file and starts with a valid one (JSON)", async () => {
    const dir = tempDir();
    try {
      const badFile = join(dir.path, "bad.json");
      writeFileSync(badFile, JSON.stringify({ subscriptions: [{ id: S, tenantId: T }] }));
      await assert.rejects(startTestServer({ config: badFile, location: join(dir.path, "loc") }), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /subscriptions\[0\]\.tenantId: tenant/);
        return true;
      });
      const goodFile = join(dir.path, "good.json");
      writeFileSync(goodFile, JSON.stringify({ tenants: [{ id: T }], subscriptions: [{ id: S, tenantId: T }] }));
      const s = await startTestServer({ config: goodFile, location: join(dir.path, "loc") });
      try {
        assert.ok(!s.lines.some((l) => l.includes("DEVELOPMENT DEFAULTS")), "no dev defaults with a config");
        const subs = await s.admin("GET", "/subscriptions");
        assert.deepEqual(
          subs.json.value.map((x: { id: string }) => x.id),
          [S],
        );
      } finally {
        await s.close();
      }
    } finally {
      dir.remove();
    }
  });
});
