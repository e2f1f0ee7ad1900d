import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../src/cli/program.js";
import { hostsLines, withLazuriteBlock } from "../src/cli/hostname-commands.js";
import { DEV } from "../src/config/dev-defaults.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

/**
 * Hostname mode without a hosts file: requests carry Azure's Host headers (and SNI), as clients
 * send them when the names resolve to Lazurite, and are routed by host as Azure routes them.
 * (The unmodified Azure CLI against the real names, in a network namespace: test/azure-cli.test.ts.)
 */
function asHost(s: TestServer, host: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; json: any; headers: Record<string, unknown> }>((ok, fail) => {
    const req = request(
      { host: "127.0.0.1", port: s.port, method, path, servername: host, ca: s.certificatePem, headers: { host, ...headers } },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => ok({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, headers: res.headers }));
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

describe("hostname mode: Azure's names, routed by host", () => {
  let s: TestServer;
  let dir: ReturnType<typeof tempDir>;
  before(async () => {
    dir = tempDir();
    s = await startTestServer({ location: dir.path, azureHostnames: true, hostnames: ["lazurite.test"], port: 0 });
  });
  after(async () => {
    await s.close();
    dir.remove();
  });

  it("serves a certificate for Azure's names, issued by the CA clients trust (TLS verified against it)", async () => {
    for (const host of [
      "login.microsoftonline.com",
      "management.azure.com",
      `${DEV.faceName}.cognitiveservices.azure.com`,
      "api.videoindexer.ai",
      "lazurite.test",
    ]) {
      const r = await asHost(s, host, "GET", "/_lazurite/health");
      assert.ok(r.status === 200 || r.status === 404, host); // TLS with SNI `host` verified against the CA
    }
  });

  it("Entra on the login hosts: discovery names the login host, instance discovery lists Entra's aliases", async () => {
    const doc = await asHost(s, "login.microsoftonline.com", "GET", `/${DEV.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(doc.json.token_endpoint, `https://login.microsoftonline.com/${DEV.tenantId}/oauth2/v2.0/token`);
    const inst = await asHost(
      s,
      "login.microsoftonline.com",
      "GET",
      "/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/authorize",
    );
    assert.deepEqual(inst.json.metadata[0].aliases, [
      "login.microsoftonline.com",
      "login.windows.net",
      "login.microsoft.com",
      "sts.windows.net",
    ]);
    // The host decides: an ARM path on a login host is Entra's (and unknown there).
    const arm = await asHost(s, "login.microsoftonline.com", "GET", `/subscriptions/${DEV.subscriptionId}?api-version=2022-12-01`);
    assert.equal(arm.status, 404);
    assert.equal(arm.json.error, "not_found");
  });

  it("home-realm discovery: the dev tenant's users are Managed, unknown domains Unknown", async () => {
    const known = await asHost(s, "login.microsoftonline.com", "GET", `/common/userrealm/${DEV.userPrincipalName}?api-version=1.0`);
    assert.equal(known.json.account_type, "Managed");
    assert.equal(known.json.domain_name, "lazuritedev.onmicrosoft.com");
    const unknown = await asHost(s, "login.microsoftonline.com", "GET", "/common/userrealm/x@elsewhere.example?api-version=1.0");
    assert.equal(unknown.json.account_type, "Unknown");
  });

  it("the Azure CLI's public client signs a user in at /organizations and refreshes at the tenant, as az login does", async () => {
    const scope = "https://management.core.windows.net//.default offline_access openid profile";
    const first = await asHost(
      s,
      "login.microsoftonline.com",
      "POST",
      "/organizations/oauth2/v2.0/token",
      form({
        client_id: AZURE_CLI,
        grant_type: "password",
        client_info: "1",
        username: DEV.userPrincipalName,
        password: DEV.userPassword,
        scope,
        claims: JSON.stringify({ access_token: { xms_cc: { values: ["CP1"] } } }),
      }),
      FORM,
    );
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.ok(first.json.refresh_token && first.json.id_token && first.json.client_info);
    const id = JSON.parse(Buffer.from(first.json.id_token.split(".")[1], "base64url").toString());
    assert.equal(id.aud, AZURE_CLI);
    assert.equal(id.tid, DEV.tenantId);
    assert.equal(id.preferred_username, DEV.userPrincipalName);
    const refreshed = await asHost(
      s,
      "login.microsoftonline.com",
      "POST",
      `/${DEV.tenantId}/oauth2/v2.0/token`,
      form({ client_id: AZURE_CLI, grant_type: "refresh_token", refresh_token: first.json.refresh_token, scope }),
      FORM,
    );
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));
    const at = JSON.parse(Buffer.from(refreshed.json.access_token.split(".")[1], "base64url").toString());
    assert.equal(at.appid, AZURE_CLI);
    assert.equal(at.oid, DEV.userObjectId);
    // A public client has no secret: client credentials for it are refused.
    const cc = await asHost(
      s,
      "login.microsoftonline.com",
      "POST",
      `/${DEV.tenantId}/oauth2/v2.0/token`,
      form({ client_id: AZURE_CLI, grant_type: "client_credentials", client_secret: "x", scope: "https://management.azure.com/.default" }),
      FORM,
    );
    assert.equal(cc.json.error, "invalid_client");
  });

  it("ARM on management.azure.com, Face on {name}.cognitiveservices.azure.com, the VI JWKS on api.videoindexer.ai", async () => {
    const arm = await asHost(s, "management.azure.com", "GET", `/subscriptions/${DEV.subscriptionId}?api-version=2022-12-01`);
    assert.equal(arm.status, 401);
    assert.equal(arm.json.error.code, "AuthenticationFailed");
    const face = await asHost(
      s,
      `${DEV.faceName}.cognitiveservices.azure.com`,
      "GET",
      "/face/v1.3-preview.1/settings/getClientAssetsAccessToken",
      undefined,
      { "ocp-apim-subscription-key": DEV.faceKey1 },
    );
    assert.equal(face.status, 200);
    const wrongKey = await asHost(
      s,
      `${DEV.faceName}.cognitiveservices.azure.com`,
      "GET",
      "/face/v1.3-preview.1/settings/getClientAssetsAccessToken",
      undefined,
      { "ocp-apim-subscription-key": DEV.faceKey1.replace(/1$/, "9") },
    );
    assert.equal(wrongKey.status, 401);
    // A subdomain of Azure's Face suffix that names no resource is gone, even with a valid key of another.
    const unknown = await asHost(
      s,
      "nosuchface.cognitiveservices.azure.com",
      "GET",
      "/face/v1.3-preview.1/settings/getClientAssetsAccessToken",
      undefined,
      {
        "ocp-apim-subscription-key": DEV.faceKey1,
      },
    );
    assert.equal(unknown.status, 404);
    const jwks = await asHost(s, "api.videoindexer.ai", "GET", "/.well-known/jwks.json");
    assert.ok(jwks.json.keys.length >= 1);
  });

  it("lazurite hosts prints the lines, --apply writes its own block into a hosts file (kept idempotent, with a backup)", async () => {
    const conn = ["--url", s.url, "--server-location", dir.path];
    const out: string[] = [];
    assert.equal(await runCli(["hosts", ...conn], { out: (l) => out.push(l), err: () => undefined }), 0);
    assert.ok(
      out.includes("127.0.0.1 login.microsoftonline.com login.windows.net management.azure.com api.videoindexer.ai"),
      out.join("\n"),
    );
    assert.ok(out.includes(`127.0.0.1 ${DEV.faceName}.cognitiveservices.azure.com`));
    const file = join(dir.path, "hosts");
    writeFileSync(file, "127.0.0.1 localhost\n10.0.0.1 other\n");
    for (let i = 0; i < 2; i++)
      assert.equal(await runCli(["hosts", ...conn, "--apply", "--file", file], { out: () => undefined, err: () => undefined }), 0);
    const text = readFileSync(file, "utf8");
    assert.match(text, /^127\.0\.0\.1 localhost\n10\.0\.0\.1 other\n# >>> lazurite/);
    assert.equal(text.match(/# >>> lazurite/g)?.length, 1);
    assert.ok(existsSync(`${file}.lazurite-backup`));
  });

  it("lazurite trust --print names the CA and the steps for each system", async () => {
    const out: string[] = [];
    assert.equal(await runCli(["trust", "--print", "--server-location", dir.path], { out: (l) => out.push(l), err: () => undefined }), 0);
    const text = out.join("\n");
    assert.match(text, /lazurite-ca\.pem/);
    for (const word of ["NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "update-ca-certificates", "add-trusted-cert", "Import-Certificate"])
      assert.match(text, new RegExp(word));
  });
});

describe("hosts file edits", () => {
  it("replace Lazurite's block and nothing else", () => {
    const lines = hostsLines("127.0.0.1", ["Face-One"]);
    assert.equal(lines.at(-1), "127.0.0.1 face-one.cognitiveservices.azure.com");
    const once = withLazuriteBlock("a\nb", lines);
    assert.equal(withLazuriteBlock(once, lines), once);
    assert.ok(withLazuriteBlock(once, hostsLines("10.1.1.1", [])).startsWith("a\nb\n# >>> lazurite"));
  });
});
