import { ClientSecretCredential } from "@azure/identity";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { assertAadError } from "./helpers/entra.js";
import { http } from "./helpers/http.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const T = DEV.tenantId;

describe("Entra ID discovery: OpenID configuration, keys, instance discovery", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ inMemory: true, httpPort: 0 });
  });
  after(async () => s.close());

  it("serves the v2.0 document with every URL on the request's origin", async () => {
    const r = await s.call(`/${T}/v2.0/.well-known/openid-configuration`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(r.headers["access-control-allow-origin"], "*");
    assert.equal(r.json.issuer, `${s.url}/${T}/v2.0`);
    assert.equal(r.json.token_endpoint, `${s.url}/${T}/oauth2/v2.0/token`);
    assert.equal(r.json.authorization_endpoint, `${s.url}/${T}/oauth2/v2.0/authorize`);
    assert.equal(r.json.jwks_uri, `${s.url}/${T}/discovery/v2.0/keys`);
    assert.deepEqual(r.json.id_token_signing_alg_values_supported, ["RS256"]);
    assert.ok(r.json.token_endpoint_auth_methods_supported.includes("private_key_jwt"));
    assert.ok(r.json.scopes_supported.includes("offline_access"));
    assert.equal(r.json.request_uri_parameter_supported, false);
  });

  it("serves the v1 document with the sts.windows.net issuer and v1 endpoints", async () => {
    const r = await s.call(`/${T}/.well-known/openid-configuration`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.issuer, `https://sts.windows.net/${T}/`);
    assert.equal(r.json.token_endpoint, `${s.url}/${T}/oauth2/token`);
    assert.equal(r.json.authorization_endpoint, `${s.url}/${T}/oauth2/authorize`);
    assert.equal(r.json.jwks_uri, `${s.url}/${T}/discovery/keys`);
  });

  it("names the tenant by GUID in any case or by its domain, and always answers with the GUID", async () => {
    for (const seg of [T.toUpperCase(), DEV.tenantDomain, DEV.tenantDomain.toUpperCase()]) {
      const r = await s.call(`/${seg}/v2.0/.well-known/openid-configuration`);
      assert.equal(r.status, 200, `${seg}: ${r.text}`);
      assert.equal(r.json.issuer, `${s.url}/${T}/v2.0`);
    }
  });

  it("uses http:// in every URL when the request came over the plain-HTTP port", async () => {
    const r = await http(`${s.httpUrl}/${T}/v2.0/.well-known/openid-configuration`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.issuer, `${s.httpUrl}/${T}/v2.0`);
    assert.equal(r.json.token_endpoint, `${s.httpUrl}/${T}/oauth2/v2.0/token`);
  });

  it("takes the host from the request, so localhost and 127.0.0.1 each get their own issuer (msal checks it)", async () => {
    const r = await s.call(`/${T}/v2.0/.well-known/openid-configuration`, { headers: { host: `localhost:${s.port}` } });
    assert.equal(r.json.issuer, `https://localhost:${s.port}/${T}/v2.0`);
  });

  it("templates the issuer of multi-tenant aliases as {tenantid}, like Entra", async () => {
    const r = await s.call(`/organizations/v2.0/.well-known/openid-configuration`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.issuer, `${s.url}/{tenantid}/v2.0`);
    assert.equal(r.json.token_endpoint, `${s.url}/organizations/oauth2/v2.0/token`);
  });

  it("publishes the tenant's RSA signing keys, public parts only, under both key paths", async () => {
    const v2 = await s.call(`/${T}/discovery/v2.0/keys`);
    const v1 = await s.call(`/${T}/discovery/keys`);
    assert.equal(v2.status, 200, v2.text);
    assert.deepEqual(v1.json, v2.json);
    assert.ok(v2.json.keys.length >= 1);
    for (const k of v2.json.keys) {
      assert.equal(k.kty, "RSA");
      assert.equal(k.use, "sig");
      assert.equal(k.alg, "RS256");
      assert.ok(k.kid && k.n && k.e);
      for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) assert.equal(k[secret], undefined, `private member ${secret} leaked`);
    }
  });

  it("gives every tenant its own keys", async () => {
    const other = "6c1f5a2e-9d3b-4e7a-8f10-2b3c4d5e6f70";
    assert.equal((await s.admin("POST", "/tenants", { id: other })).status, 201);
    const a = (await s.call(`/${T}/discovery/v2.0/keys`)).json.keys.map((k: { kid: string }) => k.kid);
    const b = (await s.call(`/${other}/discovery/v2.0/keys`)).json.keys.map((k: { kid: string }) => k.kid);
    assert.equal(b.length, 1);
    assert.ok(!a.includes(b[0]));
  });

  it("answers an unknown tenant with AADSTS90002 and a malformed one with AADSTS900023", async () => {
    const unknownGuid = "00000000-1111-4222-8333-444444444444";
    for (const path of [
      `/${unknownGuid}/v2.0/.well-known/openid-configuration`,
      `/${unknownGuid}/discovery/v2.0/keys`,
      `/nobody.example.com/.well-known/openid-configuration`,
    ]) {
      const r = await s.call(path);
      assertAadError(r, 400, "invalid_tenant", 90002, /Tenant '.+' not found\. Check to make sure you have the correct tenant ID/);
    }
    const bad = await s.call(`/not_a_tenant!/v2.0/.well-known/openid-configuration`);
    assertAadError(
      bad,
      400,
      "invalid_request",
      900023,
      /Specified tenant identifier 'not_a_tenant!' is neither a valid DNS name, nor a valid external domain\./,
    );
  });

  it("answers instance discovery pointing at this server", async () => {
    const authz = encodeURIComponent(`${s.url}/${T}/oauth2/v2.0/authorize`);
    const r = await s.call(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${authz}`);
    assert.equal(r.status, 200, r.text);
    const host = new URL(s.url).host;
    assert.equal(r.json.tenant_discovery_endpoint, `${s.url}/${T}/v2.0/.well-known/openid-configuration`);
    assert.equal(r.json["api-version"], "1.1");
    assert.deepEqual(r.json.metadata, [{ preferred_network: host, preferred_cache: host, aliases: [host] }]);

    const foreign = encodeURIComponent(`https://login.microsoftonline.com/${T}/oauth2/v2.0/authorize`);
    assertAadError(
      await s.call(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${foreign}`),
      400,
      "invalid_instance",
      50049,
    );
  });

  it("accepts the authority without its port, as MSAL Python asks (docs/resource-manager.md#instance-discovery)", async () => {
    const noPort = new URL(s.url);
    noPort.port = "";
    const authz = encodeURIComponent(`${noPort.origin}/${T}/oauth2/v2.0/authorize`);
    const r = await s.call(`/common/discovery/instance?authorization_endpoint=${authz}&api-version=1.0`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.tenant_discovery_endpoint, `${s.url}/${T}/v2.0/.well-known/openid-configuration`, "the answer keeps the port");
  });

  it("MSAL (@azure/identity) with instance discovery on accepts this server's authority on a custom port", async () => {
    // MSAL asks login.microsoftonline.com; this policy delivers that request here instead, the way a
    // hosts entry would (no request leaves loopback).
    const seen: string[] = [];
    const toLazurite: PipelinePolicy = {
      name: "toLazurite",
      sendRequest: (req, next) => {
        const u = new URL(req.url);
        seen.push(`${u.host}${u.pathname}`);
        if (u.hostname === "login.microsoftonline.com") req.url = `${s.url}${u.pathname}${u.search}`;
        return next(req);
      },
    };
    const credential = new ClientSecretCredential(T, DEV.clientId, DEV.clientSecret, {
      authorityHost: s.url,
      tlsOptions: { ca: s.certificatePem },
      additionalPolicies: [{ policy: toLazurite, position: "perCall" }],
    });
    const token = await credential.getToken("https://management.azure.com/.default");
    assert.ok(token.token.split(".").length === 3);
    assert.ok(seen.includes("login.microsoftonline.com/common/discovery/instance"), seen.join(", "));
  });
});
