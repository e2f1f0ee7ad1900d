import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { dotNetRoundTrip, entraTimestamp } from "../src/surfaces/entra/errors.js";
import { isServiceError } from "../src/core/service-error.js";
import { ARM_AUDIENCE, audienceForResource, COGNITIVE_SERVICES_AUDIENCE, OIDC_SCOPES, splitScope } from "../src/issuance/audiences.js";
import { clientCredentialsAudience, delegatedGrant } from "../src/surfaces/entra/scopes.js";
import { parseFormBody } from "../src/surfaces/entra/form.js";
import { parseTenantSegment, TENANT_ALIASES } from "../src/surfaces/entra/tenant-resolver.js";

const c = { now: new Date("2025-01-01T00:00:00Z") };
const ORIGIN = "https://lazurite.test:10443";

/** Random-cases a string, as clients and configuration files do with hosts and GUIDs. */
const randomCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((flags) => [...s].map((ch, i) => (flags[i] ? ch.toUpperCase() : ch.toLowerCase())).join(""));
const slashes = fc.integer({ min: 0, max: 3 }).map((n) => "/".repeat(n));
/** Resource URIs that are none of the special ones. */
const otherResource = fc.webUrl({ withQueryParameters: false, withFragments: false }).filter((u) => {
  const base = u.toLowerCase().replace(/\/+$/, "");
  return (
    !/^https:\/\/(management\.azure\.com|management\.core\.windows\.net|cognitiveservices\.azure\.com|localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(
      base,
    ) &&
    base !== ORIGIN &&
    !/\s/.test(u)
  );
});

function aadCode(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(isServiceError(e), String(e));
    return (e.body as { error_codes: number[] }).error_codes[0];
  }
}

