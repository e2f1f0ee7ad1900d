import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const T = "2b9d4e6f-8a1c-4d3e-9f5a-7b6c5d4e3f21";
const S = "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8";
const APP = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";

describe("admin API", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("refuses every request without the admin token, in constant shape", async () => {
    for (const [method, path, headers] of [
      ["GET", "/_lazurite/admin/tenants", {}],
      ["GET", "/_lazurite/admin/tenants", { authorization: "Bearer wrong" }],
      ["GET", "/_lazurite/admin/tenants", { authorization: `Basic ${s.adminToken}` }],
      ["DELETE", `/_lazurite/admin/tenants/${DEV.tenantId}`, {}],
      ["GET", "/_lazurite/admin/no-such-route", {}],
    ] as const) {
      const r = await s.call(path, { method, headers: headers });
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.json.error.code, "Unauthorized");
      assert.match(String(r.headers["www-authenticate"]), /^Bearer/);
    }
    assert.equal((await s.admin("GET", `/tenants/${DEV.tenantId}`)).status, 200, "dev tenant survived the unauthorised DELETE");
  });

  it("creates, reads, updates and deletes a tenant with applications and users", async () => {
    const created = await s.admin("POST", "/tenants", { id: T, displayName: "Fabrikam" });
    assert.equal(created.status, 201);
    assert.equal(created.json.domain, "lazurite2b9d4e6f.onmicrosoft.com");
    assert.equal((await s.admin("POST", "/tenants", { id: T })).status, 409);

    const app = await s.admin("POST", `/tenants/${T}/applications`, {
      clientId: APP,
      displayName: "fab-app",
      clientSecrets: ["fabrikam-secret-1"],
    });
    assert.equal(app.status, 201);
    assert.equal(app.json.secrets.length, 1);
    assert.equal(app.json.secrets[0].hint, "fab");
    assert.ok(!JSON.stringify(app.json).includes("fabrikam-secret-1"), "secret value never returned");
    assert.ok(!("sha256" in app.json.secrets[0]), "secret hash never returned");

    const added = await s.admin("POST", `/tenants/${T}/applications/${APP}/secrets`, { displayName: "rotated" });
    assert.equal(added.status, 201);
    assert.equal(added.json.secret.length, 40);
    const listed = await s.admin("GET", `/tenants/${T}/applications/${APP}`);
    assert.equal(listed.json.secrets.length, 2);
    assert.ok(!JSON.stringify(listed.json).includes(added.json.secret));
    assert.equal((await s.admin("DELETE", `/tenants/${T}/applications/${APP}/secrets/${added.json.id}`)).status, 204);
    assert.equal((await s.admin("GET", `/tenants/${T}/applications/${APP}`)).json.secrets.length, 1);

    const renamed = await s.admin("PUT", `/tenants/${T}/applications/${APP}`, { displayName: "renamed" });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.json.displayName, "renamed");
    assert.equal(renamed.json.objectId, app.json.objectId, "update keeps what it does not name");

    const user = await s.admin("POST", `/tenants/${T}/users`, { userPrincipalName: "bob@fabrikam.test", password: "bob-password" });
    assert.equal(user.status, 201);
    assert.ok(!("passwordHash" in user.json));
    const noPassword = await s.admin("POST", `/tenants/${T}/users`, { userPrincipalName: "eve@fabrikam.test" });
    assert.equal(noPassword.status, 400);
    assert.deepEqual(noPassword.json.error.details, ["password: required for a new user"]);
    const updatedUser = await s.admin("PUT", `/tenants/${T}/users/${user.json.objectId}`, { displayName: "Bob" });
    assert.equal(updatedUser.json.displayName, "Bob");

    const sub = await s.admin("PUT", `/subscriptions/${S}`, { tenantId: T });
    assert.equal(sub.status, 201);
    assert.equal((await s.admin("DELETE", `/tenants/${T}`)).status, 409, "a tenant with subscriptions is not deleted");
    assert.equal((await s.admin("DELETE", `/subscriptions/${S}`)).status, 204);
    assert.equal((await s.admin("DELETE", `/tenants/${T}`)).status, 204);
    assert.equal((await s.admin("GET", `/tenants/${T}/applications/${APP}`)).status, 404);
    assert.equal((await s.admin("DELETE", `/tenants/${T}`)).status, 404);
  });

  it("validates bodies and reports each problem with its path", async () => {
    const r = await s.admin("POST", "/subscriptions", { id: "x", tenantId: DEV.tenantId, colour: "blue" });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, "InvalidRequest");
    assert.deepEqual(r.json.error.details.sort(), ["colour: unknown key", "id: not a GUID"]);
    const notJson = await s.call("/_lazurite/admin/tenants", {
      method: "POST",
      body: "{oops",
      headers: { authorization: `Bearer ${s.adminToken}`, "content-type": "application/json" },
    });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.error.code, "InvalidJson");
    const missingParent = await s.admin("PUT", `/subscriptions/${S}/resourceGroups/rg1`, { location: "westus" });
    assert.equal(missingParent.status, 404);
  });

  it("manages resource groups, VI accounts and Face resources, and regenerates Face keys", async () => {
    const base = `/subscriptions/${DEV.subscriptionId}/resourceGroups`;
    assert.equal((await s.admin("PUT", `${base}/Media-RG`, { location: "eastus" })).status, 201);
    const vi = await s.admin("PUT", `${base}/media-rg/videoIndexerAccounts/vi-two`, { location: "eastus" });
    assert.equal(vi.status, 201);
    assert.equal(vi.json.resourceGroup, "Media-RG", "creation casing kept");
    assert.match(vi.json.accountId, /^[0-9a-f-]{36}$/);
    const all = await s.admin("GET", `/videoIndexerAccounts?subscriptionId=${DEV.subscriptionId}`);
    assert.deepEqual(all.json.value.map((a: { name: string }) => a.name).sort(), ["lazurite-vi", "vi-two"]);

    const face = await s.admin("POST", `${base}/media-rg/faceResources`, { name: "face-two", location: "eastus" });
    assert.equal(face.status, 201);
    const [k1, k2] = face.json.keys as [string, string];
    assert.match(k1, /^[0-9a-f]{32}$/);
    const clash = await s.admin("POST", `${base}/${DEV.resourceGroup}/faceResources`, { name: "FACE-TWO", location: "eastus" });
    assert.equal(clash.status, 409, "Face names are globally unique (custom subdomains)");
    const regen = await s.admin("POST", `${base}/media-rg/faceResources/face-two/regenerateKey`, { keyName: "Key1" });
    assert.equal(regen.status, 200);
    assert.notEqual(regen.json.key1, k1);
    assert.equal(regen.json.key2, k2);

    const role = await s.admin("POST", "/roleAssignments", {
      principalId: DEV.userObjectId,
      role: "Video Indexer Restricted Viewer",
      scope: `${`/subscriptions/${DEV.subscriptionId}/resourceGroups/media-rg`}/providers/Microsoft.VideoIndexer/accounts/vi-two`,
    });
    assert.equal(role.status, 201);
    assert.equal(role.json.roleDefinitionId, "a2c4a527-7dc0-4ee3-897b-403ade70fafb");
    assert.equal((await s.admin("DELETE", `${base}/media-rg`)).status, 204);
    assert.equal((await s.admin("GET", `/roleAssignments/${role.json.id}`)).status, 404, "assignments under a deleted group go with it");
    assert.equal((await s.admin("GET", `${base}/media-rg/faceResources/face-two`)).status, 404);
  });

  it("lists and rotates signing keys without exposing private parts", async () => {
    const before = await s.call("/.well-known/jwks.json");
    const rotated = await s.admin("POST", "/keys/rotate", { issuer: "face" });
    assert.equal(rotated.status, 200);
    assert.ok(!("privateJwk" in rotated.json));
    const afterRotation = await s.call("/.well-known/jwks.json");
    assert.equal(afterRotation.json.keys.length, before.json.keys.length + 1, "the retired key stays published");
    const keys = await s.admin("GET", "/keys");
    assert.ok(!JSON.stringify(keys.json).includes('"d"'));
    assert.equal(keys.json.value.filter((k: { issuer: string; status: string }) => k.issuer === "face" && k.status === "active").length, 1);
  });

  it("applies a config document (JSON or YAML) through the API", async () => {
    const yaml = `tenants:\n  - id: 6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f\n    displayName: From YAML\n`;
    const r = await s.call("/_lazurite/admin/config", {
      method: "POST",
      body: yaml,
      headers: { authorization: `Bearer ${s.adminToken}`, "content-type": "application/yaml" },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.admin("GET", "/tenants/6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f")).json.displayName, "From YAML");
    const bad = await s.admin("POST", "/config", { subscriptions: [{ id: "x" }] });
    assert.equal(bad.status, 400);
    assert.ok(bad.json.error.details.includes("subscriptions[0].id: not a GUID"));
    assert.ok(bad.json.error.details.includes("subscriptions[0].tenantId: required"));
  });
});
