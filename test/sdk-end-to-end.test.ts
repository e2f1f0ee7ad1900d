import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ClientSecretCredential, UsernamePasswordCredential } from "@azure/identity";
import { DEV } from "../src/config/dev-defaults.js";
import { identityOptions } from "./helpers/entra.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

/** Real SDK clients end to end: tokens from the emulated Entra ID used on ARM and Face. */
describe("real SDK clients with tokens from the emulated Entra ID", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("ResourceManagementClient (@azure/arm-resources) reads the subscription's resource groups", async () => {
    const credential = new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, identityOptions(s));
    // No credentialScopes: the SDK asks for `${endpoint}/.default`, which Lazurite maps to the ARM audience.
    const rm = new ResourceManagementClient(credential, DEV.subscriptionId, { endpoint: s.url, tlsOptions: { ca: s.certificatePem } });
    const group = await rm.resourceGroups.get(DEV.resourceGroup.toUpperCase());
    assert.equal(group.name, DEV.resourceGroup);
    assert.equal(group.location, DEV.location);
    const names: string[] = [];
    for await (const g of rm.resourceGroups.list()) names.push(g.name!);
    assert.deepEqual(names, [DEV.resourceGroup]);
    await assert.rejects(rm.resourceGroups.get("missing-rg"), (e: { code?: string; statusCode?: number }) => {
      assert.equal(e.code, "ResourceGroupNotFound");
      assert.equal(e.statusCode, 404);
      return true;
    });
  });

  it("a principal without a role gets AuthorizationFailed through the SDK", async () => {
    const created = await s.admin("POST", `/tenants/${DEV.tenantId}/applications`, {
      clientId: "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
      clientSecrets: ["no-role-app-secret-1"],
    });
    assert.equal(created.status, 201);
    const credential = new ClientSecretCredential(
      DEV.tenantId,
      "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
      "no-role-app-secret-1",
      identityOptions(s),
    );
    const rm = new ResourceManagementClient(credential, DEV.subscriptionId, {
      endpoint: s.url,
      credentialScopes: ["https://management.azure.com/.default"],
      tlsOptions: { ca: s.certificatePem },
    });
    await assert.rejects(rm.resourceGroups.get(DEV.resourceGroup), (e: { code?: string; statusCode?: number; message: string }) => {
      assert.equal(e.code, "AuthorizationFailed");
      assert.equal(e.statusCode, 403);
      assert.match(e.message, new RegExp(`^The client '8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d' with object id '${created.json.objectId}'`));
      return true;
    });
  });

  for (const [label, make] of [
    ["ClientSecretCredential", () => new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, identityOptions(s))],
    [
      "UsernamePasswordCredential",
      () => new UsernamePasswordCredential(DEV.tenantId, DEV.clientId, DEV.userPrincipalName, DEV.userPassword, identityOptions(s)),
    ],
  ] as const) {
    it(`Face client with ${label} on the path-style endpoint`, async () => {
      const face = createFaceClient(`${s.url}/${DEV.faceName}`, make(), {
        apiVersion: "v1.3-preview.1" as FaceClientOptions["apiVersion"],
        tlsOptions: { ca: s.certificatePem },
      });
      const res = await face.pathUnchecked("/settings/getClientAssetsAccessToken").get();
      assert.equal(res.status, "200", JSON.stringify(res.body));
      const body = res.body as { accessToken: string; base64AccessToken: string };
      assert.equal(body.base64AccessToken, Buffer.from(body.accessToken).toString("base64"));
    });
  }

  it("Face client with a bearer credential on the bare origin gets the regional-endpoint 400", async () => {
    const credential = new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, identityOptions(s));
    const face = createFaceClient(s.url, credential, {
      apiVersion: "v1.3-preview.1" as FaceClientOptions["apiVersion"],
      tlsOptions: { ca: s.certificatePem },
    });
    const res = await face.pathUnchecked("/settings/getClientAssetsAccessToken").get();
    assert.equal(res.status, "400");
    assert.deepEqual(res.body, { error: { code: "BadRequest", message: "Please provide an authentication key." } });
  });
});
