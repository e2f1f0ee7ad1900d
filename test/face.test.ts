import assert from "node:assert/strict";
import { Agent } from "node:https";
import { after, before, describe, it } from "node:test";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { createLocalJWKSet, jwtVerify } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import { GET_CLIENT_ASSETS_DATA_ACTION } from "../src/surfaces/face/auth.js";
import { CLIENT_ASSETS_AUDIENCE } from "../src/surfaces/face/client-assets-token.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint } from "./helpers/tokens.js";

const ROUTE = "/settings/getClientAssetsAccessToken";
const apiVersion = "v1.3-preview.1" as FaceClientOptions["apiVersion"];
const ACCESS_DENIED =
  "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";
const RESOURCE_ID = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEV.faceName}`;

interface TokenBody {
  expiry: string;
  accessToken: string;
  base64AccessToken: string;
}

describe("Face getClientAssetsAccessToken with the real client, by key", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  const client = (endpoint: string, key: string, extra: Partial<FaceClientOptions> = {}) =>
    createFaceClient(endpoint, new AzureKeyCredential(key), {
      apiVersion,
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
      ...extra,
    });

  async function verify(body: TokenBody) {
    assert.equal(body.base64AccessToken, Buffer.from(body.accessToken, "utf8").toString("base64"));
    assert.match(body.base64AccessToken, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.match(body.expiry, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const jwks = (await s.call("/.well-known/jwks.json")).json;
    const { payload } = await jwtVerify(body.accessToken, createLocalJWKSet(jwks), {
      audience: CLIENT_ASSETS_AUDIENCE,
      algorithms: ["ES256"],
    });
    assert.equal(payload.xms_az_rid, RESOURCE_ID);
    assert.equal(new Date(payload.exp! * 1000).toISOString(), body.expiry);
    assert.equal(payload.exp! - payload.iat!, 86400, "default lifetime 24 h");
    return payload;
  }

  it("bare origin: the resource is the one owning the key (key1 and key2)", async () => {
    for (const key of [DEV.faceKey1, DEV.faceKey2]) {
      const res = await client(s.url, key).pathUnchecked(ROUTE).get();
      assert.equal(res.status, "200", JSON.stringify(res.body));
      assert.match(String(res.headers["apim-request-id"]), /^[0-9a-f-]{36}$/);
      assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
      await verify(res.body as TokenBody);
    }
  });

  it("path style: {origin}/{resource} as the endpoint", async () => {
    const res = await client(`${s.url}/${DEV.faceName}`, DEV.faceKey1).pathUnchecked(ROUTE).get();
    assert.equal(res.status, "200", JSON.stringify(res.body));
    await verify(res.body as TokenBody);
    const trailing = await client(`${s.url}/${DEV.faceName}/`, DEV.faceKey1).pathUnchecked(ROUTE).get();
    assert.equal(trailing.status, "200");
  });

  it("product style: https://{resource}.face.localhost:{port} (a hosts entry, emulated with a lookup)", async () => {
    const port = new URL(s.url).port;
    const agent = new Agent({ ca: s.certificatePem, lookup: (_h, _o, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }]) });
    const res = await client(`https://${DEV.faceName}.face.localhost:${port}`, DEV.faceKey2, { agent }).pathUnchecked(ROUTE).get();
    assert.equal(res.status, "200", JSON.stringify(res.body));
    await verify(res.body as TokenBody);
    const wrongResourceKey = await s.admin(
      "PUT",
      `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/face-other`,
      { location: "westus2" },
    );
    const otherKey = wrongResourceKey.json.keys[0];
    const mismatch = await client(`https://${DEV.faceName}.face.localhost:${port}`, otherKey, { agent }).pathUnchecked(ROUTE).get();
    assert.equal(mismatch.status, "401", "a key of another resource is refused on a named endpoint");
  });

  it("wrong or missing key → 401 code '401' with the exact message and x-ms-error-code", async () => {
    const res = await client(s.url, "0000000000000000000000000000dead").pathUnchecked(ROUTE).get();
    assert.equal(res.status, "401");
    assert.deepEqual(res.body, { error: { code: "401", message: ACCESS_DENIED } });
    assert.equal(res.headers["x-ms-error-code"], "401");
    assert.ok(res.headers["apim-request-id"]);
    const raw = await s.call(`/face/v1.3-preview.1${ROUTE}`);
    assert.equal(raw.status, 401);
    assert.deepEqual(raw.json, { error: { code: "401", message: ACCESS_DENIED } });
  });

  it("regenerating a key invalidates the old one at once", async () => {
    const path = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/${DEV.faceName}/regenerateKey`;
    const before = await client(s.url, DEV.faceKey1).pathUnchecked(ROUTE).get();
    assert.equal(before.status, "200");
    const keys = (await s.admin("POST", path, { keyName: "Key1" })).json;
    assert.equal((await client(s.url, DEV.faceKey1).pathUnchecked(ROUTE).get()).status, "401");
    assert.equal((await client(s.url, keys.key1).pathUnchecked(ROUTE).get()).status, "200");
    assert.equal((await client(s.url, DEV.faceKey2).pathUnchecked(ROUTE).get()).status, "200", "key2 untouched");
  });

  it("other versions, unknown paths and other methods → Face 404 body", async () => {
    const key = { "ocp-apim-subscription-key": DEV.faceKey2 };
    for (const [method, path] of [
      ["GET", `/face/v1.2${ROUTE}`],
      ["GET", "/face/v1.3-preview.1/settings/nothing"],
      ["GET", `/face/v1.3-preview.1${ROUTE}/extra`],
      ["POST", `/face/v1.3-preview.1${ROUTE}`],
      ["DELETE", `/face/v1.3-preview.1${ROUTE}`],
    ] as const) {
      const r = await s.call(path, { method, headers: key });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.deepEqual(r.json, { error: { code: "404", message: "Resource not found" } });
      assert.equal(r.headers["x-ms-error-code"], "404");
      assert.ok(r.headers["apim-request-id"]);
    }
    const dup = await s.call(`//face//v1.3-preview.1${ROUTE}`, { headers: key });
    assert.equal(dup.status, 200, "duplicate slashes collapse");
  });
});

