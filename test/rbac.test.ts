import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { DEV } from "../src/config/dev-defaults.js";
import { actionMatches, roleGrants, scopeCovers } from "../src/rbac/authorize.js";
import { findRole } from "../src/rbac/builtin-roles.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint } from "./helpers/tokens.js";

const VI = "Microsoft.VideoIndexer/accounts";
const role = (name: string) => findRole(name)!;

describe("RBAC: built-in roles", () => {
  const cases: [string, string, boolean, boolean][] = [
    // role, action, data action?, granted
    ["Owner", "Microsoft.Authorization/roleAssignments/write", false, true],
    ["Owner", `${VI}/generateAccessToken/action`, false, true],
    ["Contributor", `${VI}/generateAccessToken/action`, false, true],
    ["Contributor", `${VI}/write`, false, true],
    ["Contributor", "Microsoft.Authorization/roleAssignments/write", false, false],
    ["Contributor", "Microsoft.CognitiveServices/accounts/Face/detect/action", true, false],
    ["Reader", `${VI}/read`, false, true],
    ["Reader", "Microsoft.Resources/subscriptions/resourceGroups/read", false, true],
    ["Reader", `${VI}/generateAccessToken/action`, false, false],
    ["Reader", `${VI}/write`, false, false],
    ["Cognitive Services User", "Microsoft.CognitiveServices/accounts/Face/detect/action", true, true],
    ["Cognitive Services User", "Microsoft.CognitiveServices/accounts/read", false, true],
    ["Cognitive Services User", `${VI}/read`, false, false],
    ["Cognitive Services Face Recognizer", "Microsoft.CognitiveServices/accounts/Face/detect/action", true, true],
    ["Cognitive Services Face Recognizer", "Microsoft.CognitiveServices/accounts/Face/v1.3-preview.1/sessions/read", true, true],
    ["Cognitive Services Face Recognizer", "Microsoft.CognitiveServices/accounts/read", false, false],
    ["Video Indexer Restricted Viewer", `${VI}/generateRestrictedViewerAccessToken/action`, false, true],
    ["Video Indexer Restricted Viewer", `${VI}/generateExtensionRestrictedViewerAccessToken/action`, false, true],
    ["Video Indexer Restricted Viewer", `${VI}/read`, false, true],
    ["Video Indexer Restricted Viewer", `${VI}/generateAccessToken/action`, false, false],
    ["Video Indexer Restricted Viewer", `${VI}/write`, false, false],
  ];
  for (const [name, action, data, granted] of cases) {
    it(`${name} ${granted ? "grants" : "does not grant"} ${data ? "data action " : ""}${action}`, () => {
      assert.equal(roleGrants(role(name), action, data), granted);
    });
  }

  it("knows the real role definition ids", () => {
    assert.equal(role("Owner").id, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    assert.equal(role("contributor").id, "b24988ac-6180-42a0-ab88-20f7382dd24c");
    assert.equal(role("Reader").id, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
    assert.equal(role("Cognitive Services User").id, "a97b65f3-24c7-4388-baec-2e87135dc908");
    assert.equal(role("Cognitive Services Face Recognizer").id, "9894cab4-e18a-44aa-828b-cb588cd6f2d7");
    assert.equal(role("Video Indexer Restricted Viewer").id, "a2c4a527-7dc0-4ee3-897b-403ade70fafb");
    assert.equal(
      findRole("/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")?.roleName,
      "Reader",
    );
  });

  it("action patterns: * spans segments, matching ignores case", () => {
    assert.ok(actionMatches("*/read", "Microsoft.VideoIndexer/accounts/read"));
    assert.ok(actionMatches("Microsoft.VideoIndexer/accounts/*/action", "microsoft.videoindexer/ACCOUNTS/x/action"));
    assert.ok(!actionMatches("*/read", "Microsoft.VideoIndexer/accounts/write"));
    fc.assert(fc.property(fc.string(), (a) => assert.ok(actionMatches("*", a))));
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z.]{1,12}(\/[A-Za-z.]{1,12}){0,4}$/), (a) => assert.ok(actionMatches(a, a.toUpperCase()))),
    );
  });

  it("scopes are inherited downwards only, at segment boundaries", () => {
    const sub = "/subscriptions/aaaa";
    assert.ok(scopeCovers(sub, `${sub}/resourceGroups/rg`));
    assert.ok(scopeCovers(`${sub}/resourceGroups/RG`, `${sub}/resourcegroups/rg/providers/Microsoft.VideoIndexer/accounts/a`));
    assert.ok(!scopeCovers(`${sub}/resourceGroups/rg`, sub));
    assert.ok(!scopeCovers(`${sub}/resourceGroups/rg`, `${sub}/resourceGroups/rg2`));
  });
});

describe("RBAC through ARM", () => {
  let s: TestServer;
  let mint: TokenMint;
  const NEWBIE_APP = "6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c";
  before(async () => {
    s = await startTestServer({ inMemory: true });
    mint = new TokenMint(s.store);
    await s.admin("PUT", `/subscriptions/${DEV.subscriptionId}/resourceGroups/other-rg`, { location: "westus2" });
  });
  after(async () => s.close());

  const get = async (path: string, claims: Record<string, unknown>) =>
    s.call(`${path}?api-version=2025-04-01`, { headers: { authorization: `Bearer ${await mint.sign(DEV.tenantId, claims)}` } });

  it("denies a principal without any role with ARM's exact 403", async () => {
    const r = await get(`/subscriptions/${DEV.subscriptionId}`, {
      oid: NEWBIE_APP,
      sub: NEWBIE_APP,
      appid: "0f0f0f0f-0000-4000-8000-000000000001",
    });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json, {
      error: {
        code: "AuthorizationFailed",
        message: `The client '0f0f0f0f-0000-4000-8000-000000000001' with object id '${NEWBIE_APP}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read' over scope '/subscriptions/${DEV.subscriptionId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      },
    });
  });

  it("a resource-group Reader reads that group only; users are named by UPN", async () => {
    const user = { oid: NEWBIE_APP, sub: NEWBIE_APP, idtyp: "user", upn: "newbie@lazuritedev.onmicrosoft.com", appid: DEV.clientId };
    const assigned = await s.admin("POST", "/roleAssignments", {
      principalId: NEWBIE_APP,
      role: "Reader",
      scope: `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}`,
    });
    assert.equal(assigned.status, 201);
    assert.equal((await get(`/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup.toUpperCase()}`, user)).status, 200);
    const other = await get(`/subscriptions/${DEV.subscriptionId}/resourcegroups/other-rg`, user);
    assert.equal(other.status, 403);
    assert.match(other.json.error.message, /^The client 'newbie@lazuritedev\.onmicrosoft\.com' with object id/);
    assert.equal((await get(`/subscriptions/${DEV.subscriptionId}`, user)).status, 403);
    // Removing the assignment takes effect on the next request.
    assert.equal((await s.admin("DELETE", `/roleAssignments/${assigned.json.id}`)).status, 204);
    assert.equal((await get(`/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}`, user)).status, 403);
  });

  it("an Owner on the subscription inherits to every group", async () => {
    const r = await get(`/subscriptions/${DEV.subscriptionId}/resourcegroups`, {});
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.value.map((g: { name: string }) => g.name).sort(), ["lazurite-dev", "other-rg"]);
  });
});
