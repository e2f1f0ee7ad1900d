import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { calculateJwkThumbprint, SignJWT, type JWK } from "jose";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

// A "real" Entra tenant Lazurite has no keys for: its tokens verify only through --trust-jwks.
const TENANT = "c0ffee00-1111-4222-8333-444455556666";
const SUB = "c0ffee00-aaaa-4bbb-8ccc-ddddeeeeffff";
const OID = "c0ffee00-9999-4888-8777-666655554444";

async function externalKey() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, kid, jwks: { keys: [{ ...jwk, kid, use: "sig", alg: "RS256" }] } };
}

async function seed(s: TestServer) {
  await s.admin("POST", "/tenants", { id: TENANT });
  await s.admin("PUT", `/subscriptions/${SUB}`, { tenantId: TENANT, resourceGroups: [{ name: "rg", location: "westus" }] });
  await s.admin("POST", "/roleAssignments", { principalId: OID, role: "Reader", scope: `/subscriptions/${SUB}` });
}

function token(key: Awaited<ReturnType<typeof externalKey>>, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    aud: "https://management.azure.com/",
    iss: `https://sts.windows.net/${TENANT}/`,
    tid: TENANT,
    oid: OID,
    sub: OID,
    appid: randomUUID(),
    idtyp: "app",
    ver: "1.0",
    iat: now,
    nbf: now,
    exp: now + 3600,
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .sign(key.privateKey);
}

const path = `/subscriptions/${SUB}/resourcegroups/rg?api-version=2025-04-01`;

describe("external issuers: --trust-jwks and --loose", () => {
  it("accepts a real-tenant token signed by a key in a trusted JWKS file, and only then", async () => {
    const key = await externalKey();
    const dir = tempDir();
    const file = join(dir.path, "jwks.json");
    writeFileSync(file, JSON.stringify(key.jwks));
    const trusting = await startTestServer({ inMemory: true, trustJwks: [file] });
    const plain = await startTestServer({ inMemory: true });
    try {
      await seed(trusting);
      await seed(plain);
      const t = await token(key);
      assert.equal((await trusting.call(path, { headers: { authorization: `Bearer ${t}` } })).status, 200);
      const refused = await plain.call(path, { headers: { authorization: `Bearer ${t}` } });
      assert.equal(refused.status, 401);
      assert.equal(refused.json.error.code, "InvalidAuthenticationToken");
      // A trusted key does not make a bad signature good.
      const [h, p] = t.split(".");
      const other = await externalKey();
      const forged = `${h}.${p}.${(await token(other)).split(".")[2]}`;
      assert.equal(
        (await trusting.call(path, { headers: { authorization: `Bearer ${forged}` } })).json.error.code,
        "InvalidAuthenticationToken",
      );
    } finally {
      await trusting.close();
      await plain.close();
      dir.remove();
    }
  });

  it("--loose accepts an uncheckable signature but still checks audience and expiry, and warns loudly", async () => {
    const s = await startTestServer({ inMemory: true, loose: true });
    try {
      await seed(s);
      assert.ok(s.lines.some((l) => l.includes("--loose is on")));
      const key = await externalKey();
      assert.equal((await s.call(path, { headers: { authorization: `Bearer ${await token(key)}` } })).status, 200);
      const wrongAud = await s.call(path, { headers: { authorization: `Bearer ${await token(key, { aud: "https://example.org" })}` } });
      assert.equal(wrongAud.json.error.code, "InvalidAuthenticationTokenAudience");
      const past = Math.floor(Date.now() / 1000) - 7200;
      const expired = await s.call(path, {
        headers: { authorization: `Bearer ${await token(key, { exp: past, iat: past - 60, nbf: past - 60 })}` },
      });
      assert.equal(expired.json.error.code, "ExpiredAuthenticationToken");
      const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${(await token(key)).split(".")[1]}.`;
      assert.equal(
        (await s.call(path, { headers: { authorization: `Bearer ${none}` } })).json.error.code,
        "InvalidAuthenticationToken",
        "alg none is never loose",
      );
    } finally {
      await s.close();
    }
  });
});
