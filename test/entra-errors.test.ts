import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import {
  assertAadError,
  assertionClaims,
  postForm,
  selfSignedRsaCertificate,
  signAssertion,
  type TestCertificate,
} from "./helpers/entra.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { unsigned } from "./helpers/tokens.js";

const T = DEV.tenantId;
const V2 = `/${T}/oauth2/v2.0/token`;
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const ARM_DEFAULT = "https://management.azure.com/.default";
const CC = { grant_type: "client_credentials", client_id: DEV.clientId, client_secret: DEV.clientSecret, scope: ARM_DEFAULT };
const ROPC = {
  grant_type: "password",
  client_id: DEV.clientId,
  username: DEV.userPrincipalName,
  password: DEV.userPassword,
  scope: `${ARM_DEFAULT} openid profile offline_access`,
};
/** .NET's "o" format, as AADSTS700024 prints times. */
const DOTNET_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z";

describe("Entra ID token errors: exact AADSTS codes, `error` values and statuses", () => {
  let s: TestServer;
  let cert: TestCertificate;
  const certClient = randomUUID();
  const audience = () => `${s.url}/${T}/oauth2/v2.0/token`;
  const withAssertion = (assertion: string, clientId = certClient) => ({
    grant_type: "client_credentials",
    client_id: clientId,
    scope: ARM_DEFAULT,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  });

  before(async () => {
    s = await startTestServer({ inMemory: true });
    cert = await selfSignedRsaCertificate();
    assert.equal((await s.admin("PUT", `/tenants/${T}/applications/${certClient}`, { certificates: [cert.certPem] })).status, 201);
  });
  after(async () => s.close());

  it("unknown tenant → 400 invalid_tenant AADSTS90002; malformed tenant → AADSTS900023", async () => {
    assertAadError(
      await postForm(s, `/0f0f0f0f-0000-4000-8000-000000000000/oauth2/v2.0/token`, CC),
      400,
      "invalid_tenant",
      90002,
      /Tenant '0f0f0f0f-0000-4000-8000-000000000000' not found\./,
    );
    assertAadError(await postForm(s, `/unknown.example.org/oauth2/token`, CC), 400, "invalid_tenant", 90002);
    assertAadError(await postForm(s, `/no%20such%20tenant/oauth2/v2.0/token`, CC), 400, "invalid_request", 900023);
  });

  it("client credentials at a multi-tenant alias → AADSTS50059", async () => {
    assertAadError(await postForm(s, `/common/oauth2/v2.0/token`, CC), 400, "invalid_request", 50059);
  });

  it("the custom-host authority /adfs takes the tenant from a client id registered in one tenant only, else AADSTS50059", async () => {
    const ok = await postForm(s, `/adfs/oauth2/v2.0/token`, CC);
    assert.equal(ok.status, 200);
    const claims = JSON.parse(
      Buffer.from(String((ok.json as { access_token: string }).access_token).split(".")[1]!, "base64url").toString(),
    );
    assert.equal(claims.tid, T);
    assertAadError(await postForm(s, `/adfs/oauth2/v2.0/token`, { ...CC, client_id: randomUUID() }), 400, "invalid_request", 50059);
    const twice = randomUUID();
    const other = randomUUID();
    assert.equal((await s.admin("POST", "/tenants", { id: other })).status, 201);
    for (const t of [T, other]) assert.equal((await s.admin("PUT", `/tenants/${t}/applications/${twice}`, {})).status, 201);
    assertAadError(await postForm(s, `/adfs/oauth2/v2.0/token`, { ...CC, client_id: twice }), 400, "invalid_request", 50059);
    // Its discovery document is a v2 one at the AD FS path MSAL reads, with endpoints under /adfs.
    const doc = await s.call(`/adfs/.well-known/openid-configuration`);
    assert.equal(doc.status, 200);
    assert.equal((doc.json as { token_endpoint: string }).token_endpoint, `${s.url}/adfs/oauth2/v2.0/token`);
  });

  it("unknown client → 400 unauthorized_client AADSTS700016 naming the directory", async () => {
    const id = randomUUID();
    assertAadError(
      await postForm(s, V2, { ...CC, client_id: id }),
      400,
      "unauthorized_client",
      700016,
      new RegExp(`Application with identifier '${id}' was not found in the directory 'Lazurite Development'\\. This can happen`),
    );
    assertAadError(await postForm(s, V2, { ...ROPC, client_id: id }), 400, "unauthorized_client", 700016);
  });

  it("wrong secret → 401 invalid_client AADSTS7000215, without echoing it", async () => {
    const r = await postForm(s, V2, { ...CC, client_secret: "not-the-secret-at-all" });
    assertAadError(
      r,
      401,
      "invalid_client",
      7000215,
      new RegExp(
        `Invalid client secret provided\\. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${DEV.clientId}'\\.`,
      ),
    );
    assert.ok(!r.text.includes("not-the-secret-at-all"));
  });

  it("expired secret → 401 invalid_client AADSTS7000222", async () => {
    const value = "an-expired-secret-for-the-dev-app-0001";
    const put = await s.admin("PUT", `/tenants/${T}/applications/${DEV.clientId}`, {
      clientSecrets: [{ value, expiresAt: "2020-01-01T00:00:00Z" }],
    });
    assert.equal(put.status, 200, put.text);
    assertAadError(
      await postForm(s, V2, { ...CC, client_secret: value }),
      401,
      "invalid_client",
      7000222,
      /client secret keys for app '.+' are expired/,
    );
  });

  it("no secret and no assertion → 401 invalid_client AADSTS7000218", async () => {
    const { client_secret: _omit, ...noSecret } = CC;
    assertAadError(
      await postForm(s, V2, noSecret),
      401,
      "invalid_client",
      7000218,
      /The request body must contain the following parameter: 'client_assertion' or 'client_secret'\./,
    );
    assertAadError(
      await postForm(s, V2, { ...noSecret, client_assertion: "x.y.z", client_assertion_type: "urn:example:other" }),
      401,
      "invalid_client",
      7000218,
    );
  });

  it("expired or not-yet-valid assertion → 401 invalid_client AADSTS700024 with .NET times; five minutes of skew pass", async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (nbf: number, exp: number) =>
      signAssertion(cert.privateKey, { alg: "PS256", "x5t#S256": cert.x5tS256 }, { ...assertionClaims(certClient, audience()), nbf, exp });
    const expired = await postForm(s, V2, withAssertion(await sign(now - 1200, now - 600)));
    assertAadError(
      expired,
      401,
      "invalid_client",
      700024,
      new RegExp(
        `Client assertion is not within its valid time range\\. Current time: ${DOTNET_TIME}, assertion valid from ${DOTNET_TIME}, expiry time of assertion ${DOTNET_TIME}\\. Review the documentation at https://learn\\.microsoft\\.com/entra/identity-platform/certificate-credentials \\.`,
      ),
    );
    assert.ok(
      expired.json.error_description.includes(
        `expiry time of assertion ${new Date((now - 600) * 1000).toISOString().replace(".000Z", ".0000000Z")}`,
      ),
    );
    assertAadError(await postForm(s, V2, withAssertion(await sign(now + 600, now + 1200))), 401, "invalid_client", 700024);
    const skewed = await postForm(s, V2, withAssertion(await sign(now - 600, now - 240)));
    assert.equal(skewed.status, 200, skewed.text);
  });

  it("assertion signed by a key that is not registered → 401 invalid_client AADSTS700027", async () => {
    const stranger = await selfSignedRsaCertificate("stranger");
    const unknownCert = await signAssertion(
      stranger.privateKey,
      { alg: "PS256", "x5t#S256": stranger.x5tS256 },
      assertionClaims(certClient, audience()),
    );
    assertAadError(
      await postForm(s, V2, withAssertion(unknownCert)),
      401,
      "invalid_client",
      700027,
      /The certificate with identifier used to sign the client assertion is not registered on application\. \[Reason - The key was not found\./,
    );
    // The header names the registered certificate, but another key signed it.
    const impostor = await signAssertion(
      stranger.privateKey,
      { alg: "PS256", "x5t#S256": cert.x5tS256 },
      assertionClaims(certClient, audience()),
    );
    assertAadError(
      await postForm(s, V2, withAssertion(impostor)),
      401,
      "invalid_client",
      700027,
      /Key was found, but use of the key to verify the signature failed\./,
    );
  });

  it("assertion for another client → AADSTS700021; wrong audience → AADSTS50013; missing aud → AADSTS90014", async () => {
    const header = { alg: "RS256", "x5t#S256": cert.x5tS256 };
    const other = await signAssertion(cert.privateKey, header, {
      ...assertionClaims(certClient, audience()),
      iss: DEV.clientId,
      sub: DEV.clientId,
    });
    assertAadError(
      await postForm(s, V2, withAssertion(other)),
      401,
      "invalid_client",
      700021,
      /Client assertion application identifier doesn't match 'client_id' parameter\./,
    );
    const elsewhere = await signAssertion(cert.privateKey, header, assertionClaims(certClient, "https://evil.example.com/token"));
    assertAadError(await postForm(s, V2, withAssertion(elsewhere)), 401, "invalid_client", 50013);
    const { aud: _a, ...noAud } = assertionClaims(certClient, audience());
    assertAadError(
      await postForm(s, V2, withAssertion(await signAssertion(cert.privateKey, header, noAud))),
      400,
      "invalid_request",
      90014,
      /The required field 'aud' is missing from the credential\./,
    );
  });

  it("assertion with a forbidden algorithm → AADSTS5002738; without x5t/kid → AADSTS5002723; not a JWT → AADSTS50027", async () => {
    const hs = await new SignJWT(assertionClaims(certClient, audience()))
      .setProtectedHeader({ alg: "HS256", "x5t#S256": cert.x5tS256 })
      .sign(new Uint8Array(32));
    assertAadError(
      await postForm(s, V2, withAssertion(hs)),
      401,
      "invalid_client",
      5002738,
      /'HS256' is not a supported signature algorithm/,
    );
    const none = unsigned({ alg: "none", "x5t#S256": cert.x5tS256 }, assertionClaims(certClient, audience()));
    assertAadError(await postForm(s, V2, withAssertion(none)), 401, "invalid_client", 5002738);
    const noKid = await signAssertion(cert.privateKey, { alg: "RS256" }, assertionClaims(certClient, audience()));
    assertAadError(
      await postForm(s, V2, withAssertion(noKid)),
      401,
      "invalid_client",
      5002723,
      /No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header\./,
    );
    for (const junk of ["not-a-jwt", "a.b.c", "e30.e30"]) {
      assertAadError(await postForm(s, V2, withAssertion(junk)), 400, "invalid_request", 50027, /JWT token is invalid or malformed\./);
    }
  });

  it("an EC key registered for ES256 does not verify an RS256-labelled assertion", async () => {
    const clientId = randomUUID();
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const put = await s.admin("PUT", `/tenants/${T}/applications/${clientId}`, {
      certificates: [publicKey.export({ type: "spki", format: "pem" }).toString()],
    });
    const kid = put.json.certificates[0].jwkThumbprint;
    const good = await signAssertion(privateKey, { alg: "ES256", kid }, assertionClaims(clientId, audience()));
    const [, p, sig] = good.split(".");
    const relabelled = `${Buffer.from(JSON.stringify({ alg: "RS256", kid })).toString("base64url")}.${p}.${sig}`;
    assertAadError(await postForm(s, V2, withAssertion(relabelled, clientId)), 401, "invalid_client", 700027, /Key was found/);
  });

  it("wrong password → 400 invalid_grant AADSTS50126; unknown user → 400 invalid_grant AADSTS50034", async () => {
    assertAadError(
      await postForm(s, V2, { ...ROPC, password: "wrong" }),
      400,
      "invalid_grant",
      50126,
      /Error validating credentials due to invalid username or password\./,
    );
    assertAadError(
      await postForm(s, V2, { ...ROPC, username: "nobody@lazuritedev.onmicrosoft.com" }),
      400,
      "invalid_grant",
      50034,
      /The user account \{EmailHidden\} does not exist in the Lazurite Development directory\./,
    );
  });

  it("unsupported grant → 400 unsupported_grant_type AADSTS70003", async () => {
    for (const grant of ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code", "constructor", "__proto__"]) {
      assertAadError(
        await postForm(s, V2, { ...CC, grant_type: grant }),
        400,
        "unsupported_grant_type",
        70003,
        new RegExp(`The app requested an unsupported grant type '${grant.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'\\.`),
      );
    }
  });

  it("invalid scope → 400 invalid_scope: AADSTS1002012 without /.default, AADSTS70011 otherwise", async () => {
    assertAadError(
      await postForm(s, V2, { ...CC, scope: "https://management.azure.com/user_impersonation" }),
      400,
      "invalid_scope",
      1002012,
      /The provided value for scope https:\/\/management\.azure\.com\/user_impersonation is not valid\. Client credential flows must have a scope value with \/\.default suffixed/,
    );
    assertAadError(
      await postForm(s, V2, { ...CC, scope: "/.default" }),
      400,
      "invalid_scope",
      70011,
      /The scope \/\.default is not valid\./,
    );
    assertAadError(await postForm(s, V2, { ...ROPC, scope: "https://management.azure.com/ openid" }), 400, "invalid_scope", 70011);
  });

  it("v1 resource that cannot name anything → 400 invalid_resource AADSTS500011", async () => {
    const { scope: _s, ...cc } = CC;
    assertAadError(await postForm(s, `/${T}/oauth2/token`, { ...cc, resource: "not a uri" }), 400, "invalid_resource", 500011);
  });

  it("missing parameter → 400 invalid_request AADSTS900144 naming it", async () => {
    const drop = (o: Record<string, string>, k: string) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k));
    const cases: [string, Record<string, string>, string][] = [
      [V2, drop(CC, "grant_type"), "grant_type"],
      [V2, drop(CC, "client_id"), "client_id"],
      [V2, drop(CC, "scope"), "scope"],
      [V2, { ...CC, scope: "" }, "scope"],
      [V2, drop(ROPC, "username"), "username"],
      [V2, drop(ROPC, "password"), "password"],
      [V2, drop(ROPC, "scope"), "scope"],
      [V2, { grant_type: "refresh_token", client_id: DEV.clientId }, "refresh_token"],
      [`/${T}/oauth2/token`, drop(CC, "scope"), "resource"],
      [V2, { ...drop(CC, "client_secret"), client_assertion: "a.b.c" }, "client_assertion_type"],
    ];
    for (const [path, fields, name] of cases) {
      assertAadError(
        await postForm(s, path, fields),
        400,
        "invalid_request",
        900144,
        new RegExp(`The request body must contain the following parameter: '${name}'\\.`),
      );
    }
  });

  it("a JSON or empty body is a form without parameters (AADSTS900144 'grant_type'), as at Entra", async () => {
    assertAadError(await s.call(V2, { method: "POST", body: CC }), 400, "invalid_request", 900144, /'grant_type'/);
    assertAadError(await s.call(V2, { method: "POST" }), 400, "invalid_request", 900144, /'grant_type'/);
    assertAadError(
      await s.call(V2, { method: "POST", body: "{", headers: { "content-type": "application/json" } }),
      400,
      "invalid_request",
      900144,
      /'grant_type'/,
    );
  });

  it("a duplicated parameter → 400 invalid_request AADSTS9000411", async () => {
    const body = `${new URLSearchParams(CC).toString()}&client_id=${DEV.clientId}`;
    const r = await s.call(V2, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    assertAadError(r, 400, "invalid_request", 9000411, /The parameter 'client_id' is duplicated\./);
  });
});
