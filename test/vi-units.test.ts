import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isServiceError, type ServiceError } from "../src/core/service-error.js";
import { parseArmBody } from "../src/surfaces/arm/body/arm-body.js";
import { parseJsonNet } from "../src/surfaces/arm/body/json-net-reader.js";
import { ArmRateLimiter, rateKindOf } from "../src/surfaces/arm/rate-limit.js";
import {
  findApiVersion,
  normalizeLocation,
  versionsOf,
  VI_API_VERSIONS,
} from "../src/surfaces/arm/providers/video-indexer/api-versions.js";
import { accountNameProblem } from "../src/surfaces/arm/providers/video-indexer/rules.js";
import { validateTokenRequest } from "../src/surfaces/arm/providers/video-indexer/token-request.js";

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (isServiceError(e)) return e;
    throw e;
  }
  assert.fail("expected a ServiceError");
}

const content = (detail: string) => `The request content was invalid and could not be deserialized: '${detail}'.`;

describe("ARM bodies parsed the Json.NET way", () => {
  const cases: [string, string][] = [
    ['{"scope": "Video",', "Unexpected end when deserializing object. Path 'scope', line 1, position 18."],
    ['{"a": {"b": 1', "Unexpected end when deserializing object. Path 'a.b', line 1, position 13."],
    ['{"a": [1, 2', "Unexpected end when deserializing array. Path 'a[1]', line 1, position 11."],
    ['{"a" 1}', "Invalid character after parsing property name. Expected ':' but got: 1. Path 'a', line 1, position 6."],
    ['{"a": 1 "b": 2}', "After parsing a value an unexpected character was encountered: \". Path 'a', line 1, position 9."],
    ['{"a": }', "Unexpected character encountered while parsing value: }. Path 'a', line 1, position 7."],
    ['{"a": 1}x', "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 9."],
    ['{"a": "unterminated', "Unterminated string. Expected delimiter: \". Path 'a', line 1, position 19."],
    ['{\n  "a": 1,\n  "b": tru\n}', "Unexpected character encountered while parsing value: t. Path 'b', line 3, position 8."],
    ["{#}", "Invalid property identifier character: #. Path '', line 1, position 2."],
    ['{"a": 12x}', "Input string '12x' is not a valid number. Path 'a', line 1, position 9."],
    ['{"a b": }', "Unexpected character encountered while parsing value: }. Path '['a b']', line 1, position 9."],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), () => {
      const e = errorOf(() => parseArmBody(text, "GenerateAccessTokenParameters"));
      assert.equal(e.statusCode, 400);
      assert.deepEqual(e.body, { error: { code: "InvalidRequestContent", message: content(message) } });
    });
  }

  it("non-object roots: Json.NET's conversion errors", () => {
    assert.equal(
      (errorOf(() => parseArmBody('"x"', "Account")).body as any).error.message,
      content(`Error converting value "x" to type 'Account'. Path '', line 1, position 3.`),
    );
    assert.equal(
      (errorOf(() => parseArmBody("42", "Account")).body as any).error.message,
      content(`Error converting value 42 to type 'Account'. Path '', line 1, position 2.`),
    );
    assert.match(
      (errorOf(() => parseArmBody("[1]", "Account")).body as any).error.message,
      /Cannot deserialize the current JSON array \(e\.g\. \[1,2,3\]\) into type 'Account'.*Path '', line 1, position 1\.'\.$/s,
    );
  });

  it("no body, an empty one and null are all 'no object'", () => {
    assert.equal(parseArmBody(undefined, "X"), undefined);
    assert.equal(parseArmBody("", "X"), undefined);
    assert.equal(parseArmBody("  \n", "X"), undefined);
    assert.equal(parseArmBody("null", "X"), undefined);
  });

  it("Json.NET's leniency: comments, single quotes, bare names, trailing commas", () => {
    assert.deepEqual(parseArmBody("{ // c\n 'scope': 'Video', /* x */ permissionType: \"Reader\", }", "X"), {
      scope: "Video",
      permissionType: "Reader",
    });
    assert.deepEqual(parseArmBody('{"a": [1, 2,], "b": null}', "X"), { a: [1, 2], b: null });
  });

  it("parses whatever JSON.stringify produces, to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const parsed = parseJsonNet(text)!.value;
        assert.deepEqual(parsed, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("ARM rate limits", () => {
  it("counts per principal, subscription and kind, per clock hour, then 429 with Retry-After", () => {
    let now = new Date("2025-06-01T10:59:30Z");
    const l = new ArmRateLimiter(() => now, true, { reads: 3, writes: 2, deletes: 1 });
    const sub = { subscriptionId: "S", tenantId: "T" };
    assert.deepEqual(l.take(sub, "p1", "reads"), { "x-ms-ratelimit-remaining-subscription-reads": "2" });
    assert.deepEqual(l.take(sub, "p1", "reads"), { "x-ms-ratelimit-remaining-subscription-reads": "1" });
    assert.deepEqual(l.take(sub, "p2", "reads"), { "x-ms-ratelimit-remaining-subscription-reads": "2" }, "another principal");
    assert.deepEqual(
      l.take({ subscriptionId: "S2", tenantId: "T" }, "p1", "reads"),
      { "x-ms-ratelimit-remaining-subscription-reads": "2" },
      "another subscription",
    );
    assert.deepEqual(l.take(sub, "p1", "writes"), { "x-ms-ratelimit-remaining-subscription-writes": "1" });
    assert.deepEqual(l.take({ tenantId: "T" }, "p1", "reads"), { "x-ms-ratelimit-remaining-tenant-reads": "2" });
    l.take(sub, "p1", "reads");
    const e = errorOf(() => l.take(sub, "p1", "reads"));
    assert.equal(e.statusCode, 429);
    assert.equal(e.code, "SubscriptionRequestsThrottled");
    assert.equal(e.headers["retry-after"], "30");
    assert.equal(e.headers["x-ms-ratelimit-remaining-subscription-reads"], "0");
    now = new Date("2025-06-01T11:00:00Z");
    assert.deepEqual(l.take(sub, "p1", "reads"), { "x-ms-ratelimit-remaining-subscription-reads": "2" }, "a new hour, a new budget");
    assert.equal(
      errorOf(() => (l.take({ tenantId: "T" }, "p9", "deletes"), l.take({ tenantId: "T" }, "p9", "deletes"))).code,
      "TenantRequestsThrottled",
    );
  });

  it("without --arm-throttling the headers count down to 0 but nothing is refused", () => {
    const l = new ArmRateLimiter(() => new Date("2025-06-01T10:00:00Z"), false, { reads: 1, writes: 1, deletes: 1 });
    const sub = { subscriptionId: "S", tenantId: "T" };
    assert.deepEqual(l.take(sub, "p1", "writes"), { "x-ms-ratelimit-remaining-subscription-writes": "0" });
    assert.deepEqual(l.take(sub, "p1", "writes"), { "x-ms-ratelimit-remaining-subscription-writes": "0" });
  });

  it("classifies methods: GET reads, DELETE deletes, everything else (POST actions too) writes", () => {
    assert.equal(rateKindOf("get"), "reads");
    assert.equal(rateKindOf("HEAD"), "reads");
    assert.equal(rateKindOf("DELETE"), "deletes");
    for (const m of ["POST", "PUT", "PATCH"]) assert.equal(rateKindOf(m), "writes");
  });
});

describe("Video Indexer rules", () => {
  it("the version table follows the documented history (docs/video-indexer.md#api-versions)", () => {
    assert.equal(VI_API_VERSIONS.length, 13);
    assert.equal(VI_API_VERSIONS.at(-1)!.version, "2025-04-01");
    assert.deepEqual(versionsOf("accounts/generateExtensionAccessToken"), ["2025-03-01", "2025-04-01"]);
    assert.deepEqual(versionsOf("accounts/privateEndpointConnections"), ["2024-06-01-preview", "2025-04-01"]);
    assert.ok(!versionsOf("accounts/generateRestrictedViewerAccessToken").includes("2022-08-01"));
    assert.ok(versionsOf("accounts/generateRestrictedViewerAccessToken").includes("2024-01-01"));
    assert.deepEqual(
      VI_API_VERSIONS.filter((p) => p.errorSchema === "common-v5").map((p) => p.version),
      ["2025-04-01"],
    );
    assert.deepEqual(
      VI_API_VERSIONS.filter((p) => p.accountName === "legacy").map((p) => p.version),
      ["2021-10-18-preview", "2021-10-27-preview", "2021-11-10-preview"],
    );
    assert.equal(findApiVersion("2025-04-01")?.version, "2025-04-01");
    assert.equal(findApiVersion("2025-04-01-preview"), undefined);
    assert.equal(normalizeLocation("North Europe"), "northeurope");
  });

  it("account names: current rule = vi.json's pattern and lengths exactly", () => {
    const p = findApiVersion("2025-04-01")!;
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (name) => {
        const specOk = /^[A-Za-z0-9-]+$/.test(name) && name.length >= 3 && name.length <= 50;
        assert.equal(accountNameProblem(name, p) === undefined, specOk, name);
      }),
    );
  });

  it("account names: legacy rule = the 2021 pattern, unanchored at the end, max 50", () => {
    const p = findApiVersion("2021-10-18-preview")!;
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (name) => {
        const specOk = /^[a-z0-9]+(-[a-z0-9]+)*/.test(name) && name.length <= 50;
        assert.equal(accountNameProblem(name, p) === undefined, specOk, name);
      }),
    );
  });

  it("token requests: every valid combination is accepted, and its ids are kept", () => {
    const p = findApiVersion("2025-04-01")!;
    for (const scope of ["Video", "Account", "Project"] as const) {
      const ids = scope === "Video" ? { videoId: "v" } : scope === "Project" ? { projectId: "p" } : {};
      const r = validateTokenRequest("standard", { permissionType: "Reader", scope, ...ids }, p);
      assert.equal(r.scope, scope);
      assert.equal(r.videoId, (ids as { videoId?: string }).videoId);
      assert.equal(r.projectId, (ids as { projectId?: string }).projectId);
      assert.equal(r.lifetimeSeconds, 3600);
    }
    // Extension bodies have no projectId: it is ignored, like any unknown member.
    const ext = validateTokenRequest("extensionRestrictedViewer", { scope: "Project", projectId: "p", extensionId: "e" }, p);
    assert.equal(ext.projectId, undefined);
    assert.equal(ext.permission, "RestrictedViewer");
  });
});
