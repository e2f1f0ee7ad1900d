import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { connect as tlsConnect } from "node:tls";
import { request as httpsRequest } from "node:https";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { http } from "./helpers/http.js";
import { startTestServer, tempDir } from "./helpers/server.js";
import { TEST_STORE } from "./helpers/store.js";

/** The certificate the server presents on `port`. */
function servedCertificate(port: number): Promise<X509Certificate> {
  return new Promise((ok, fail) => {
    const sock = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => {
      ok(sock.getPeerX509Certificate()!);
      sock.end();
    });
    sock.on("error", fail);
  });
}

describe("server lifecycle", () => {
  it("serves health and readiness over HTTPS with the generated certificate", async () => {
    const s = await startTestServer();
    try {
      const health = await s.call("/_lazurite/health");
      assert.equal(health.status, 200);
      assert.deepEqual(health.json, { status: "ok" });
      assert.match(String(health.headers["x-ms-request-id"]), /^[0-9a-f-]{36}$/);
      const ready = await s.call("/_lazurite/ready");
      assert.equal(ready.status, 200);
      assert.equal(ready.json.store, TEST_STORE);
      assert.match(s.lines[0]!, /listening on https:\/\/127\.0\.0\.1:\d+/);
      // What clients trust is the local CA; what is served is a certificate it issued for the local names.
      const ca = new X509Certificate(s.certificatePem);
      assert.ok(ca.ca, "the trusted certificate is a CA");
      const cert = await servedCertificate(s.port);
      assert.ok(cert.verify(ca.publicKey), "the served certificate is issued by that CA");
      assert.match(cert.subjectAltName!, /DNS:localhost/);
      assert.match(cert.subjectAltName!, /IP Address:127\.0\.0\.1/);
      assert.match(cert.subjectAltName!, /IP Address:0:0:0:0:0:0:0:1/);
      assert.ok(s.lines.some((l) => l.includes("NODE_EXTRA_CA_CERTS=")));
      assert.ok(s.lines.some((l) => l.includes("tlsOptions: { ca")));
    } finally {
      await s.close();
    }
  });

  it("answers ready 503 when the store is gone", async () => {
    const s = await startTestServer();
    try {
      await s.store.close();
      const ready = await s.call("/_lazurite/ready");
      assert.equal(ready.status, 503);
      assert.equal((await s.call("/_lazurite/health")).status, 200);
    } finally {
      await s.close();
    }
  });

  it("refuses an untrusted client (the certificate really is verified)", async () => {
    const s = await startTestServer({ inMemory: true });
    try {
      await assert.rejects(http(`${s.url}/_lazurite/health`), /self-signed|DEPTH_ZERO|unable to verify/i);
    } finally {
      await s.close();
    }
  });

  it("keeps entities, signing keys, the certificate and the admin token across a restart", async () => {
    const dir = tempDir();
    const a = await startTestServer({ location: dir.path });
    const created = await a.admin("POST", "/tenants", { id: "5f0e7a4c-0d0e-4a55-9c1b-3f3b2d6e7a10", displayName: "Persisted" });
    assert.equal(created.status, 201);
    const jwks1 = (await a.call("/.well-known/jwks.json")).json;
    const pem1 = a.certificatePem;
    const token1 = a.adminToken;
    await a.close();

    const b = await startTestServer({ location: dir.path });
    try {
      assert.equal(b.certificatePem, pem1);
      assert.equal(b.adminToken, token1);
      assert.deepEqual((await b.call("/.well-known/jwks.json")).json, jwks1);
      const got = await b.admin("GET", "/tenants/5f0e7a4c-0d0e-4a55-9c1b-3f3b2d6e7a10");
      assert.equal(got.status, 200);
      assert.equal(got.json.displayName, "Persisted");
    } finally {
      await b.close();
      dir.remove();
    }
  });

  it("writes nothing to disk with --in-memory", async () => {
    const dir = tempDir();
    const location = join(dir.path, "never-created");
    const s = await startTestServer({ location, inMemory: true });
    try {
      assert.equal((await s.call("/_lazurite/health")).status, 200);
      assert.equal((await s.admin("GET", "/tenants")).status, 200);
      assert.equal(existsSync(location), false);
      assert.deepEqual(readdirSync(dir.path), []);
      assert.equal(s.certificatePath, undefined);
    } finally {
      await s.close();
      dir.remove();
    }
  });

  it("protects what it writes: private files are 0600 and the location 0700", async () => {
    const dir = tempDir();
    const location = join(dir.path, "loc");
    const s = await startTestServer({ location });
    await s.close();
    try {
      assert.equal(statSync(location).mode & 0o777, 0o700);
      const files = TEST_STORE === "sqlite" ? ["lazurite.db", "lazurite-key.pem", "admin-token"] : ["lazurite-key.pem", "admin-token"];
      for (const f of files) assert.equal(statSync(join(location, f)).mode & 0o777, 0o600, f);
    } finally {
      dir.remove();
    }
  });

  it("seeds and prints the development defaults with a warning when no config is given", async () => {
    const s = await startTestServer({ inMemory: true });
    try {
      assert.ok(s.lines.some((l) => l.includes("WARNING") && l.includes("PUBLIC")));
      assert.ok(s.lines.some((l) => l.includes(DEV.clientSecret)));
      const face = await s.admin(
        "GET",
        `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/${DEV.faceName}`,
      );
      assert.deepEqual(face.json.keys, [DEV.faceKey1, DEV.faceKey2]);
      const roles = await s.admin("GET", `/roleAssignments?principalId=${DEV.appObjectId}`);
      assert.equal(roles.json.value[0].roleName, "Owner");
      assert.equal(roles.json.value[0].scope, `/subscriptions/${DEV.subscriptionId}`);
    } finally {
      await s.close();
    }
  });

  it("serves the same routes on the optional plain-HTTP port", async () => {
    const s = await startTestServer({ inMemory: true, httpPort: 0 });
    try {
      assert.ok(s.httpUrl);
      const r = await http(`${s.httpUrl}/_lazurite/health`);
      assert.equal(r.status, 200);
      assert.ok(s.lines[0]!.includes(s.httpUrl));
    } finally {
      await s.close();
    }
  });

  it("collapses duplicate slashes and matches paths case-insensitively", async () => {
    const s = await startTestServer({ inMemory: true });
    try {
      assert.equal((await s.call("//_lazurite//health")).status, 200);
      assert.equal((await s.call("/_LAZURITE/Health")).status, 200);
    } finally {
      await s.close();
    }
  });

  it("uses a user-supplied certificate and key", async () => {
    const first = await startTestServer();
    const dir = tempDir();
    try {
      // The first server's serving certificate (issued by its local CA), given back as the user's own.
      const loc = dirname(first.certificatePath!);
      await first.close();
      const s = await startTestServer({ location: dir.path, cert: join(loc, "lazurite-cert.pem"), key: join(loc, "lazurite-key.pem") });
      try {
        assert.equal(s.certificatePem, readFileSync(join(loc, "lazurite-cert.pem"), "utf8"));
        assert.equal(existsSync(join(dir.path, "lazurite-cert.pem")), false);
      } finally {
        await s.close();
      }
    } finally {
      dir.remove();
    }
  });

  it("drains an in-flight request before closing", async () => {
    const s = await startTestServer({ inMemory: true });
    // Deterministically in flight: the server has the request's headers but not yet all of its body
    // when close() starts (a fixed 5 ms sleep raced the TLS handshake on a loaded machine).
    const body = JSON.stringify({ tenants: [] });
    const headers = {
      authorization: `Bearer ${s.adminToken}`,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
    };
    const req = httpsRequest(`${s.url}/_lazurite/admin/config`, { method: "POST", ca: s.certificatePem, agent: false, headers });
    const response = new Promise<number>((ok, fail) => {
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => ok(res.statusCode ?? 0));
      });
      req.on("error", fail);
    });
    await new Promise<void>((headersSent) =>
      req.once("socket", (sock) => sock.once("secureConnect", () => req.write(body.slice(0, 1), () => setTimeout(headersSent, 50)))),
    );
    const closing = s.close();
    req.end(body.slice(1));
    assert.equal(await response, 200, "the in-flight request completes");
    await closing;
  });
});
