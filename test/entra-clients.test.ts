import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  UsernamePasswordCredential,
} from "@azure/identity";
import { DEV } from "../src/config/dev-defaults.js";
import {
  assertionClaims,
  identityOptions,
  selfSignedRsaCertificate,
  signAssertion,
  verifyWithTenantKeys,
  type TestCertificate,
} from "./helpers/entra.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const T = DEV.tenantId;
const ARM = "https://management.azure.com/";
const V1_ISSUER = `https://sts.windows.net/${T}/`;

/** Checks the claims every Lazurite access token has, whoever asked for it. */
function assertV1Shape(p: Record<string, unknown>): void {
  assert.equal(p.iss, V1_ISSUER);
  assert.equal(p.idp, V1_ISSUER);
  assert.equal(p.tid, T);
  assert.equal(p.ver, "1.0");
  assert.equal((p.exp as number) - (p.iat as number), 3599);
  assert.equal(p.nbf, p.iat);
  assert.match(String(p.uti), /^[A-Za-z0-9_-]{22}$/);
  assert.match(String(p.rh), /^1\.[A-Za-z0-9_-]+\.$/);
  assert.equal(typeof p.aio, "string");
}

describe("Entra ID with the real @azure/identity credentials", () => {
  let s: TestServer;
  let cert: TestCertificate;
  const certClientId = randomUUID();
  before(async () => {
    s = await startTestServer({ inMemory: true });
    cert = await selfSignedRsaCertificate();
    const put = await s.admin("PUT", `/tenants/${T}/applications/${certClientId}`, {
      displayName: "cert-app",
      certificates: [cert.certPem],
    });
    assert.equal(put.status, 201, put.text);
  });
  after(async () => s.close());

  it("ClientSecretCredential gets an app-only v1.0 ARM token", async () => {
    const cred = new ClientSecretCredential(T, DEV.clientId, DEV.clientSecret, identityOptions(s));
    const t = await cred.getToken("https://management.azure.com/.default");
    assert.ok(t.expiresOnTimestamp > Date.now() + 3000_000);
    const { payload, protectedHeader } = await verifyWithTenantKeys(s, T, t.token, { issuer: V1_ISSUER, audience: ARM });
    assert.equal(protectedHeader.alg, "RS256");
    assert.equal(protectedHeader.typ, "JWT");
    assertV1Shape(payload);
    assert.equal(payload.appid, DEV.clientId);
    assert.equal(payload.appidacr, "1");
    assert.equal(payload.idtyp, "app");
    assert.equal(payload.oid, DEV.appObjectId);
    assert.equal(payload.sub, DEV.appObjectId);
    assert.equal(payload.scp, undefined);
    // msal caches it: the second call returns the same token without a request.
    assert.equal((await cred.getToken("https://management.azure.com/.default")).token, t.token);
  });

  it("maps Cognitive Services and the ARM SDK's `${endpoint}/.default` scopes to their audiences", async () => {
    const cred = new ClientSecretCredential(T, DEV.clientId, DEV.clientSecret, identityOptions(s));
    const cog = await cred.getToken("https://cognitiveservices.azure.com/.default");
    await verifyWithTenantKeys(s, T, cog.token, { issuer: V1_ISSUER, audience: "https://cognitiveservices.azure.com" });
    const sdk = await cred.getToken(`${s.url}/.default`);
    await verifyWithTenantKeys(s, T, sdk.token, { issuer: V1_ISSUER, audience: ARM });
  });

  it("ClientCertificateCredential (PS256 assertion with x5t#S256) gets a token with appidacr 2", async () => {
    const cred = new ClientCertificateCredential(T, certClientId, { certificate: cert.certPem + cert.keyPem }, identityOptions(s));
    const t = await cred.getToken("https://management.azure.com/.default");
    const { payload } = await verifyWithTenantKeys(s, T, t.token, { issuer: V1_ISSUER, audience: ARM });
    assertV1Shape(payload);
    assert.equal(payload.appid, certClientId);
    assert.equal(payload.appidacr, "2");
    assert.equal(payload.idtyp, "app");
  });

  it("ClientAssertionCredential with an assertion signed by a registered certificate", async () => {
    let calls = 0;
    const cred = new ClientAssertionCredential(
      T,
      certClientId,
      async () => {
        calls++;
        return signAssertion(
          cert.privateKey,
          { alg: "RS256", "x5t#S256": cert.x5tS256 },
          assertionClaims(certClientId, `${s.url}/${T}/oauth2/v2.0/token`),
        );
      },
      identityOptions(s),
    );
    const t = await cred.getToken("https://cognitiveservices.azure.com/.default");
    assert.ok(calls >= 1, "the callback supplied the assertion");
    const { payload } = await verifyWithTenantKeys(s, T, t.token, { issuer: V1_ISSUER, audience: "https://cognitiveservices.azure.com" });
    assert.equal(payload.appid, certClientId);
    assert.equal(payload.appidacr, "2");
  });

  it("ClientAssertionCredential with a bare EC public key (ES256, kid = its JWK thumbprint)", async () => {
    const clientId = randomUUID();
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const created = await s.admin("PUT", `/tenants/${T}/applications/${clientId}`, {
      certificates: [publicKey.export({ type: "spki", format: "pem" }).toString()],
    });
    assert.equal(created.status, 201, created.text);
    const kid = created.json.certificates[0].jwkThumbprint as string;
    const cred = new ClientAssertionCredential(
      T,
      clientId,
      () => signAssertion(privateKey, { alg: "ES256", kid }, assertionClaims(clientId, `${s.url}/${T}/oauth2/v2.0/token`)),
      identityOptions(s),
    );
    const t = await cred.getToken("https://management.azure.com/.default");
    const { payload } = await verifyWithTenantKeys(s, T, t.token, { issuer: V1_ISSUER, audience: ARM });
    assert.equal(payload.appid, clientId);
  });

  it("UsernamePasswordCredential gets a delegated token and msal caches the account", async () => {
    const cred = new UsernamePasswordCredential(T, DEV.clientId, DEV.userPrincipalName, DEV.userPassword, identityOptions(s));
    const t = await cred.getToken("https://management.azure.com/.default");
    const { payload } = await verifyWithTenantKeys(s, T, t.token, { issuer: V1_ISSUER, audience: ARM });
    assertV1Shape(payload);
    assert.equal(payload.idtyp, "user");
    assert.equal(payload.appid, DEV.clientId);
    assert.equal(payload.appidacr, "0");
    assert.equal(payload.oid, DEV.userObjectId);
    assert.equal(payload.upn, DEV.userPrincipalName);
    assert.equal(payload.unique_name, DEV.userPrincipalName);
    assert.equal(payload.name, "Lazurite Developer");
    assert.equal(payload.scp, "user_impersonation");
    assert.deepEqual(payload.amr, ["pwd"]);
    assert.notEqual(payload.sub, DEV.userObjectId); // pairwise, as in Entra
    // Cached through the id_token and client_info of the response: no second sign-in.
    assert.equal((await cred.getToken("https://management.azure.com/.default")).token, t.token);
  });

  it("issues tokens that Lazurite's own ARM front end accepts, for apps and users alike", async () => {
    const path = `/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}?api-version=2025-04-01`;
    const creds = [
      new ClientSecretCredential(T, DEV.clientId, DEV.clientSecret, identityOptions(s)),
      new UsernamePasswordCredential(T, DEV.clientId, DEV.userPrincipalName, DEV.userPassword, identityOptions(s)),
    ];
    for (const cred of creds) {
      const t = await cred.getToken("https://management.azure.com/.default");
      const r = await s.call(path, { headers: { authorization: `Bearer ${t.token}` } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.name, DEV.resourceGroup);
    }
  });

  it("a credential for one tenant cannot use another tenant's application", async () => {
    const other = "7d2e6b3f-0e4c-4f8b-9a21-3c4d5e6f7081";
    await s.admin("POST", "/tenants", { id: other, displayName: "Elsewhere" });
    const cred = new ClientSecretCredential(other, DEV.clientId, DEV.clientSecret, identityOptions(s));
    await assert.rejects(
      cred.getToken("https://management.azure.com/.default"),
      /AADSTS700016: Application with identifier '1a2e0000-0000-4000-8000-000000000010' was not found in the directory 'Elsewhere'/,
    );
  });

  it("surfaces a wrong secret as the credential's error with AADSTS7000215 (docs/entra.md#how-clients-surface-errors)", async () => {
    const cred = new ClientSecretCredential(T, DEV.clientId, "wrong-secret", identityOptions(s));
    await assert.rejects(cred.getToken("https://management.azure.com/.default"), (e: Error) => {
      assert.equal(e.name, "AuthenticationRequiredError");
      assert.match(e.message, /AADSTS7000215: Invalid client secret provided/);
      return true;
    });
  });
});
