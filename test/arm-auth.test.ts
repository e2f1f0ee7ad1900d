import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint, unsigned } from "./helpers/tokens.js";

const OTHER_TENANT = "3b4c5d6e-7f80-4192-a3b4-c5d6e7f80912";
const RG_PATH = `/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}?api-version=2025-04-01`;
const CHALLENGE = `Bearer authorization_uri="https://login.windows.net/${DEV.tenantId}", error="invalid_token"`;

describe("ARM caller authentication: the attack suite", () => {
  let s: TestServer;
  let mint: TokenMint;
  before(async () => {
    s = await startTestServer({ inMemory: true });
    mint = new TokenMint(s.store);
    await s.admin("POST", "/tenants", { id: OTHER_TENANT });
  });
  after(async () => s.close());

  const call = (authorization?: string) => s.call(RG_PATH, { headers: authorization === undefined ? {} : { authorization } });

  async function expect401(authorization: string | undefined, code: string, message?: string | RegExp) {
    const r = await call(authorization);
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json.error.code, code);
    if (typeof message === "string") assert.equal(r.json.error.message, message);
    else if (message) assert.match(r.json.error.message, message);
    assert.ok(String(r.headers["www-authenticate"]).startsWith(CHALLENGE), String(r.headers["www-authenticate"]));
    assert.ok(r.headers["x-ms-request-id"]);
    return r;
  }

  it("accepts a well-formed token (control case)", async () => {
    const r = await call(`Bearer ${await mint.sign(DEV.tenantId)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.name, DEV.resourceGroup);
  });

  it("no Authorization header → AuthenticationFailed", async () => {
    const r = await expect401(undefined, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    assert.match(
      String(r.headers["www-authenticate"]),
      /error_description="The authentication failed because of missing 'Authorization' header\."/,
    );
  });

  it("malformed header → AuthenticationFailedInvalidHeader", async () => {
    for (const h of ["Basic abc", "Bearer", "Bearer a b", "token abc"]) {
      await expect401(
        h,
        "AuthenticationFailedInvalidHeader",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      );
    }
  });

  it("alg none → InvalidAuthenticationToken", async () => {
    const t = unsigned({ alg: "none", typ: "JWT" }, mint.claims(DEV.tenantId));
    await expect401(`Bearer ${t}`, "InvalidAuthenticationToken", "The access token is invalid.");
  });

  it("HS256 signed with the public key → InvalidAuthenticationToken", async () => {
    const jwks = (await s.call(`/_lazurite/admin/keys`, { headers: { authorization: `Bearer ${s.adminToken}` } })).json.value;
    const pub = jwks.find((k: { issuer: string }) => k.issuer === `entra:${DEV.tenantId}`).publicJwk;
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: pub.kid })).toString("base64url");
    const payload = Buffer.from(JSON.stringify(mint.claims(DEV.tenantId))).toString("base64url");
    const sig = createHmac("sha256", JSON.stringify(pub)).update(`${header}.${payload}`).digest("base64url");
    await expect401(`Bearer ${header}.${payload}.${sig}`, "InvalidAuthenticationToken", "The access token is invalid.");
  });

  it("unknown kid → InvalidAuthenticationToken", async () => {
    const good = await mint.sign(DEV.tenantId);
    const [h, p, sig] = good.split(".");
    const header = JSON.parse(Buffer.from(h!, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...header, kid: "no-such-key" })).toString("base64url")}.${p}.${sig}`;
    await expect401(`Bearer ${forged}`, "InvalidAuthenticationToken");
  });

  it("tampered payload → InvalidAuthenticationToken", async () => {
    const [h, , sig] = (await mint.sign(DEV.tenantId)).split(".");
    const evil = Buffer.from(JSON.stringify(mint.claims(DEV.tenantId, { oid: "00000000-0000-4000-8000-0000000000ff" }))).toString(
      "base64url",
    );
    await expect401(`Bearer ${h}.${evil}.${sig}`, "InvalidAuthenticationToken");
  });

  it("garbage and truncated tokens → InvalidAuthenticationToken", async () => {
    await expect401("Bearer abc.def.ghi", "InvalidAuthenticationToken");
    await expect401("Bearer notajwt", "InvalidAuthenticationToken");
  });

  it("expired → ExpiredAuthenticationToken with ARM's message", async () => {
    const exp = Math.floor(Date.now() / 1000) - 3600;
    const t = await mint.sign(DEV.tenantId, { exp, iat: exp - 3600, nbf: exp - 3600 });
    await expect401(
      `Bearer ${t}`,
      "ExpiredAuthenticationToken",
      /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)'\.$/,
    );
  });

  it("not yet valid → InvalidAuthenticationToken", async () => {
    const nbf = Math.floor(Date.now() / 1000) + 3600;
    await expect401(`Bearer ${await mint.sign(DEV.tenantId, { nbf, iat: nbf, exp: nbf + 3600 })}`, "InvalidAuthenticationToken");
  });

  it("wrong audience → InvalidAuthenticationTokenAudience naming the audience", async () => {
    const t = await mint.sign(DEV.tenantId, { aud: "https://cognitiveservices.azure.com" });
    await expect401(
      `Bearer ${t}`,
      "InvalidAuthenticationTokenAudience",
      "The access token has been obtained for wrong audience or resource 'https://cognitiveservices.azure.com'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
    );
  });

  it("all four ARM audiences are accepted", async () => {
    for (const aud of [
      "https://management.core.windows.net/",
      "https://management.core.windows.net",
      "https://management.azure.com/",
      "https://management.azure.com",
    ]) {
      assert.equal((await call(`Bearer ${await mint.sign(DEV.tenantId, { aud })}`)).status, 200, aud);
    }
  });

  it("wrong issuer → InvalidAuthenticationToken", async () => {
    await expect401(`Bearer ${await mint.sign(DEV.tenantId, { iss: "https://evil.example/" })}`, "InvalidAuthenticationToken");
    await expect401(
      `Bearer ${await mint.sign(DEV.tenantId, { iss: `https://sts.windows.net/${OTHER_TENANT}/` })}`,
      "InvalidAuthenticationToken",
    );
  });

  it("token without oid → InvalidAuthenticationToken with the identity-claims message", async () => {
    await expect401(
      `Bearer ${await mint.sign(DEV.tenantId, { oid: undefined })}`,
      "InvalidAuthenticationToken",
      /at least one of the claims 'puid' or 'altsecid' or 'oid' should be present/,
    );
  });

  it("another tenant's valid token → InvalidAuthenticationTokenTenant", async () => {
    const t = await mint.sign(OTHER_TENANT);
    await expect401(
      `Bearer ${t}`,
      "InvalidAuthenticationTokenTenant",
      `The access token is from the wrong issuer 'https://sts.windows.net/${OTHER_TENANT}/'. It must match the tenant 'https://sts.windows.net/${DEV.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${DEV.tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    );
  });

  it("a token claiming this tenant but signed with another tenant's key → InvalidAuthenticationToken", async () => {
    await expect401(`Bearer ${await mint.sign(DEV.tenantId, {}, OTHER_TENANT)}`, "InvalidAuthenticationToken");
  });

  it("api-version is checked before authentication, and unknown versions after it", async () => {
    const noVersion = await s.call(`/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}`);
    assert.equal(noVersion.status, 400);
    assert.equal(noVersion.json.error.code, "MissingApiVersionParameter");
    const bad = await s.call(`/subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}?api-version=1999-01-01`, {
      headers: { authorization: `Bearer ${await mint.sign(DEV.tenantId)}` },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "InvalidApiVersionParameter");
    assert.match(
      bad.json.error.message,
      /^The api-version '1999-01-01' is invalid\. The supported versions are '2014-04-01,2014-04-01-preview,2015-01-01,/,
    );
  });

  it("subscription errors: malformed id, unknown subscription, unknown resource group", async () => {
    const auth = { authorization: `Bearer ${await mint.sign(DEV.tenantId)}` };
    const malformed = await s.call("/subscriptions/not-a-guid/resourcegroups/x?api-version=2025-04-01", { headers: auth });
    assert.equal(malformed.json.error.code, "InvalidSubscriptionId");
    assert.equal(malformed.json.error.message, "The provided subscription identifier 'not-a-guid' is malformed or invalid.");
    const unknown = await s.call("/subscriptions/00000000-0000-4000-8000-000000000999/resourcegroups/x?api-version=2025-04-01", {
      headers: auth,
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.message, "The subscription '00000000-0000-4000-8000-000000000999' could not be found.");
    const noGroup = await s.call(`/subscriptions/${DEV.subscriptionId}/resourcegroups/nope?api-version=2025-04-01`, { headers: auth });
    assert.equal(noGroup.status, 404);
    assert.deepEqual(noGroup.json, { error: { code: "ResourceGroupNotFound", message: "Resource group 'nope' could not be found." } });
  });

  it("ARM response headers", async () => {
    const r = await s.call(RG_PATH, {
      headers: { authorization: `Bearer ${await mint.sign(DEV.tenantId)}`, "x-ms-correlation-request-id": "corr-1" },
    });
    assert.equal(r.headers["x-ms-correlation-request-id"], "corr-1");
    assert.match(String(r.headers["x-ms-routing-request-id"]), /^WESTUS2:\d{8}T\d{6}Z:[0-9a-f-]{36}$/);
    assert.equal(r.headers["cache-control"], "no-cache");
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
  });
});