describe("Entra ID parsers and mappers (property-based)", () => {
  it("maps every spelling of ARM's resource to ARM's audience", () => {
    const arm = fc.constantFrom("https://management.azure.com", "https://management.core.windows.net").chain(randomCase);
    fc.assert(fc.property(arm, slashes, (r, tail) => assert.equal(audienceForResource(r + tail, ORIGIN), ARM_AUDIENCE)));
  });

  it("maps Cognitive Services to its audience without the trailing slash", () => {
    fc.assert(
      fc.property(randomCase("https://cognitiveservices.azure.com"), slashes, (r, tail) =>
        assert.equal(audienceForResource(r + tail), COGNITIVE_SERVICES_AUDIENCE),
      ),
    );
  });

  it("maps this server's origin and any HTTPS loopback origin (the ARM SDK's default scope) to ARM", () => {
    const host = fc.constantFrom("localhost", "127.0.0.1", "[::1]");
    const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
    fc.assert(
      fc.property(host, port, slashes, (h, p, tail) =>
        assert.equal(audienceForResource(`https://${h}${p === undefined ? "" : `:${p}`}${tail}`, ORIGIN), ARM_AUDIENCE),
      ),
    );
    fc.assert(fc.property(randomCase(ORIGIN), slashes, (o, tail) => assert.equal(audienceForResource(o + tail, ORIGIN), ARM_AUDIENCE)));
  });

  it("leaves any other resource exactly as given, and is idempotent", () => {
    fc.assert(
      fc.property(otherResource, (r) => {
        assert.equal(audienceForResource(r, ORIGIN), r);
        const once = audienceForResource(r, ORIGIN);
        assert.equal(audienceForResource(once, ORIGIN), once);
      }),
    );
  });

  it("client credentials: the first `/.default` scope decides, whatever surrounds it", () => {
    const plain = fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,10}$/), { maxLength: 3 });
    fc.assert(
      fc.property(plain, otherResource, plain, fc.boolean(), (before, r, afterScopes, arm) => {
        const resource = arm ? "https://management.azure.com" : r;
        const scope = [...before, `${resource}/.default`, ...afterScopes, "https://cognitiveservices.azure.com/.default"].join(" ");
        assert.equal(clientCredentialsAudience(scope, ORIGIN, c), audienceForResource(resource, ORIGIN));
      }),
    );
  });

  it("client credentials: no `/.default` scope is AADSTS1002012, no scope at all AADSTS900144", () => {
    const scope = fc.array(
      fc.stringMatching(/^[A-Za-z0-9:/._-]{1,30}$/).filter((s) => !s.endsWith("/.default")),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(scope, (s) =>
        assert.equal(
          aadCode(() => clientCredentialsAudience(s.join(" "), ORIGIN, c)),
          1002012,
        ),
      ),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[ \t\n]*$/), (blank) =>
        assert.equal(
          aadCode(() => clientCredentialsAudience(blank, ORIGIN, c)),
          900144,
        ),
      ),
    );
  });

  it("splits a scope into resource and permission and joins it back unchanged", () => {
    fc.assert(
      fc.property(otherResource, fc.stringMatching(/^[A-Za-z_.][A-Za-z0-9_.]{0,20}$/), (r, perm) => {
        const parts = splitScope(`${r}/${perm}`);
        assert.equal(parts.permission, perm);
        assert.equal(`${parts.resource}/${parts.permission}`, `${r}/${perm}`);
      }),
    );
  });

  it("delegated grants: OpenID scopes never change the audience and never reach scp", () => {
    const oidc = fc.shuffledSubarray([...OIDC_SCOPES]);
    const perm = fc.constantFrom(".default", "user_impersonation", "Files.Read");
    fc.assert(
      fc.property(otherResource, perm, oidc, (r, p, extra) => {
        const base = delegatedGrant([`${r}/${p}`], ORIGIN, c);
        const withOidc = delegatedGrant([...extra, `${r}/${p}`], ORIGIN, c);
        assert.equal(withOidc.audience, base.audience);
        assert.equal(withOidc.scp, base.scp);
        for (const name of withOidc.scp.split(" ")) assert.ok(!OIDC_SCOPES.has(name) && name !== ".default", withOidc.scp);
        assert.deepEqual([...withOidc.oidc].sort(), [...new Set(extra)].sort());
      }),
    );
  });

  it("parses any form body into its parameters, and reports the first duplicated name", () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    const fields = fc.dictionary(name, fc.string({ maxLength: 40 }), { maxKeys: 8 });
    fc.assert(
      fc.property(fields, (f) => {
        const parsed = parseFormBody(new URLSearchParams(f).toString());
        assert.equal(parsed.duplicate, undefined);
        assert.deepEqual(Object.fromEntries(parsed.values), { ...f });
      }),
    );
    fc.assert(
      fc.property(
        fields.filter((f) => Object.keys(f).length > 0),
        fc.string({ maxLength: 10 }),
        (f, v) => {
          const first = Object.keys(f)[0]!;
          const body = `${new URLSearchParams(f).toString()}&${new URLSearchParams({ [first]: v }).toString()}`;
          const parsed = parseFormBody(body);
          assert.equal(parsed.duplicate, first);
          assert.equal(parsed.values.get(first), f[first], "the first occurrence is kept");
        },
      ),
    );
  });

  it("classifies tenant segments: GUIDs and domains in any case, aliases, and everything else", () => {
    fc.assert(
      fc.property(fc.uuid().chain(randomCase), (g) => assert.deepEqual(parseTenantSegment(g), { kind: "id", id: g.toLowerCase() })),
    );
    fc.assert(
      fc.property(
        fc
          .domain()
          .filter((d) => /\.[a-z]{2,}$/i.test(d))
          .chain(randomCase),
        (d) => assert.deepEqual(parseTenantSegment(d), { kind: "domain", domain: d.toLowerCase() }),
      ),
    );
    fc.assert(fc.property(fc.constantFrom(...TENANT_ALIASES).chain(randomCase), (a) => assert.equal(parseTenantSegment(a).kind, "alias")));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => /[^A-Za-z0-9.-]/.test(s)),
        (junk) => assert.deepEqual(parseTenantSegment(junk), { kind: "invalid", raw: junk }),
      ),
    );
  });

  it("formats Entra's timestamps and .NET round-trip times losslessly", () => {
    const date = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true });
    fc.assert(
      fc.property(date, (d) => {
        const o = dotNetRoundTrip(d);
        assert.match(o, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
        assert.equal(Date.parse(o), d.getTime());
        const ts = entraTimestamp(d);
        assert.match(ts, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
        assert.equal(Date.parse(ts.replace(" ", "T")), Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });
});
