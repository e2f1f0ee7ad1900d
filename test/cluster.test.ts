import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import { ISSUERS } from "../src/keys/key-service.js";
import type { StoreChange } from "../src/store/change-feed.js";
import { keyOf } from "../src/store/collections.js";
import { postForm } from "./helpers/entra.js";
import { freshDatabase } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { postgresOnly } from "./helpers/store.js";

const FACE_ROUTE = "/face/v1.3-preview.1/settings/getClientAssetsAccessToken";
const FACE_ADMIN = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/${DEV.faceName}`;
const RG_PATH = `/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}?api-version=2025-04-01`;

/** Polls `check` until it holds or `ms` pass; returns the time it took. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The next change to `table` that another instance made, as seen by `s`. */
function nextRemoteChange(s: TestServer, table: string, key?: string): Promise<StoreChange> {
  return new Promise((resolve) => {
    const off = s.store.changes.on(table, (c) => {
      if (c.remote && c.table === table && (key === undefined || c.key === key)) {
        off();
        resolve(c);
      }
    });
  });
}

/**
 * Three instances started at once on `db`. Only a digest of the admin token is stored, so only
 * the instance that made it knows it (`known`, or the one that reports it); the others are told
 * it here, as an operator would pass LAZURITE_ADMIN_TOKEN.
 */
async function startThree(db: string, known?: string): Promise<[TestServer, TestServer, TestServer]> {
  const [x, y, z] = await Promise.all([1, 2, 3].map(() => startTestServer({ db, inMemory: true })));
  const servers = [x!, y!, z!] as const;
  const token = known ?? servers.find((s) => s.adminToken !== undefined)?.adminToken;
  assert.ok(token, "one instance made the admin token");
  for (const s of servers) {
    assert.ok(s.adminToken === undefined || s.adminToken === token, "no instance reports another admin token");
    s.adminToken = token;
  }
  return [x!, y!, z!];
}

const faceKey = (s: TestServer, key: string) => s.call(FACE_ROUTE, { headers: { "ocp-apim-subscription-key": key } });

describe("three stateless instances on one PostgreSQL database", { skip: postgresOnly }, () => {
  let db: string;
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;

  before(async () => {
    db = await freshDatabase();
    // All three start at once on an empty database: migrations, development defaults, stored
    // secrets and first signing keys are all created concurrently.
    [a, b, c] = await startThree(db);
  });
  after(async () => {
    await Promise.all([a, b, c].map((s) => s?.close()));
  });

  it("start together safely: one migration history, one active key per issuer, one admin token", async () => {
    // The token one instance made is the one every instance accepts.
    for (const s of [a, b, c]) assert.equal((await s.admin("GET", "/tenants")).status, 200);
    const keys = (await a.admin("GET", "/keys")).json.value as { issuer: string; status: string; kid: string }[];
    for (const issuer of [ISSUERS.videoIndexer, ISSUERS.face]) {
      assert.equal(keys.filter((k) => k.issuer === issuer && k.status === "active").length, 1, `one active ${issuer} key`);
    }
    const jwks = await Promise.all([a, b, c].map(async (s) => (await s.call("/.well-known/jwks.json")).json));
    assert.deepEqual(jwks[1], jwks[0]);
    assert.deepEqual(jwks[2], jwks[0]);
    assert.equal((await a.admin("GET", "/tenants")).json.value.length, 1, "development defaults seeded once");
  });

  it("what is created through A is read through B", async () => {
    const id = "7e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b";
    assert.equal((await a.admin("POST", "/tenants", { id, displayName: "Made on A" })).status, 201);
    const onB = await b.admin("GET", `/tenants/${id}`);
    assert.equal(onB.status, 200);
    assert.equal(onB.json.displayName, "Made on A");
  });

  it("a token issued by C verifies against the JWKS of A, and A's ARM accepts C's Entra token", async () => {
    const faceToken = await c.keys.sign(ISSUERS.face, "ES256", { sub: "cluster", aud: "https://example.test" });
    const jwksA = (await a.call("/.well-known/jwks.json")).json;
    const { payload } = await jwtVerify(faceToken, createLocalJWKSet(jwksA), { algorithms: ["ES256"] });
    assert.equal(payload.sub, "cluster");

    const issued = await postForm(c, `/${DEV.tenantId}/oauth2/v2.0/token`, {
      grant_type: "client_credentials",
      client_id: DEV.clientId,
      client_secret: DEV.clientSecret,
      scope: "https://management.azure.com/.default",
    });
    assert.equal(issued.status, 200, issued.text);
    const arm = await a.call(RG_PATH, { headers: { authorization: `Bearer ${issued.json.access_token}` } });
    assert.equal(arm.status, 200, arm.text);
    const tenantJwks = (await b.call(`/${DEV.tenantId}/discovery/v2.0/keys`)).json;
    await jwtVerify(issued.json.access_token, createLocalJWKSet(tenantJwks), { algorithms: ["RS256"] });
  });

  it("a Face key regenerated on A is refused on B within 1 s (admin view, store notification, Face route)", async () => {
    assert.equal((await faceKey(b, DEV.faceKey1)).status, 200);
    const heard = nextRemoteChange(b, "face_resources", keyOf.resource(DEV.subscriptionId, DEV.resourceGroup, DEV.faceName));
    const t0 = Date.now();
    const regen = await a.admin("POST", `${FACE_ADMIN}/regenerateKey`, { keyName: "Key1" });
    assert.equal(regen.status, 200);
    const newKey = regen.json.key1 as string;
    const change = await Promise.race([
      heard,
      new Promise<never>((_, no) => setTimeout(() => no(new Error("no notification on B within 1 s")), 1000)),
    ]);
    assert.equal(change.remote, true);
    assert.ok(Date.now() - t0 < 1000);
    await within(1000, "B's admin API shows the new key", async () => (await b.admin("GET", FACE_ADMIN)).json.keys[0] === newKey);
    await within(1000, "B refuses the old key", async () => (await faceKey(b, DEV.faceKey1)).status === 401);
    assert.equal((await faceKey(b, newKey)).status, 200);
    assert.equal((await faceKey(c, DEV.faceKey1)).status, 401);
  });

  it("a signing key rotated on A is used by B's next token within 1 s", async () => {
    const before = decodeProtectedHeader(await b.keys.sign(ISSUERS.face, "ES256", { n: 1 })).kid;
    const rotated = await a.admin("POST", "/keys/rotate", { issuer: "face" });
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.json.kid, before);
    const ms = await within(
      1000,
      "B signs with the rotated key",
      async () => decodeProtectedHeader(await b.keys.sign(ISSUERS.face, "ES256", { n: 2 })).kid === rotated.json.kid,
    );
    assert.ok(ms < 1000);
    // Tokens from the retired key still verify everywhere during the grace period.
    const jwksC = (await c.call("/.well-known/jwks.json")).json as { keys: { kid: string }[] };
    assert.ok(jwksC.keys.some((k) => k.kid === before));
    // And the Face token B issues now carries the new kid.
    const r = await faceKey(b, DEV.faceKey2);
    assert.equal(r.status, 200, r.text);
    assert.equal(decodeProtectedHeader(r.json.accessToken).kid, rotated.json.kid);
  });

  it("concurrent creates of one entity through A and B leave exactly one", async () => {
    const id = "0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f";
    const statuses = (await Promise.all([a, b, a, b].map((s) => s.admin("POST", "/tenants", { id, displayName: "race" })))).map(
      (r) => r.status,
    );
    assert.deepEqual(statuses.sort(), [201, 409, 409, 409]);
    assert.equal((await c.admin("GET", "/tenants")).json.value.filter((t: { id: string }) => t.id === id).length, 1);

    // Face names are global: the same name in two groups, through two instances, at once.
    const base = `/subscriptions/${DEV.subscriptionId}/resourceGroups`;
    assert.equal((await a.admin("PUT", `${base}/race-1`, { location: "westus" })).status, 201);
    assert.equal((await b.admin("PUT", `${base}/race-2`, { location: "westus" })).status, 201);
    const faces = await Promise.all([
      a.admin("POST", `${base}/race-1/faceResources`, { name: "race-face", location: "westus" }),
      b.admin("POST", `${base}/race-2/faceResources`, { name: "race-face", location: "westus" }),
    ]);
    assert.deepEqual(faces.map((r) => r.status).sort(), [201, 409]);
    const all = (await c.admin("GET", `/faceResources?subscriptionId=${DEV.subscriptionId}`)).json.value as { name: string }[];
    assert.equal(all.filter((f) => f.name === "race-face").length, 1);
  });

  it("a restart of every instance loses nothing", async () => {
    const jwks = (await a.call("/.well-known/jwks.json")).json;
    const face = (await a.admin("GET", FACE_ADMIN)).json;
    const token = a.adminToken;
    await Promise.all([a, b, c].map((s) => s.close()));
    [a, b, c] = await startThree(db, token);
    // The admin token survives the restart: the stored digest still accepts it everywhere.
    for (const s of [a, b, c]) assert.equal((await s.admin("GET", "/tenants")).status, 200);
    assert.deepEqual((await b.call("/.well-known/jwks.json")).json, jwks);
    assert.deepEqual((await c.admin("GET", FACE_ADMIN)).json.keys, face.keys);
    assert.equal((await a.admin("GET", "/tenants/7e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b")).status, 200);
    assert.equal((await faceKey(b, face.keys[0])).status, 200);
  });
});
