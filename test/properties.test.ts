import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { dotnetUtc } from "../src/surfaces/arm/errors.js";
import { redactUrl } from "../src/logging/redact.js";
import { formatPath, problemsOf, configDocument } from "../src/resources/declarations.js";
import { guidFromName, isGuid } from "../src/model/ids.js";
import { isResourceGroupName, VI_ACCOUNT_NAME, FACE_RESOURCE_NAME } from "../src/resources/names.js";
import { surfaceOf } from "../src/server/surfaces.js";

describe("parsers and validators (property-based)", () => {
  it("redactUrl never lets a credential value through and leaves other parameters alone", () => {
    const secretKey = fc.constantFrom(
      "client_secret",
      "password",
      "accessToken",
      "ACCESS_TOKEN",
      "client_assertion",
      "refresh_token",
      "sig",
    );
    const value = fc.stringMatching(/^[A-Za-z0-9._~-]{6,40}$/);
    fc.assert(
      fc.property(
        fc.webPath(),
        secretKey,
        value,
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.stringMatching(/^[a-z0-9]{1,8}$/),
        (path, key, secret, other, otherValue) => {
          fc.pre(!["token", "code", "sig", "password"].includes(other) && !secret.includes(otherValue));
          const url = `${path || "/"}?${other}=${otherValue}&${key}=${secret}`;
          const out = redactUrl(url);
          assert.ok(!out.includes(`=${secret}`), out);
          assert.ok(out.includes(`${other}=${otherValue}`));
        },
      ),
    );
  });

  it("guidFromName gives a stable, well-formed version-5 GUID", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (ns, name) => {
        const g = guidFromName(ns, name);
        assert.ok(isGuid(g));
        assert.equal(g[14], "5");
        assert.ok("89ab".includes(g[19]!));
        assert.equal(guidFromName(ns, name), g);
      }),
    );
  });

  it("isGuid accepts exactly 8-4-4-4-12 hex", () => {
    fc.assert(fc.property(fc.uuid(), (u) => assert.ok(isGuid(u) && isGuid(u.toUpperCase()))));
    fc.assert(
      fc.property(fc.string(), (s) => assert.equal(isGuid(s), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))),
    );
  });

  it("resource name rules: VI 3-50 of [A-Za-z0-9-], resource groups never end with a period", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        assert.equal(VI_ACCOUNT_NAME.test(s), s.length >= 3 && s.length <= 50 && /^[A-Za-z0-9-]*$/.test(s));
        if (s.endsWith(".")) assert.equal(isResourceGroupName(s), false);
        if (FACE_RESOURCE_NAME.test(s)) assert.ok(!s.startsWith("-") && !s.endsWith("-") && s.length >= 2 && s.length <= 64);
      }),
    );
  });

  it("surfaceOf: every path belongs to exactly one surface, whatever its case or slashes", () => {
    fc.assert(
      fc.property(fc.webPath(), (p) => {
        const s = surfaceOf(p);
        assert.equal(surfaceOf(p.toUpperCase()), s);
        assert.equal(surfaceOf(p.replace(/\//g, "//")), s);
      }),
    );
    assert.equal(surfaceOf("/subscriptions/x/resourceGroups/y"), "arm");
    assert.equal(surfaceOf("//Subscriptions/x"), "arm");
    assert.equal(surfaceOf("/face/v1.3-preview.1/settings/getClientAssetsAccessToken"), "face");
    assert.equal(surfaceOf("/face1/face/v1.3-preview.1/x"), "face");
    assert.equal(surfaceOf("/tenant/oauth2/v2.0/token"), "entra");
    assert.equal(surfaceOf("/_lazurite/admin/tenants"), "admin");
    assert.equal(surfaceOf("/msi/token?resource=x"), "identity");
  });

  it("dotnetUtc prints .NET's en-US general format", () => {
    assert.equal(dotnetUtc(new Date("2026-06-15T08:22:51Z")), "6/15/2026 8:22:51 AM");
    assert.equal(dotnetUtc(new Date("2026-12-01T00:05:09Z")), "12/1/2026 12:05:09 AM");
    assert.equal(dotnetUtc(new Date("2026-12-01T12:00:00Z")), "12/1/2026 12:00:00 PM");
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }), (d) => {
        assert.match(dotnetUtc(d), /^(1[0-2]|[1-9])\/([1-9]|[12]\d|3[01])\/\d{4} (1[0-2]|[1-9]):[0-5]\d:[0-5]\d (AM|PM)$/);
      }),
    );
  });

  it("config validation never throws on arbitrary input and every problem names a path", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = configDocument.safeParse(input);
        if (!r.success) for (const line of problemsOf(r.error)) assert.match(line, /^\S.*: .+/);
      }),
    );
    assert.equal(formatPath(["tenants", 0, "applications", 2, "clientId"]), "tenants[0].applications[2].clientId");
  });
});
