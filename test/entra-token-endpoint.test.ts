import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import {
  assertAadError,
  assertionClaims,
  postForm,
  selfSignedRsaCertificate,
  signAssertion,
  verifyWithTenantKeys,
} from "./helpers/entra.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const T = DEV.tenantId;
const V2 = `/${T}/oauth2/v2.0/token`;
const V1 = `/${T}/oauth2/token`;
const V1_ISSUER = `https://sts.windows.net/${T}/`;
const ROPC = { grant_type: "password", client_id: DEV.clientId, username: DEV.userPrincipalName, password: DEV.userPassword };
const ARM_USER_SCOPE = "https://management.azure.com/user_impersonation openid profile offline_access";

describe("Entra ID token endpoints on the wire", () => {
  let s: TestServer;
  /** The server's clock: tests move it to expire refresh tokens. */
  let clock = Date.now();
  before(async () => {
    s = await startTestServer({ inMemory: true, now: () => new Date(clock) });
  });
  after(async () => s.close());

  it("v2 client credentials: Entra's body, no-store, and everything msal sends besides is ignored", async () => {
    const correlation = randomUUID();
    const r = await postForm(s, `${V2}?client-request-id=${correlation}`, {
      client_id: DEV.clientId,
      scope: "https://management.azure.com/.default",
      grant_type: "client_credentials",
      "x-client-SKU": "msal.js.node",
      "x-client-VER": "5.6.0",
      "x-client-OS": "linux",
      "x-client-CPU": "x64",
      "x-ms-lib-capability": "retry-after, h429",
      "x-client-current-telemetry": "5|771,2,,,|,",
      "x-client-last-telemetry": "5|0|||0,0",
      "client-request-id": correlation,
      client_secret: DEV.clientSecret,
      claims: JSON.stringify({ access_token: { xms_cc: { values: ["cp1"] } } }),
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), ["token_type", "expires_in", "ext_expires_in", "access_token"]);
    assert.equal(r.json.token_type, "Bearer");
    assert.equal(r.json.expires_in, 3599);
    assert.equal(r.json.ext_expires_in, 3599);
    assert.match(String(r.headers["cache-control"]), /no-store/);
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    const header = decodeProtectedHeader(r.json.access_token);
    const jwks = (await s.call(`/${T}/discovery/v2.0/keys`)).json.keys.map((k: { kid: string }) => k.kid);
    assert.ok(jwks.includes(header.kid), "the token's kid is in the tenant's JWKS");
  });

  it("v1 client credentials: `resource`, numbers as strings, expires_on and not_before", async () => {
    const r = await postForm(s, V1, {
      grant_type: "client_credentials",
      client_id: DEV.clientId,
      client_secret: DEV.clientSecret,
      resource: "https://management.core.windows.net/",
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), [
      "token_type",
      "expires_in",
      "ext_expires_in",
      "expires_on",
      "not_before",
      "resource",
      "access_token",
    ]);
    assert.equal(r.json.expires_in, "3599");
    assert.equal(r.json.resource, "https://management.core.windows.net/");
    const claims = decodeJwt(r.json.access_token);
    assert.equal(claims.aud, "https://management.azure.com/");
    assert.equal(r.json.expires_on, String(claims.exp));
    assert.equal(r.json.not_before, String(claims.nbf));
  });

  it("accepts the tenant's domain in the path and answers with the tenant GUID", async () => {
    const r = await postForm(s, `/${DEV.tenantDomain}/oauth2/v2.0/token`, {
      grant_type: "client_credentials",
      client_id: DEV.clientId.toUpperCase(),
      client_secret: DEV.clientSecret,
      scope: "api://my-api/.default",
    });
    assert.equal(r.status, 200, r.text);
    const claims = decodeJwt(r.json.access_token);
    assert.equal(claims.tid, T);
    assert.equal(claims.aud, "api://my-api");
    assert.equal(claims.appid, DEV.clientId);
  });

  it("echoes the caller's client-request-id as the correlation id of an error", async () => {
    const id = randomUUID();
    const r = await postForm(
      s,
      V2,
      { grant_type: "client_credentials", client_id: DEV.clientId, scope: "x/.default" },
      { "client-request-id": id },
    );
    assertAadError(r, 401, "invalid_client", 7000218);
    assert.equal(r.json.correlation_id, id);
    assert.ok(r.json.error_description.includes(`Correlation ID: ${id}`));
  });

  it("ROPC: access token, signed v2 id_token, client_info, scope, and a refresh token for offline_access", async () => {
    const r = await postForm(s, V2, { ...ROPC, scope: ARM_USER_SCOPE, client_info: "1", response_type: "id_token token" });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), [
      "token_type",
      "scope",
      "expires_in",
      "ext_expires_in",
      "access_token",
      "refresh_token",
      "id_token",
      "client_info",
    ]);
    assert.equal(r.json.scope, "https://management.azure.com/user_impersonation openid profile offline_access");

    const { payload: at } = await verifyWithTenantKeys(s, T, r.json.access_token, {
      issuer: V1_ISSUER,
      audience: "https://management.azure.com/",
    });
    assert.equal(at.scp, "user_impersonation");
    assert.equal(at.idtyp, "user");

    const { payload: id } = await verifyWithTenantKeys(s, T, r.json.id_token, { issuer: `${s.url}/${T}/v2.0`, audience: DEV.clientId });
    assert.equal(id.ver, "2.0");
    assert.equal(id.tid, T);
    assert.equal(id.oid, DEV.userObjectId);
    assert.equal(id.preferred_username, DEV.userPrincipalName);
    assert.equal(id.name, "Lazurite Developer");
    assert.equal(id.sub, at.sub);
    assert.equal(typeof id.iat, "number");
    assert.equal(typeof id.nbf, "number");

    assert.deepEqual(JSON.parse(Buffer.from(r.json.client_info, "base64url").toString()), { uid: DEV.userObjectId, utid: T });
    assert.equal(decodeProtectedHeader(r.json.refresh_token).typ, "lz-rt+jwt");
  });

  it("ROPC without offline_access or openid returns neither a refresh token nor an id token", async () => {
    const r = await postForm(s, V2, { ...ROPC, scope: "https://cognitiveservices.azure.com/.default" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.refresh_token, undefined);
    assert.equal(r.json.id_token, undefined);
    assert.equal(decodeJwt(r.json.access_token).aud, "https://cognitiveservices.azure.com");
    assert.equal(decodeJwt(r.json.access_token).scp, "user_impersonation");
  });

  it("ROPC at /organizations finds the user's tenant from the user name", async () => {
    const r = await postForm(s, `/organizations/oauth2/v2.0/token`, { ...ROPC, scope: ARM_USER_SCOPE });
    assert.equal(r.status, 200, r.text);
    assert.equal(decodeJwt(r.json.access_token).tid, T);
  });

  it("v1 ROPC: `resource`, scp in `scope`, always a refresh token", async () => {
    const r = await postForm(s, V1, { ...ROPC, resource: "https://management.azure.com/" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.scope, "user_impersonation");
    assert.equal(r.json.resource, "https://management.azure.com/");
    assert.equal(r.json.expires_in, "3599");
    assert.ok(r.json.refresh_token);
  });

  it("a client that presents a secret on ROPC is authenticated with it (appidacr 1)", async () => {
    const r = await postForm(s, V2, { ...ROPC, client_secret: DEV.clientSecret, scope: ARM_USER_SCOPE });
    assert.equal(r.status, 200, r.text);
    assert.equal(decodeJwt(r.json.access_token).appidacr, "1");
    assertAadError(await postForm(s, V2, { ...ROPC, client_secret: "nope", scope: ARM_USER_SCOPE }), 401, "invalid_client", 7000215);
  });

  it("refresh_token: new tokens for the same or another resource, and the scopes of the sign-in by default", async () => {
    const first = await postForm(s, V2, { ...ROPC, scope: ARM_USER_SCOPE });
    const again = await postForm(s, V2, {
      grant_type: "refresh_token",
      client_id: DEV.clientId,
      refresh_token: first.json.refresh_token,
      scope: ARM_USER_SCOPE,
      client_info: "1",
    });
    assert.equal(again.status, 200, again.text);
    assert.ok(again.json.id_token && again.json.client_info && again.json.refresh_token);
    await verifyWithTenantKeys(s, T, again.json.access_token, { issuer: V1_ISSUER, audience: "https://management.azure.com/" });

    const cog = await postForm(s, V2, {
      grant_type: "refresh_token",
      client_id: DEV.clientId,
      refresh_token: again.json.refresh_token,
      scope: "https://cognitiveservices.azure.com/.default offline_access",
    });
    assert.equal(cog.status, 200, cog.text);
    assert.equal(decodeJwt(cog.json.access_token).aud, "https://cognitiveservices.azure.com");
    assert.equal(decodeJwt(cog.json.access_token).oid, DEV.userObjectId);

    const noScope = await postForm(s, V2, {
      grant_type: "refresh_token",
      client_id: DEV.clientId,
      refresh_token: first.json.refresh_token,
    });
    assert.equal(noScope.status, 200, noScope.text);
    assert.equal(decodeJwt(noScope.json.access_token).aud, "https://management.azure.com/");

    const v1 = await postForm(s, V1, {
      grant_type: "refresh_token",
      client_id: DEV.clientId,
      refresh_token: first.json.refresh_token,
      resource: "https://cognitiveservices.azure.com",
    });
    assert.equal(v1.status, 200, v1.text);
    assert.equal(v1.json.resource, "https://cognitiveservices.azure.com");
  });

  it("refresh_token is refused when tampered, for another client, another tenant, or when it is an access token", async () => {
    const first = await postForm(s, V2, { ...ROPC, scope: ARM_USER_SCOPE });
    const rt: string = first.json.refresh_token;
    const [h, p, sig] = rt.split(".") as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(rt), sub: randomUUID() })).toString("base64url");
    const otherClient = randomUUID();
    await s.admin("PUT", `/tenants/${T}/applications/${otherClient}`, {});
    const otherTenant = "8e3f7c40-1f5d-4a9c-8b32-4d5e6f708192";
    await s.admin("POST", "/tenants", { id: otherTenant });
    await s.admin("PUT", `/tenants/${otherTenant}/applications/${DEV.clientId}`, {});
    const cases: [string, Record<string, string>][] = [
      [V2, { refresh_token: `${h}.${forged}.${sig}`, client_id: DEV.clientId }],
      [V2, { refresh_token: `${h}.${p}.${sig.slice(0, -4)}AAAA`, client_id: DEV.clientId }],
      [V2, { refresh_token: "not-a-jwt", client_id: DEV.clientId }],
      [V2, { refresh_token: rt, client_id: otherClient }],
      [`/${otherTenant}/oauth2/v2.0/token`, { refresh_token: rt, client_id: DEV.clientId }],
      [V2, { refresh_token: first.json.access_token, client_id: DEV.clientId }],
      [V2, { refresh_token: first.json.id_token, client_id: DEV.clientId }],
    ];
    for (const [path, fields] of cases) {
      const r = await postForm(s, path, { grant_type: "refresh_token", scope: ARM_USER_SCOPE, ...fields });
      assertAadError(r, 400, "invalid_grant", 9002313, /Invalid request\. Request is malformed or invalid\./);
    }
  });

  it("refresh_token expires after a day with AADSTS70008", async () => {
    const first = await postForm(s, V2, { ...ROPC, scope: ARM_USER_SCOPE });
    const saved = clock;
    clock += 24 * 3600 * 1000 + 1000;
    try {
      const r = await postForm(s, V2, {
        grant_type: "refresh_token",
        client_id: DEV.clientId,
        refresh_token: first.json.refresh_token,
        scope: ARM_USER_SCOPE,
      });
      assertAadError(r, 400, "invalid_grant", 70008, /refresh token has expired due to inactivity/);
    } finally {
      clock = saved;
    }
  });

  it("stamps tokens with the injected clock", async () => {
    const saved = clock;
    clock = Date.parse("2030-01-02T03:04:05Z");
    try {
      const r = await postForm(s, V2, {
        grant_type: "client_credentials",
        client_id: DEV.clientId,
        client_secret: DEV.clientSecret,
        scope: "https://management.azure.com/.default",
      });
      const claims = decodeJwt(r.json.access_token);
      assert.equal(claims.iat, Date.parse("2030-01-02T03:04:05Z") / 1000);
      assert.equal(claims.exp, claims.iat + 3599);
    } finally {
      clock = saved;
    }
  });

  it("accepts an assertion whose kid is the certificate's hex SHA-1 thumbprint, or whose aud is login.microsoftonline.com or v1", async () => {
    const cert = await selfSignedRsaCertificate();
    const clientId = randomUUID();
    const put = await s.admin("PUT", `/tenants/${T}/applications/${clientId}`, { certificates: [cert.certPem] });
    const x5t: string = put.json.certificates[0].x5t;
    const hex = Buffer.from(x5t, "base64url").toString("hex").toUpperCase();
    const audiences = [
      `https://login.microsoftonline.com/${T}/oauth2/v2.0/token`,
      `${s.url}/${T}/oauth2/token`,
      `${s.url}/${DEV.tenantDomain}/oauth2/v2.0/token`.toUpperCase().replace("HTTPS", "https"),
    ];
    for (const aud of audiences) {
      const assertion = await signAssertion(cert.privateKey, { alg: "RS256", kid: hex }, assertionClaims(clientId, aud, new Date(clock)));
      const r = await postForm(s, V2, {
        grant_type: "client_credentials",
        client_id: clientId,
        scope: "https://management.azure.com/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      });
      assert.equal(r.status, 200, `${aud}: ${r.text}`);
      assert.equal(decodeJwt(r.json.access_token).appidacr, "2");
    }
  });
});
