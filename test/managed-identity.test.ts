import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { ManagedIdentityCredential } from "@azure/identity";
import { decodeJwt } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import { httpGet, verifyWithTenantKeys } from "./helpers/entra.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const T = DEV.tenantId;
const V1_ISSUER = `https://sts.windows.net/${T}/`;
const ARM = "https://management.azure.com/";
const IDENTITY_HEADER = "managed-identity-test-header";
const REPO = fileURLToPath(new URL("..", import.meta.url));

/** A user-assigned identity: any application of a tenant can act as one. */
const USER_ASSIGNED = { clientId: "2b3c0000-0000-4000-8000-0000000000a1", objectId: "2b3c0000-0000-4000-8000-0000000000a2" };

function runDefaultAzureCredential(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/default-azure-credential.ts"], {
      cwd: REPO,
      // Only what the fixture needs: no AZURE_* leaking in from the developer's shell.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => ok({ code, stdout, stderr }));
  });
}

describe("managed identity (App Service and IMDS flavours)", () => {
  let s: TestServer;
  let endpoint: string;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  before(async () => {
    s = await startTestServer({ inMemory: true, httpPort: 0, identityHeader: IDENTITY_HEADER });
    endpoint = `${s.httpUrl}/msi/token`;
    const put = await s.admin("PUT", `/tenants/${T}/applications/${USER_ASSIGNED.clientId}`, {
      objectId: USER_ASSIGNED.objectId,
      displayName: "uami",
    });
    assert.equal(put.status, 201, put.text);
    // msal picks its managed-identity source from these once per process; this file owns the process.
    process.env.IDENTITY_ENDPOINT = endpoint;
    process.env.IDENTITY_HEADER = IDENTITY_HEADER;
  });
  after(async () => {
    for (const [k, v] of [
      ["IDENTITY_ENDPOINT", saved.endpoint],
      ["IDENTITY_HEADER", saved.header],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await s.close();
  });

  const get = (path: string, headers: Record<string, string> = { "x-identity-header": IDENTITY_HEADER }) =>
    httpGet(`${s.httpUrl}${path}`, headers);

  it("ManagedIdentityCredential gets the default identity's app token over plain HTTP", async () => {
    const t = await new ManagedIdentityCredential().getToken("https://management.azure.com/.default");
    const { payload } = await verifyWithTenantKeys(s, T, t.token, { issuer: V1_ISSUER, audience: ARM });
    assert.equal(payload.appid, DEV.clientId);
    assert.equal(payload.oid, DEV.appObjectId);
    assert.equal(payload.sub, DEV.appObjectId);
    assert.equal(payload.appidacr, "2");
    assert.equal(payload.idtyp, "app");
    assert.equal(payload.tid, T);
    assert.equal(payload.ver, "1.0");
    assert.ok(Math.abs(t.expiresOnTimestamp - (payload.exp as number) * 1000) < 2000);
  });

  it("ManagedIdentityCredential selects a user-assigned identity by client id or object id", async () => {
    const byClient = await new ManagedIdentityCredential({ clientId: USER_ASSIGNED.clientId }).getToken(
      "https://cognitiveservices.azure.com/.default",
    );
    const a = await verifyWithTenantKeys(s, T, byClient.token, { issuer: V1_ISSUER, audience: "https://cognitiveservices.azure.com" });
    assert.equal(a.payload.appid, USER_ASSIGNED.clientId);
    assert.equal(a.payload.oid, USER_ASSIGNED.objectId);
    const byObject = await new ManagedIdentityCredential({ objectId: USER_ASSIGNED.objectId }).getToken(
      "https://management.azure.com/.default",
    );
    const b = await verifyWithTenantKeys(s, T, byObject.token, { issuer: V1_ISSUER, audience: ARM });
    assert.equal(b.payload.appid, USER_ASSIGNED.clientId);
  });

  it("ManagedIdentityCredential reports an unknown identity", async () => {
    await assert.rejects(
      new ManagedIdentityCredential({ clientId: randomUUID() }).getToken("https://management.azure.com/.default"),
      /Unable to load the proper Managed Identity/,
    );
  });

  it("DefaultAzureCredential configured only by environment variables (child process)", async () => {
    const r = await runDefaultAzureCredential({ IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER });
    assert.equal(r.code, 0, r.stderr);
    const { token } = JSON.parse(r.stdout) as { token: string };
    const { payload } = await verifyWithTenantKeys(s, T, token, { issuer: V1_ISSUER, audience: ARM });
    assert.equal(payload.appid, DEV.clientId);
  });

  it("answers the documented App Service body: strings for times, the resource as asked", async () => {
    for (const path of ["/msi/token", "/msi/token/"]) {
      const r = await get(`${path}?api-version=2019-08-01&resource=${encodeURIComponent("https://management.azure.com")}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json), ["access_token", "expires_on", "resource", "token_type", "client_id", "not_before"]);
      assert.equal(r.json.resource, "https://management.azure.com");
      assert.equal(r.json.token_type, "Bearer");
      assert.equal(r.json.client_id, DEV.clientId);
      const claims = decodeJwt(r.json.access_token);
      assert.equal(claims.aud, ARM);
      assert.equal(r.json.expires_on, String(claims.exp));
      assert.equal(r.json.not_before, String(claims.nbf));
      assert.match(String(r.headers["cache-control"]), /no-store/);
    }
  });

  it("maps the resource like the token endpoint (a `/.default` suffix, this server's origin)", async () => {
    const own = await get(`/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(s.url)}`);
    assert.equal(decodeJwt(own.json.access_token).aud, ARM);
    const suffixed = await get(
      `/msi/token?api-version=2019-08-01&resource=${encodeURIComponent("https://cognitiveservices.azure.com/.default")}`,
    );
    assert.equal(decodeJwt(suffixed.json.access_token).aud, "https://cognitiveservices.azure.com");
    const principal = await get(`/msi/token?api-version=2019-08-01&resource=api://x&principal_id=${USER_ASSIGNED.objectId.toUpperCase()}`);
    assert.equal(principal.json.client_id, USER_ASSIGNED.clientId);
  });

  it("refuses a missing or wrong X-IDENTITY-HEADER with 401 in App Service's shape", async () => {
    const attempts: Record<string, string>[] = [{}, { "x-identity-header": "wrong" }, { "x-identity-header": IDENTITY_HEADER + "x" }];
    for (const headers of attempts) {
      const r = await get("/msi/token?api-version=2019-08-01&resource=https://management.azure.com", headers);
      assert.equal(r.status, 401, r.text);
      assert.deepEqual(Object.keys(r.json), ["statusCode", "message", "correlationId"]);
      assert.equal(r.json.statusCode, 401);
      assert.match(r.json.correlationId, /^[0-9a-f-]{36}$/);
      assert.equal(r.headers["x-correlation-id"], r.json.correlationId);
      assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    }
  });

  it("answers 400 'Unable to load the proper Managed Identity.' for an identity it cannot find", async () => {
    for (const q of [
      `client_id=${randomUUID()}`,
      `object_id=${randomUUID()}`,
      "client_id=not-a-guid",
      `mi_res_id=${encodeURIComponent("/subscriptions/x/resourcegroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/z")}`,
    ]) {
      const r = await get(`/msi/token?api-version=2019-08-01&resource=https://management.azure.com&${q}`);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.statusCode, 400);
      assert.equal(r.json.message, "Unable to load the proper Managed Identity.");
    }
  });

  it("answers 400 for a bad request: api-version, resource, more than one identity", async () => {
    for (const q of [
      "resource=https://management.azure.com",
      "api-version=2017-09-01&resource=https://management.azure.com",
      "api-version=2019-08-01",
      `api-version=2019-08-01&resource=https://management.azure.com&client_id=${DEV.clientId}&object_id=${DEV.appObjectId}`,
    ]) {
      const r = await get(`/msi/token?${q}`);
      assert.equal(r.status, 400, `${q}: ${r.text}`);
      assert.equal(r.json.statusCode, 400);
      assert.notEqual(r.json.message, "Unable to load the proper Managed Identity.");
    }
  });

  it("serves the IMDS path with `Metadata: true`, in IMDS's body and error shapes", async () => {
    const path = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/";
    const ok = await get(path, { metadata: "true", "x-identity-header": IDENTITY_HEADER });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(Object.keys(ok.json), [
      "access_token",
      "client_id",
      "expires_in",
      "expires_on",
      "ext_expires_in",
      "not_before",
      "resource",
      "token_type",
    ]);
    assert.equal(ok.json.expires_in, "3599");
    assert.equal(decodeJwt(ok.json.access_token).aud, ARM);

    const noMetadata = await get(path);
    assert.equal(noMetadata.status, 400);
    assert.deepEqual(noMetadata.json, { error: "invalid_request", error_description: "Required metadata header not specified" });
    const noSecret = await get(path, { metadata: "true" });
    assert.equal(noSecret.status, 401);
    const unknown = await get(`${path}&msi_res_id=%2Fsubscriptions%2Fx`, { metadata: "true", "x-identity-header": IDENTITY_HEADER });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json, { error: "invalid_request", error_description: "Identity not found" });
  });

  it("answers 400 when the default identity's application no longer exists", async () => {
    const bare = await startTestServer({ inMemory: true, httpPort: 0, identityHeader: IDENTITY_HEADER });
    try {
      assert.equal((await bare.admin("DELETE", `/tenants/${T}/applications/${DEV.clientId}`)).status, 204);
      const r = await httpGet(`${bare.httpUrl}/msi/token?api-version=2019-08-01&resource=https://management.azure.com`, {
        "x-identity-header": IDENTITY_HEADER,
      });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.message, "Unable to load the proper Managed Identity.");
    } finally {
      await bare.close();
    }
  });
});