describe("Face with Entra bearer tokens", () => {
  let s: TestServer;
  let mint: TokenMint;
  before(async () => {
    s = await startTestServer({ inMemory: true });
    mint = new TokenMint(s.store);
  });
  after(async () => s.close());

  const cog = (claims: Record<string, unknown> = {}) => mint.sign(DEV.tenantId, { aud: "https://cognitiveservices.azure.com", ...claims });
  const call = async (path: string, token: string) => s.call(path, { headers: { authorization: `Bearer ${token}` } });

  it("a principal with Cognitive Services User gets a token on a named endpoint", async () => {
    const r = await call(`/${DEV.faceName}/face/v1.3-preview.1${ROUTE}`, await cog());
    assert.equal(r.status, 200, r.text);
    const jwks = (await s.call("/.well-known/jwks.json")).json;
    const { payload } = await jwtVerify(r.json.accessToken, createLocalJWKSet(jwks));
    assert.equal(payload.sub, "1a2e0000-0000-4000-8000-000000000011");
  });

  it("bare origin with a bearer token → 400 'Please provide an authentication key.'", async () => {
    const r = await call(`/face/v1.3-preview.1${ROUTE}`, await cog());
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: { code: "BadRequest", message: "Please provide an authentication key." } });
    assert.equal(r.headers["x-ms-error-code"], "BadRequest");
  });

  it("no data role → 401 PermissionDenied (Owner alone carries no data actions)", async () => {
    const oid = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b";
    await s.admin("POST", "/roleAssignments", { principalId: oid, role: "Owner", scope: `/subscriptions/${DEV.subscriptionId}` });
    const r = await call(`/${DEV.faceName}/face/v1.3-preview.1${ROUTE}`, await cog({ oid, sub: oid }));
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { error: { code: "PermissionDenied", message: "Principal does not have access to API/Operation." } });
    assert.equal(r.headers["x-ms-error-code"], "PermissionDenied");
    assert.ok(GET_CLIENT_ASSETS_DATA_ACTION.startsWith("Microsoft.CognitiveServices/accounts/Face/"));
  });

  it("wrong audience, expired, or unsigned tokens → 401 with the bearer message", async () => {
    const exp = Math.floor(Date.now() / 1000) - 3600;
    for (const t of [await mint.sign(DEV.tenantId), await cog({ exp, iat: exp - 60, nbf: exp - 60 }), "not.a.token"]) {
      const r = await call(`/${DEV.faceName}/face/v1.3-preview.1${ROUTE}`, t);
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, "401");
      assert.match(r.json.error.message, /^Unauthorized\. Access token is missing, invalid, audience is incorrect/);
    }
  });
});

describe("Face throttling", () => {
  it("answers 429 '429' 'Rate limit is exceeded.' with Retry-After past the per-resource limit", async () => {
    let t = new Date("2026-03-01T10:00:00.250Z");
    const s = await startTestServer({ inMemory: true, faceRateLimit: 2, now: () => t });
    try {
      const get = () => s.call(`/face/v1.3-preview.1${ROUTE}`, { headers: { "ocp-apim-subscription-key": DEV.faceKey1 } });
      assert.equal((await get()).status, 200);
      assert.equal((await get()).status, 200);
      const limited = await get();
      assert.equal(limited.status, 429);
      assert.deepEqual(limited.json, { error: { code: "429", message: "Rate limit is exceeded." } });
      assert.equal(limited.headers["retry-after"], "1");
      assert.equal(limited.headers["x-ms-error-code"], "429");
      t = new Date("2026-03-01T10:00:01.001Z");
      assert.equal((await get()).status, 200, "the next second has a fresh window");
    } finally {
      await s.close();
    }
  });

  it("the real client retries a 429 by itself after Retry-After", async () => {
    const s = await startTestServer({ inMemory: true, faceRateLimit: 1 });
    try {
      const c = createFaceClient(s.url, new AzureKeyCredential(DEV.faceKey1), { apiVersion, tlsOptions: { ca: s.certificatePem } });
      const [a, b] = await Promise.all([c.pathUnchecked(ROUTE).get(), c.pathUnchecked(ROUTE).get()]);
      assert.deepEqual([a.status, b.status], ["200", "200"]);
    } finally {
      await s.close();
    }
  });
});
