import assert from "node:assert/strict";
import { createPrivateKey, sign } from "node:crypto";
import { request } from "node:https";
import { connect } from "node:tls";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { ISSUERS } from "../src/keys/key-service.js";
import { startServerProcess, type ServerProcess } from "./fuzz/server-process.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint } from "./helpers/tokens.js";
import { accountPath } from "./helpers/vi.js";

/**
 * Regression tests for the hostile-input report (issue 11): each reproducer, and the answer it
 * must now get, in the surface's own envelope.
 */

/** Bytes written to a TLS socket, and everything the server answered until it closed. */
function raw(s: { port: number }, bytes: string, waitMs = 3000): Promise<{ text: string; ms: number; status: number }> {
  const t0 = Date.now();
  return new Promise((ok) => {
    let text = "";
    const sock = connect({ host: "127.0.0.1", port: s.port, rejectUnauthorized: false }, () => sock.write(bytes));
    sock.setTimeout(waitMs, () => sock.destroy());
    sock.on("data", (d: Buffer) => (text += d.toString("latin1")));
    sock.on("close", () => ok({ text, ms: Date.now() - t0, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0) }));
    sock.on("error", () => undefined);
  });
}

const bodyOf = (text: string): any => {
  const body = text.slice(text.indexOf("\r\n\r\n") + 4);
  return body ? JSON.parse(body) : undefined;
};

describe("hostile input: every refusal in the surface's envelope", () => {
  let s: TestServer;
  let arm: string;
  before(async () => {
    s = await startTestServer({ inMemory: true });
    arm = await new TokenMint(s.store).sign(DEV.tenantId);
  });
  after(async () => {
    await s?.close();
  });

  it("unknown methods: each surface's 404, and the admin token first on admin paths", async () => {
    const cases: [string, number, (j: any) => boolean][] = [
      ["/face/v1.3-preview.1/settings/getClientAssetsAccessToken", 404, (j) => j.error.code === "404"],
      [`/subscriptions/${DEV.subscriptionId}?api-version=2022-12-01`, 404, (j) => j.error.code === "NotFound"],
      [`/${DEV.tenantId}/oauth2/v2.0/token`, 404, (j) => j.error === "not_found"],
      ["/msi/token", 404, (j) => j.error === "not_found"],
      ["/_lazurite/admin/keys", 401, (j) => j.error.code === "Unauthorized"],
      ["/_lazurite/health", 404, (j) => j.error.code === "RouteNotFound"],
    ];
    for (const [path, status, shape] of cases) {
      const r = await raw(s, `QUERY ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, status, path);
      assert.ok(shape(bodyOf(r.text)), `${path}: ${r.text}`);
    }
  });

  it("an unparsable URL and over-long path segments: the surface's 404, not the framework's", async () => {
    const face = await s.call("/face/%zz");
    assert.equal(face.status, 404);
    assert.deepEqual(face.json, { error: { code: "404", message: "Resource not found" } });
    assert.equal(face.headers["x-ms-error-code"], "404");
    // 150 characters reach the route (and its own checks); 1200 name no operation.
    const mid = await s.call(`/subscriptions/${"a".repeat(150)}?api-version=2022-12-01`, { headers: { authorization: `Bearer ${arm}` } });
    assert.equal(mid.json.error.code, "InvalidSubscriptionId");
    const long = await s.call(`/subscriptions/${"a".repeat(1200)}`);
    assert.equal(long.status, 404);
    assert.equal(long.json.error.code, "NotFound");
    assert.ok(!JSON.stringify(long.json).includes("FST_"));
  });

  it("headers too large (a 100 KB token): 431 in the surface's envelope, and no body for HEAD", async () => {
    const big = "a".repeat(100_000);
    const a = await raw(s, `GET /subscriptions/x?api-version=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${big}\r\n\r\n`);
    assert.equal(a.status, 431);
    assert.equal(bodyOf(a.text).error.code, "RequestHeaderFieldsTooLarge");
    const f = await raw(s, `GET /face/v1.2/detectLiveness-sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${big}\r\n\r\n`);
    assert.equal(f.status, 431);
    assert.equal(bodyOf(f.text).error.code, "431");
    assert.match(f.text, /\r\nx-ms-error-code: 431\r\n/);
    const head = await raw(s, `HEAD /face/v1.2/x HTTP/1.1\r\nHost: localhost\r\nX-Big: ${big}\r\n\r\n`);
    assert.equal(head.status, 431);
    assert.equal(head.text.slice(head.text.indexOf("\r\n\r\n") + 4), "", "HEAD answered with a body");
  });

  it("the admin path is decoded before the surface is chosen; the token is checked before any body", async () => {
    const encoded = await s.call("/%5flazurite/admin/nope");
    const plain = await s.call("/_lazurite/admin/keys");
    assert.equal(encoded.status, 401);
    assert.deepEqual(encoded.json, plain.json);
    const emptyJson = await s.call("/_lazurite/admin/tenants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "",
    });
    assert.equal(emptyJson.status, 401);
  });

  it("ARM bodies: deep nesting answers InvalidRequestContent with Json.NET's MaxDepth text; __proto__ is a plain member", async () => {
    const url = `${accountPath()}/generateAccessToken?api-version=2025-04-01`;
    const auth = { authorization: `Bearer ${arm}`, "content-type": "application/json" };
    for (const body of ["[".repeat(5000) + "]".repeat(5000), '{"a":'.repeat(8000) + "1" + "}".repeat(8000)]) {
      const r = await s.call(url, { method: "POST", headers: auth, body });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, "InvalidRequestContent");
      assert.match(r.json.error.message, /The reader's MaxDepth of 64 has been exceeded\. Path '/);
    }
    const proto = await s.call(url, {
      method: "POST",
      headers: auth,
      body: '{"__proto__":{"permissionType":"Contributor","scope":"Account"}}',
    });
    assert.equal(proto.status, 400);
    assert.equal(proto.json.error.code, "InvalidParameter");
    assert.equal(proto.json.error.target, "permissionType");
  });

  it("string fields have length limits: a 100 KB videoId is refused, not signed into a token", async () => {
    const r = await s.call(`${accountPath()}/generateAccessToken?api-version=2025-04-01`, {
      method: "POST",
      headers: { authorization: `Bearer ${arm}` },
      body: JSON.stringify({ permissionType: "Reader", scope: "Video", videoId: "v".repeat(100_000) }),
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.target, "videoId");
    assert.match(r.json.error.message, /too long/);
  });

  it("Entra: a client_id that is not a GUID is no application, an oversized form is refused in OAuth's shape", async () => {
    const form = (clientId: string) =>
      s.call(`/${DEV.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: clientId,
          client_secret: "x",
          scope: "https://management.azure.com/.default",
        }).toString(),
      });
    const notGuid = await form("not-a-guid");
    assert.equal(notGuid.json.error, "unauthorized_client");
    assert.deepEqual(notGuid.json.error_codes, [700016]);
    const huge = await form("a".repeat(300_000));
    assert.equal(huge.status, 400);
    assert.equal(huge.json.error, "invalid_request");
    const tooLong = await form("a".repeat(40_000));
    assert.equal(tooLong.json.error, "invalid_request");
    assert.deepEqual(tooLong.json.error_codes, [90100]);
  });

  describe("JWTs: one reading of the signed bytes and the claims", () => {
    /** A compact JWS signed with the tenant's real key over exactly `header.payload` as given. */
    async function signRaw(header: object, payloadText: string): Promise<string> {
      const keys = (await s.store.signingKeys.list({ scope: ISSUERS.entra(DEV.tenantId) })).find((k) => k.status === "active")!;
      const input = `${Buffer.from(JSON.stringify({ ...header, kid: keys.kid })).toString("base64url")}.${Buffer.from(payloadText).toString("base64url")}`;
      const sig = sign("sha256", Buffer.from(input), createPrivateKey({ key: keys.privateJwk as never, format: "jwk" }));
      return `${input}.${sig.toString("base64url")}`;
    }
    const get = (token: string) =>
      s.call(`/subscriptions/${DEV.subscriptionId}?api-version=2022-12-01`, { headers: { authorization: `Bearer ${token}` } });
    const claims = () => new TokenMint(s.store).claims(DEV.tenantId);

    it("control: the same construction with a plain header is accepted", async () => {
      await new TokenMint(s.store).sign(DEV.tenantId); // makes sure the tenant key exists
      assert.equal((await get(await signRaw({ alg: "RS256", typ: "JWT" }, JSON.stringify(claims())))).status, 200);
    });

    it("crit b64:false is refused", async () => {
      const r = await get(await signRaw({ alg: "RS256", typ: "JWT", b64: false, crit: ["b64"] }, JSON.stringify(claims())));
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, "InvalidAuthenticationToken");
    });

    it("a claim given twice is refused", async () => {
      const text = JSON.stringify(claims()).replace(/^\{/, '{"aud":"https://example.org",');
      const r = await get(await signRaw({ alg: "RS256", typ: "JWT" }, text));
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, "InvalidAuthenticationToken");
    });

    it("iat in the future beyond the skew is refused", async () => {
      const c = { ...claims(), iat: Math.floor(Date.now() / 1000) + 3600 };
      const r = await get(await signRaw({ alg: "RS256", typ: "JWT" }, JSON.stringify(c)));
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, "InvalidAuthenticationToken");
    });
  });
});

