import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { getClient } from "@azure-rest/core-client";
import { AzureKeyCredential, type TokenCredential } from "@azure/core-auth";
import { ResourceManagementClient } from "@azure/arm-resources";
import { decodeJwt } from "jose";
import { ConfigError } from "../src/config/config-file.js";
import { DEV } from "../src/config/dev-defaults.js";
import { AdminApiError, EntraAuthenticationError, startLazurite, type Lazurite } from "../src/server/library.js";
import { verifyVideoIndexerToken } from "../src/verify/index.js";
import { http } from "./helpers/http.js";

const ARM_SCOPE = "https://management.azure.com/.default";

/** Library mode in this process, from the sources (test/library-package.test.ts does it from a tarball). */
describe("startLazurite", () => {
  let lz: Lazurite;
  before(async () => {
    lz = await startLazurite({
      config: {
        tenants: [
          {
            id: "5c4b3a29-1807-4f6e-9d5c-4b3a29180706",
            applications: [{ clientId: "6d5c4b3a-2918-4706-8f5e-4d3c2b1a0987", clientSecrets: ["library-test-secret-1"] }],
          },
        ],
        roleAssignments: [
          { principalId: "6d5c4b3a-2918-4706-8f5e-4d3c2b1a0987", role: "Reader", scope: `/subscriptions/${DEV.subscriptionId}` },
        ],
      },
    });
  });
  after(async () => lz.stop());

  it("serves on a free loopback port, in memory, with the development set and the caller's config", async () => {
    assert.match(lz.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(lz.url, "https://127.0.0.1:10443");
    assert.match(lz.ca, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(lz.ids.tenantId, DEV.tenantId);
    assert.equal(lz.ids.videoIndexerAccountId, DEV.viAccountId);
    assert.equal(lz.faceKey, DEV.faceKey1);
    assert.equal(lz.faceEndpoint, `${lz.url}/${DEV.faceName}`);
    const tenants = (await lz.admin.tenants.list()).map((t) => t.id).sort();
    assert.deepEqual(tenants, [DEV.tenantId, "5c4b3a29-1807-4f6e-9d5c-4b3a29180706"].sort());
    assert.equal((await http(`${lz.url}/_lazurite/health`, { ca: lz.ca })).status, 200);
  });

  it("the credential is an @azure/core-auth TokenCredential: a VI token through @azure-rest/core-client", async () => {
    const credential: TokenCredential = lz.credential;
    const arm = getClient(lz.armEndpoint, credential, { credentials: { scopes: [ARM_SCOPE] }, tlsOptions: { ca: lz.ca } });
    const res = await arm
      .path(
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.VideoIndexer/accounts/{accountName}/generateAccessToken",
        lz.ids.subscriptionId,
        lz.ids.resourceGroup,
        lz.ids.videoIndexerAccount,
      )
      .post({ queryParameters: { "api-version": "2025-04-01" }, body: { permissionType: "Contributor", scope: "Account" } });
    assert.equal(res.status, "200", JSON.stringify(res.body));
    const { claims } = await verifyVideoIndexerToken((res.body as { accessToken: string }).accessToken, {
      jwksUrl: lz.jwksUrl,
      ca: lz.ca,
      expected: { accountId: lz.ids.videoIndexerAccountId, permission: "Contributor" },
    });
    assert.equal(claims.ExternalUserId, DEV.appObjectId);
    assert.equal(claims.UserType, "ServicePrincipal");
  });

  it("the credential works with the ARM SDK too (a scope it derives from the endpoint)", async () => {
    const rm = new ResourceManagementClient(lz.credential, lz.ids.subscriptionId, { endpoint: lz.armEndpoint, tlsOptions: { ca: lz.ca } });
    assert.equal((await rm.resourceGroups.get(lz.ids.resourceGroup)).location, DEV.location);
  });

  it("faceKey with the Face client", async () => {
    const face = createFaceClient(lz.faceEndpoint, new AzureKeyCredential(lz.faceKey), {
      apiVersion: "v1.3-preview.1" as FaceClientOptions["apiVersion"],
      tlsOptions: { ca: lz.ca },
    });
    const res = await face.pathUnchecked("/settings/getClientAssetsAccessToken").get();
    assert.equal(res.status, "200", JSON.stringify(res.body));
  });

  it("caches a token per scope and asks again for another scope", async () => {
    const a = await lz.credential.getToken(ARM_SCOPE);
    const b = await lz.credential.getToken([ARM_SCOPE]);
    assert.equal(a.token, b.token);
    assert.ok(Math.abs(a.expiresOnTimestamp - (Date.now() + 3599_000)) < 60_000);
    const cs = await lz.credential.getToken("https://cognitiveservices.azure.com/.default");
    assert.equal(decodeJwt(cs.token).aud, "https://cognitiveservices.azure.com");
  });

  it("credentialFor: an application from the config, and the development user", async () => {
    const app = await lz
      .credentialFor({
        tenantId: "5c4b3a29-1807-4f6e-9d5c-4b3a29180706",
        clientId: "6d5c4b3a-2918-4706-8f5e-4d3c2b1a0987",
        clientSecret: "library-test-secret-1",
      })
      .getToken(ARM_SCOPE);
    assert.equal(decodeJwt(app.token).tid, "5c4b3a29-1807-4f6e-9d5c-4b3a29180706");
    const user = await lz.credentialFor({ username: lz.ids.userPrincipalName, password: lz.ids.userPassword }).getToken(ARM_SCOPE);
    assert.equal(decodeJwt(user.token).upn, DEV.userPrincipalName);
  });

  it("honours GetTokenOptions: another tenant, and an abort signal", async () => {
    // The development application does not exist in the config's tenant: Entra says so.
    await assert.rejects(lz.credential.getToken(ARM_SCOPE, { tenantId: "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" }), /AADSTS700016/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(lz.credential.getToken("https://graph.microsoft.com/.default", { abortSignal: controller.signal }), {
      name: "AbortError",
    });
  });

  it("a wrong secret is Entra's own error", async () => {
    await assert.rejects(lz.credentialFor({ clientId: DEV.clientId, clientSecret: "wrong" }).getToken(ARM_SCOPE), (e: unknown) => {
      assert.ok(e instanceof EntraAuthenticationError);
      assert.equal(e.statusCode, 401);
      assert.equal(e.errorResponse.error, "invalid_client");
      assert.match(e.message, /AADSTS7000215/);
      return true;
    });
  });

  it("the typed admin client covers every entity", async () => {
    const a = lz.admin;
    const tid = DEV.tenantId;
    const app = await a.applications(tid).create({ clientId: "7e6d5c4b-3a29-4180-8f6e-5d4c3b2a1908", displayName: "typed" });
    assert.equal(app.objectId.length, 36);
    const secret = await a.applications(tid).addSecret(app.clientId, { displayName: "ci" });
    assert.equal(secret.secret.length, 40);
    assert.deepEqual(
      (await a.applications(tid).get(app.clientId)).secrets.map((s) => s.id),
      [secret.id],
    );
    assert.ok(!("sha256" in (await a.applications(tid).get(app.clientId)).secrets[0]!));
    await a.applications(tid).removeSecret(app.clientId, secret.id);
    assert.equal((await a.applications(tid).update(app.clientId, { displayName: "renamed" })).displayName, "renamed");

    const user = await a.users(tid).create({ userPrincipalName: "typed@lazuritedev.onmicrosoft.com", password: "Typed-passw0rd" });
    assert.ok(!("passwordHash" in user));
    await a.users(tid).delete(user.objectId);

    const sub = "8f7e6d5c-4b3a-4291-8807-6f5e4d3c2b1a";
    await a.subscriptions.create({ id: sub, tenantId: tid });
    await a.resourceGroups(sub).create({ name: "typed-rg", location: "northeurope" });
    const vi = await a.videoIndexerAccounts(sub, "typed-rg").create({ name: "typed-vi", location: "northeurope" });
    assert.equal(vi.subscriptionId, sub);
    const face = await a.faceResources(sub, "typed-rg").create({ name: "typed-face", location: "northeurope" });
    const keys = await a.faceResources(sub, "typed-rg").regenerateKey("typed-face", "key1");
    assert.notEqual(keys.key1, face.keys[0]);
    assert.equal(keys.key2, face.keys[1]);
    assert.deepEqual(
      (await a.allVideoIndexerAccounts(sub)).map((x) => x.name),
      ["typed-vi"],
    );
    assert.deepEqual(
      (await a.allFaceResources(sub)).map((x) => x.name),
      ["typed-face"],
    );

    const ra = await a.roleAssignments.create({ principalId: app.objectId, role: "Reader", scope: `/subscriptions/${sub}` });
    assert.equal(ra.roleName, "Reader");
    assert.deepEqual(
      (await a.roleAssignments.list({ principalId: app.objectId })).map((r) => r.id),
      [ra.id],
    );
    await a.roleAssignments.delete(ra.id);

    const before = (await a.keys.list()).filter((k) => k.issuer === "videoIndexer" && k.status === "active");
    const rotated = await a.keys.rotate("videoIndexer");
    assert.notEqual(rotated.kid, before[0]!.kid);
    assert.ok(!("privateJwk" in rotated));

    await a.applyConfig({ subscriptions: [{ id: sub, tenantId: tid, resourceGroups: [{ name: "typed-rg-2", location: "westus2" }] }] });
    assert.equal((await a.resourceGroups(sub).get("typed-rg-2")).location, "westus2");
    await a.subscriptions.delete(sub);
    await assert.rejects(a.subscriptions.get(sub), (e: unknown) => e instanceof AdminApiError && e.status === 404);
    await a.applications(tid).delete(app.clientId);

    const mi = await a.managedIdentity();
    assert.equal(mi.header, lz.managedIdentity.header);
    assert.equal(mi.clientId, DEV.clientId);
    const msi = await http(`${lz.managedIdentity.endpoint}?api-version=2019-08-01&resource=https://management.azure.com/`, {
      ca: lz.ca,
      headers: { "x-identity-header": lz.managedIdentity.header },
    });
    assert.equal(msi.status, 200, msi.text);
  });
});

describe("startLazurite failures and stop", () => {
  it("refuses an invalid config document with every problem, and leaves nothing running", async () => {
    await assert.rejects(startLazurite({ config: { subscriptions: [{ id: "nope", tenantId: DEV.tenantId }] } as never }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /subscriptions\[0\]\.id: not a GUID/);
      return true;
    });
  });

  it("refuses a config that references what does not exist", async () => {
    const started = startLazurite({
      config: { subscriptions: [{ id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e", tenantId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" }] },
    });
    // Never leave a server running if it does start.
    started
      .then(
        (lz) => lz.stop(),
        () => {},
      )
      .catch(() => {});
    await assert.rejects(started, (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.match(e.message, /tenantId/);
      return true;
    });
  });

  it("stop() closes the port", async () => {
    const lz = await startLazurite();
    await lz.stop();
    await assert.rejects(http(`${lz.url}/_lazurite/health`, { ca: lz.ca }), /ECONNREFUSED/);
  });
});
