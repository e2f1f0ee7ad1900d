import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { surfaceOf } from "../src/server/surfaces.js";
import { CONTENT_SECURITY_POLICY } from "../src/surfaces/ui/headers.js";
import { DEV } from "../src/config/dev-defaults.js";
import { freshUiBuild } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

/** The dashboard as HTTP sees it: the shell, the bundle, the headers, and the admin route it adds (docs/dashboard.md). */
describe("dashboard surface", () => {
  let s: TestServer;
  let ui: { dir: string; remove: () => void };
  before(async () => {
    ui = await freshUiBuild();
    s = await startTestServer({ uiDir: ui.dir });
  });
  after(async () => {
    await s.close();
    ui.remove();
  });

  const assets = (html: string) => [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

  it("serves the same shell for every page path, with the strict headers and no data in it", async () => {
    for (const path of ["/_lazurite/ui/", "/_lazurite/ui/resources", "/_lazurite/ui/tokens", "/_lazurite/UI/liveness/"]) {
      const r = await s.call(path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers["content-type"], "text/html; charset=utf-8");
      assert.equal(r.headers["content-security-policy"], CONTENT_SECURITY_POLICY);
      assert.equal(r.headers["x-content-type-options"], "nosniff");
      assert.equal(r.headers["x-frame-options"], "DENY");
      assert.equal(r.headers["referrer-policy"], "no-referrer");
      assert.equal(r.headers["cross-origin-opener-policy"], "same-origin");
      assert.equal(r.headers["cache-control"], "no-cache");
      assert.ok(!r.text.includes(s.adminToken!), "the shell holds no token");
      assert.ok(!r.text.includes(DEV.tenantId), "the shell holds no data");
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(r.text), "no inline script");
      assert.ok(!/\sstyle=/.test(r.text), "no inline style");
    }
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe|https?:|\*/);
  });

  it("every file the shell names is on this server under hashed names, cached for good; nothing comes from elsewhere", async () => {
    const shell = await s.call("/_lazurite/ui/");
    const refs = assets(shell.text);
    assert.equal(refs.length, 3, refs.join(" "));
    for (const ref of refs) {
      assert.match(ref, /^\/_lazurite\/ui\/assets\/[\w-]+-[\w]+\.(js|css|svg)$/);
      const r = await s.call(ref);
      assert.equal(r.status, 200, ref);
      assert.equal(r.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.equal(
        r.headers["content-type"],
        ref.endsWith(".js") ? "text/javascript; charset=utf-8" : ref.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml",
      );
      assert.equal(r.headers["content-security-policy"], CONTENT_SECURITY_POLICY);
      const again = await s.call(ref, { headers: { "if-none-match": String(r.headers.etag) } });
      assert.equal(again.status, 304);
    }
    const css = await s.call(refs.find((r) => r.endsWith(".css"))!);
    assert.doesNotMatch(css.text, /@import|url\(\s*["']?(https?:)?\/\//, "the style sheet loads nothing from elsewhere");
  });

  it("/_lazurite/ui redirects to the shell; unknown files and other methods answer 404 in Lazurite's envelope", async () => {
    const r = await s.call("/_lazurite/ui");
    assert.equal(r.status, 308);
    assert.equal(r.headers.location, "/_lazurite/ui/");
    const missing = await s.call("/_lazurite/ui/assets/app-nope.js");
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, {
      error: { code: "RouteNotFound", message: "No dashboard file for GET /_lazurite/ui/assets/app-nope.js." },
    });
    assert.equal(missing.headers["content-security-policy"], CONTENT_SECURITY_POLICY);
    const post = await s.call("/_lazurite/ui/", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    assert.equal(post.status, 404);
    assert.equal(post.json.error.code, "RouteNotFound");
    const traversal = await s.call("/_lazurite/ui/assets/..%2f..%2fpackage.json");
    assert.equal(traversal.status, 404);
  });

  it("belongs to its own surface, before the internal one", () => {
    assert.equal(surfaceOf("/_lazurite/ui"), "ui");
    assert.equal(surfaceOf("/_lazurite/ui/roles"), "ui");
    assert.equal(surfaceOf("/_LAZURITE/UI/assets/x.js"), "ui");
    assert.equal(surfaceOf("/_lazurite/uix"), "internal");
    assert.equal(surfaceOf("/_lazurite/admin/server"), "admin");
  });

  it("GET /_lazurite/admin/server: what the start banner says, behind the admin token", async () => {
    const refused = await s.call("/_lazurite/admin/server");
    assert.equal(refused.status, 401);
    const r = await s.admin("GET", "/server");
    assert.equal(r.status, 200, r.text);
    const header = /IDENTITY_HEADER=(\S+)/.exec(s.lines.join("\n"))?.[1];
    assert.deepEqual(r.json, {
      version: (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version,
      store: s.store.dialect,
      tokenAlg: "ES256",
      certificatePath: s.certificatePath,
      managedIdentity: { path: "/msi/token", header, clientId: DEV.clientId },
      developmentDefaults: true,
    });
  });

  it("without a build, the dashboard says so in words", async () => {
    const empty = mkdtempSync(join(tmpdir(), "lazurite-no-ui-"));
    const bare = await startTestServer({ uiDir: empty, inMemory: true });
    try {
      for (const path of ["/_lazurite/ui/", "/_lazurite/ui/assets/app.js"]) {
        const r = await bare.call(path);
        assert.equal(r.status, 404);
        assert.equal(r.json.error.code, "DashboardNotBuilt");
        assert.match(r.json.error.message, /npm run build/);
      }
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