describe("hostile input: slow senders and aborted requests", () => {
  let p: ServerProcess;
  before(async () => {
    p = await startServerProcess(["--request-timeout", "1", "--log-level", "info"]);
  });
  after(async () => {
    await p?.stop();
  });

  it("a body that trickles in is cut off after the request timeout with 408 in the surface's envelope", async () => {
    const r = await new Promise<{ text: string; ms: number }>((ok) => {
      const t0 = Date.now();
      let text = "";
      const sock = connect({ host: "127.0.0.1", port: p.port, rejectUnauthorized: false }, () => {
        sock.write(
          "POST /subscriptions/x?api-version=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
        );
        const drip = setInterval(() => sock.write("a"), 300);
        sock.on("close", () => clearInterval(drip));
      });
      sock.on("data", (d: Buffer) => (text += d.toString("latin1")));
      sock.on("close", () => ok({ text, ms: Date.now() - t0 }));
      sock.on("error", () => undefined);
    });
    assert.ok(r.ms < 4000, `closed after ${r.ms} ms`);
    assert.match(r.text, /^HTTP\/1\.1 408 /);
    assert.equal(bodyOf(r.text).error.code, "RequestTimeout");
  });

  it("a client that goes away mid-body is not an error in the log", async () => {
    await new Promise<void>((ok) => {
      const req = request({
        host: "127.0.0.1",
        port: p.port,
        method: "POST",
        path: `/${DEV.tenantId}/oauth2/v2.0/token`,
        rejectUnauthorized: false,
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "5000" },
      });
      req.on("error", () => ok());
      req.write("grant_type=client_credentials&");
      setTimeout(() => {
        req.destroy();
        ok();
      }, 200);
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(p.alive());
    assert.doesNotMatch(p.output(), /unhandled error/);
  });
});
