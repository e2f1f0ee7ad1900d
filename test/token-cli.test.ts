import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { decodeJwt, SignJWT } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import { runLazurite } from "../src/server/cli.js";
import { verifyFaceToken, verifyVideoIndexerToken } from "../src/verify/index.js";
import { cleanEnv } from "./helpers/consumer-project.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

async function lazurite(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLazurite(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The shape `az account get-access-token` prints. */
function assertAzShape(json: Record<string, unknown>): void {
  assert.deepEqual(
    Object.keys(json).filter((k) => k !== "subscription"),
    ["accessToken", "expiresOn", "expires_on", "tenant", "tokenType"].filter((k) => k in json),
  );
  assert.equal(json.tokenType, "Bearer");
  assert.match(String(json.expiresOn), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  assert.equal(json.expires_on, decodeJwt(String(json.accessToken)).exp);
}

/** `lazurite token …` through the binary's entry (runLazurite), against a running server over HTTPS. */
describe("lazurite token", () => {
  let s: TestServer;
  let dir: ReturnType<typeof tempDir>;
  let conn: string[];
  let jwksUrl: string;

  before(async () => {
    dir = tempDir();
    s = await startTestServer({ location: dir.path });
    // The CLI finds the certificate and the admin token in the server's location.
    conn = ["--url", s.url, "--server-location", dir.path];
    jwksUrl = `${s.url}/.well-known/jwks.json`;
  });
  after(async () => {
    await s.close();
    dir.remove();
  });

  it("arm: the development application's ARM token by default, like az account get-access-token", async () => {
    const r = await lazurite(["token", "arm", ...conn]);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assertAzShape(json);
    assert.equal(json.tenant, DEV.tenantId);
    const claims = decodeJwt(json.accessToken);
    assert.equal(claims.aud, "https://management.azure.com/");
    assert.equal(claims.appid, DEV.clientId);
    assert.ok(Math.abs((claims.exp as number) - (Date.now() / 1000 + 3599)) < 60);
  });

  it("arm: a user by password, another scope, and --decode", async () => {
    const r = await lazurite([
      "token",
      "arm",
      ...conn,
      "--user",
      DEV.userPrincipalName,
      "--password",
      DEV.userPassword,
      "--scope",
      "https://cognitiveservices.azure.com/.default",
      "--decode",
    ]);
    assert.equal(r.code, 0, r.err);
    const { header, claims } = JSON.parse(r.out);
    assert.equal(header.alg, "RS256");
    assert.equal(claims.upn, DEV.userPrincipalName);
    assert.equal(claims.aud, "https://cognitiveservices.azure.com");
  });

  it("arm: another application's secret, and Entra's error for a wrong one", async () => {
    const clientId = randomUUID();
    const created = await s.admin("POST", `/tenants/${DEV.tenantId}/applications`, { clientId, clientSecrets: ["token-cli-secret-1"] });
    assert.equal(created.status, 201, created.text);
    const ok = await lazurite(["token", "arm", ...conn, "--client", clientId, "--secret", "token-cli-secret-1"]);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(decodeJwt(JSON.parse(ok.out).accessToken).appid, clientId);

    const bad = await lazurite(["token", "arm", ...conn, "--client", clientId, "--secret", "wrong"]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /invalid_client: AADSTS7000215/);
    assert.equal(bad.out, "");
    const half = await lazurite(["token", "arm", ...conn, "--client", clientId]);
    assert.equal(half.code, 1);
    assert.match(half.err, /--client and --secret go together/);
  });

  it("face: a client-assets token by Entra ID (default) and by key, verifiable with lazurite/verify", async () => {
    const bearer = await lazurite(["token", "face", ...conn]);
    assert.equal(bearer.code, 0, bearer.err);
    const json = JSON.parse(bearer.out);
    assertAzShape(json);
    const { claims } = await verifyFaceToken(json.accessToken, { jwksUrl, ca: s.certificatePem, expected: { resourceName: DEV.faceName } });
    assert.equal(claims.sub, DEV.appObjectId);

    const keyed = await lazurite(["token", "face", ...conn, "--key", DEV.faceKey2, "--decode"]);
    assert.equal(keyed.code, 0, keyed.err);
    assert.equal(JSON.parse(keyed.out).claims.sub, DEV.faceName);

    const wrong = await lazurite(["token", "face", ...conn, "--key", "0000000000000000000000000000dead"]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /HTTP 401 401: Access denied due to invalid subscription key/);
  });

  it("vi: an ARM token, then generateAccessToken, with permission and scope flags", async () => {
    const reader = await lazurite(["token", "vi", ...conn]);
    assert.equal(reader.code, 0, reader.err);
    const json = JSON.parse(reader.out);
    assertAzShape(json);
    assert.equal(json.subscription, DEV.subscriptionId);
    assert.equal(json.tenant, DEV.tenantId);
    await verifyVideoIndexerToken(json.accessToken, {
      jwksUrl,
      ca: s.certificatePem,
      expected: { accountId: DEV.viAccountId, permission: "Reader", scope: "Account" },
    });

    const video = await lazurite([
      "token",
      "vi",
      ...conn,
      "--permission",
      "Contributor",
      "--scope",
      "Video",
      "--video-id",
      "v42",
      "--decode",
    ]);
    assert.equal(video.code, 0, video.err);
    const { claims } = JSON.parse(video.out);
    assert.equal(claims.Permission, "Contributor");
    assert.equal(claims.VideoId, "v42");

    const restricted = await lazurite(["token", "vi", ...conn, "--permission", "RestrictedViewer", "--decode"]);
    assert.equal(restricted.code, 0, restricted.err);
    assert.equal(JSON.parse(restricted.out).claims.Permission, "RestrictedViewer");

    const missing = await lazurite(["token", "vi", ...conn, "--account", "no-such-account"]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /HTTP 404 ResourceNotFound/);
    const badChoice = await lazurite(["token", "vi", ...conn, "--permission", "Owner"]);
    assert.equal(badChoice.code, 2);
  });

  it("msi: the managed-identity endpoint, its secret asked of the admin API or given", async () => {
    const r = await lazurite(["token", "msi", ...conn]);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assertAzShape(json);
    const claims = decodeJwt(json.accessToken);
    assert.equal(claims.appid, DEV.clientId);
    assert.equal(claims.appidacr, "2");
    assert.equal(json.tenant, DEV.tenantId);

    const cs = await lazurite(["token", "msi", ...conn, "--scope", "https://cognitiveservices.azure.com/.default", "--decode"]);
    assert.equal(cs.code, 0, cs.err);
    assert.equal(JSON.parse(cs.out).claims.aud, "https://cognitiveservices.azure.com");

    const wrong = await lazurite(["token", "msi", ...conn, "--identity-header", "not-the-secret"]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /HTTP 401/);
  });

  it("decode: names the key and issuer that signed each kind of token", async () => {
    for (const kind of ["arm", "vi", "face"] as const) {
      const token = JSON.parse((await lazurite(["token", kind, ...conn])).out).accessToken as string;
      const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as { kid: string; alg: string };
      const r = await lazurite(["token", "decode", token, ...conn]);
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out);
      assert.equal(report.valid, true);
      assert.equal(report.signature, "valid");
      assert.equal(report.key.kid, header.kid);
      assert.equal(report.key.alg, header.alg);
      assert.equal(report.kind, { arm: "entra", vi: "videoIndexer", face: "face" }[kind]);
      assert.equal(report.jwksUrl, kind === "arm" ? `${s.url}/${DEV.tenantId}/discovery/v2.0/keys` : jwksUrl);
      assert.match(
        r.err,
        new RegExp(`signed by key ${header.kid} \\(${header.alg}\\) of .*; issuer ${report.issuer.replace(/[.]/g, "\\.")}`),
      );
    }
  });

  it("decode: a forged token and garbage are refused", async () => {
    const vi = JSON.parse((await lazurite(["token", "vi", ...conn])).out).accessToken as string;
    const claims = decodeJwt(vi);
    const { kid } = JSON.parse(Buffer.from(vi.split(".")[0]!, "base64url").toString()) as { kid: string };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid })
      .sign(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
    const r = await lazurite(["token", "decode", `Bearer ${forged}`, ...conn]);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.out).signature, "invalid_signature");
    assert.match(r.err, /not valid: signature invalid signature/);

    const unknown = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: "elsewhere" })
      .sign(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
    assert.equal(JSON.parse((await lazurite(["token", "decode", unknown, ...conn])).out).signature, "unknown_key");

    const garbage = await lazurite(["token", "decode", "not-a-jwt", ...conn]);
    assert.equal(garbage.code, 1);
    assert.match(garbage.err, /Not a JWT/);
  });

  it("a server whose certificate is not trusted: a hint to pass --ca", async () => {
    const empty = tempDir();
    const r = await lazurite(["token", "arm", "--url", s.url, "--server-location", empty.path]);
    empty.remove();
    assert.equal(r.code, 1);
    assert.match(r.err, /pass --ca/);
  });

  it("works as a spawned process (the bin), printing JSON on stdout", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/server/main.ts", "token", "vi", ...conn, "--permission", "Contributor"],
      {
        env: cleanEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((ok) => child.on("exit", ok));
    assert.equal(code, 0, err);
    const json = JSON.parse(out);
    assertAzShape(json);
    const { claims } = await verifyVideoIndexerToken(json.accessToken, {
      jwksUrl,
      ca: s.certificatePem,
      expected: { permission: "Contributor" },
    });
    assert.equal(claims.AccountId, DEV.viAccountId);
  });
});
