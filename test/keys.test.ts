import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { ISSUERS, KeyService } from "../src/keys/key-service.js";
import { openTestStore } from "./helpers/store.js";

async function setup(now = () => new Date()) {
  const store = await openTestStore(now);
  return { store, keys: new KeyService(store, { now, retiredKeyGraceSeconds: 3600 }) };
}

describe("key service", () => {
  for (const alg of ["ES256", "RS256", "PS256", "ES384"] as const) {
    it(`signs ${alg} tokens that verify against the published JWKS, kid = RFC 7638 thumbprint`, async () => {
      const { store, keys } = await setup();
      try {
        const jwt = await keys.sign(ISSUERS.videoIndexer, alg, { sub: "x", iss: "https://api.videoindexer.ai/" });
        const jwks = { keys: await keys.publicKeys([ISSUERS.videoIndexer]) };
        assert.equal(jwks.keys.length, 1);
        const [jwk] = jwks.keys;
        assert.equal(jwk!.kid, await calculateJwkThumbprint(jwk!, "sha256"));
        for (const priv of ["d", "p", "q", "dp", "dq", "qi"]) assert.ok(!(priv in jwk!), `public JWK has no ${priv}`);
        assert.equal(decodeProtectedHeader(jwt).kid, jwk!.kid);
        const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: [alg] });
        assert.equal(payload.sub, "x");
      } finally {
        await store.close();
      }
    });
  }

  it("rotates: new tokens use the new key, the retired key stays published through the grace period", async () => {
    let t = new Date("2026-01-01T00:00:00Z");
    const { store, keys } = await setup(() => t);
    try {
      const old = await keys.activeKey(ISSUERS.face, "ES256");
      const oldToken = await keys.sign(ISSUERS.face, "ES256", { n: 1 });
      const rotated = await keys.rotate(ISSUERS.face, "ES256");
      assert.notEqual(rotated.kid, old.kid);
      assert.equal((await keys.activeKey(ISSUERS.face, "ES256")).kid, rotated.kid);
      let jwks = { keys: await keys.publicKeys([ISSUERS.face]) };
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        [rotated.kid, old.kid],
      );
      await jwtVerify(oldToken, createLocalJWKSet(jwks));
      t = new Date(t.getTime() + 2 * 3600 * 1000);
      jwks = { keys: await keys.publicKeys([ISSUERS.face]) };
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        [rotated.kid],
        "retired key dropped after the grace period",
      );
    } finally {
      await store.close();
    }
  });

  it("changes key when the configured algorithm changes, and keeps issuers apart", async () => {
    const { store, keys } = await setup();
    try {
      const es = await keys.activeKey(ISSUERS.videoIndexer, "ES256");
      const rs = await keys.activeKey(ISSUERS.videoIndexer, "RS256");
      assert.notEqual(es.kid, rs.kid);
      assert.equal(rs.alg, "RS256");
      const tenantKey = await keys.activeKey(ISSUERS.entra("AAAAAAAA-0000-4000-8000-000000000000"), "RS256");
      const vi = await keys.publicKeys([ISSUERS.videoIndexer]);
      assert.ok(!vi.some((k) => k.kid === tenantKey.kid));
    } finally {
      await store.close();
    }
  });

  it("reuses the persisted key after a restart of the service", async () => {
    const { store, keys } = await setup();
    try {
      const a = await keys.activeKey(ISSUERS.face, "ES256");
      const again = new KeyService(store);
      assert.equal((await again.activeKey(ISSUERS.face, "ES256")).kid, a.kid);
    } finally {
      await store.close();
    }
  });
});
