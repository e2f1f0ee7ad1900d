import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { cognitiveServicesValidator, resourcesValidator } from "./helpers/arm-oav.js";
import { assertConformance, ExchangeRecorder } from "./helpers/exchanges.js";
import type { HttpResponse } from "./helpers/http.js";
import type { OavValidator } from "./helpers/oav.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { specsSkip } from "./helpers/shared.js";
import { TokenMint } from "./helpers/tokens.js";

/**
 * Every error of the ARM check chain, produced on the routes of the providers added for
 * Microsoft.Resources, Microsoft.CognitiveServices and Microsoft.Authorization, in the chain's
 * order (docs/resource-manager.md#order-of-checks): each test breaks one check and keeps the earlier ones satisfied.
 */
const SUB = DEV.subscriptionId;
const RG = "chain-rg";
const OTHER_TENANT = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f";
const UNKNOWN_SUB = "00000000-0000-4000-8000-00000000beef";
const ACCOUNT = "chain-face";
const ASSIGNMENT = "7e2a3c40-1111-4222-8333-944455556666";

type Family = "cs" | "resources" | "authorization";
interface Route {
  label: string;
  family: Family;
  method: string;
  /** `{sub}` is replaced by the subscription under test. */
  path: string;
  version: string;
  body?: unknown;
  /** The RBAC check applies. */
  rbac: boolean;
  /** The path names a subscription (and so a tenant to compare). */
  sub: boolean;
  /** The path names a resource group that must exist. */
  rg?: boolean;
  /** Why oav cannot check this route's exchanges against the specs held, if it cannot. */
  offSpec?: string;
}

const cs = (label: string, method: string, path: string, rbac = true, body?: unknown): Route => ({
  label,
  family: "cs",
  method,
  path,
  version: "2025-09-01",
  rbac,
  sub: path.startsWith("/subscriptions/"),
  rg: path.includes("/resourceGroups/"),
  body,
});
const res = (label: string, method: string, path: string, rbac = true, body?: unknown): Route => ({
  label,
  family: "resources",
  method,
  path,
  version: "2025-04-01",
  rbac,
  sub: path.startsWith("/subscriptions/"),
  rg: false,
  body,
  ...(/\/resourcegroups\//.test(path) ? {} : { offSpec: "not a resource-group operation of the held 2025-04-01 subset" }),
});
const authz = (label: string, method: string, path: string, rbac = true, body?: unknown): Route => ({
  label,
  family: "authorization",
  method,
  path,
  version: "2022-04-01",
  rbac,
  sub: path.startsWith("/subscriptions/"),
  rg: path.includes("/resourceGroups/"),
  body,
  offSpec: "no Microsoft.Authorization spec is held",
});

const ACCOUNT_PATH = `/subscriptions/{sub}/resourceGroups/${RG}/providers/Microsoft.CognitiveServices/accounts/${ACCOUNT}`;
const FACE_BODY = { kind: "Face", sku: { name: "S0" }, location: "westus2" };
const ASSIGNMENT_BODY = {
  properties: {
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
    principalId: DEV.userObjectId,
  },
};

const ROUTES: Route[] = [
  cs("Accounts_Get", "GET", ACCOUNT_PATH),
  cs("Accounts_Create", "PUT", ACCOUNT_PATH, true, FACE_BODY),
  cs("Accounts_ListKeys", "POST", `${ACCOUNT_PATH}/listKeys`),
  cs("Accounts_List", "GET", "/subscriptions/{sub}/providers/Microsoft.CognitiveServices/accounts"),
  cs("CheckDomainAvailability", "POST", "/subscriptions/{sub}/providers/Microsoft.CognitiveServices/checkDomainAvailability", true, {
    subdomainName: "x1",
    type: "Microsoft.CognitiveServices/accounts",
  }),
  cs("Operations_List (CS)", "GET", "/providers/Microsoft.CognitiveServices/operations", false),
  res("Subscriptions_List", "GET", "/subscriptions", false),
  res("Tenants_List", "GET", "/tenants", false),
  res("Subscriptions_ListLocations", "GET", "/subscriptions/{sub}/locations"),
  res("ResourceGroups_Get", "GET", `/subscriptions/{sub}/resourcegroups/${RG}`),
  res("ResourceGroups_CreateOrUpdate", "PUT", `/subscriptions/{sub}/resourcegroups/${RG}`, true, { location: "westus2" }),
  res("Providers_Get", "GET", "/subscriptions/{sub}/providers/Microsoft.CognitiveServices"),
  res("Providers_Register", "POST", "/subscriptions/{sub}/providers/Microsoft.CognitiveServices/register"),
  res("Resources_List", "GET", "/subscriptions/{sub}/resources"),
  authz(
    "RoleAssignments_ListForScope",
    "GET",
    `/subscriptions/{sub}/resourceGroups/${RG}/providers/Microsoft.Authorization/roleAssignments`,
  ),
  authz(
    "RoleAssignments_Create",
    "PUT",
    `${ACCOUNT_PATH}/providers/Microsoft.Authorization/roleAssignments/${ASSIGNMENT}`,
    true,
    ASSIGNMENT_BODY,
  ),
  authz("RoleDefinitions_List (subscription)", "GET", "/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions"),
  authz("RoleDefinitions_List (root)", "GET", "/providers/Microsoft.Authorization/roleDefinitions", false),
];

describe("the ARM check chain on the Microsoft.Resources, Cognitive Services and Authorization routes", () => {
  let s: TestServer;
  let mint: TokenMint;
  let oavCs: OavValidator | undefined;
  let oavRes: OavValidator | undefined;
  const rec = new ExchangeRecorder();
  before(async () => {
    [s, oavCs, oavRes] = await Promise.all([
      startTestServer({ inMemory: true, armThrottling: true }),
      specsSkip ? undefined : cognitiveServicesValidator(),
      specsSkip ? undefined : resourcesValidator(),
    ]);
    mint = new TokenMint(s.store);
    assert.equal((await s.admin("POST", "/tenants", { id: OTHER_TENANT })).status, 201);
    assert.equal((await s.admin("PUT", `/subscriptions/${SUB}/resourceGroups/${RG}`, { location: "westus2" })).status, 201);
    const face = await s.admin("PUT", `/subscriptions/${SUB}/resourceGroups/${RG}/faceResources/${ACCOUNT}`, { location: "westus2" });
    assert.equal(face.status, 201, face.text);
  });
  after(async () => {
    oavCs?.close();
    oavRes?.close();
    await s?.close();
  });
  beforeEach((t) => {
    rec.label = t.name;
  });

  const owner = () => mint.sign(DEV.tenantId);
  async function call(
    r: Route,
    o: { version?: string | null; auth?: string | null; sub?: string; path?: string; body?: unknown; rawBody?: string } = {},
  ): Promise<HttpResponse> {
    const path = (o.path ?? r.path).replace("{sub}", o.sub ?? SUB);
    const version = o.version === undefined ? r.version : o.version;
    const url = `${s.url}${path}${version === null ? "" : `?api-version=${version}`}`;
    const auth = o.auth === undefined ? `Bearer ${await owner()}` : o.auth;
    const body = o.rawBody ?? o.body ?? r.body;
    const send = () =>
      rec.http(url, {
        method: r.method,
        ca: s.certificatePem,
        headers: { ...(auth === null ? {} : { authorization: auth }), ...(o.rawBody ? { "content-type": "application/json" } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    return r.offSpec ? rec.offSpec(r.offSpec, send) : send();
  }
  function expect(r: Route, res: HttpResponse, status: number, code: string, message?: RegExp | string): void {
    assert.equal(res.status, status, `${r.label}: ${res.text}`);
    assert.equal(res.json?.error?.code, code, `${r.label}: ${res.text}`);
    if (typeof message === "string") assert.equal(res.json.error.message, message, r.label);
    else if (message) assert.match(res.json.error.message, message, r.label);
  }

  it("MissingApiVersionParameter comes first, even before authentication", async () => {
    await rec.offSpec("no api-version", async () => {
      for (const r of ROUTES) expect(r, await call(r, { version: null, auth: null }), 400, "MissingApiVersionParameter");
    });
  });

  it("AuthenticationFailed, AuthenticationFailedInvalidHeader, InvalidAuthenticationToken, ExpiredAuthenticationToken, InvalidAuthenticationTokenAudience", async () => {
    const exp = Math.floor(Date.now() / 1000) - 600;
    const expired = `Bearer ${await mint.sign(DEV.tenantId, { exp, iat: exp - 3600, nbf: exp - 3600 })}`;
    const audience = `Bearer ${await mint.sign(DEV.tenantId, { aud: "https://vault.azure.net" })}`;
    for (const r of ROUTES) {
      const none = await call(r, { auth: null });
      expect(r, none, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
      const challenge = String(none.headers["www-authenticate"]);
      assert.ok(
        challenge.startsWith(`Bearer authorization_uri="https://login.windows.net/${r.sub ? DEV.tenantId : ""}"`),
        `${r.label}: ${challenge}`,
      );
      expect(r, await call(r, { auth: "Basic abc" }), 401, "AuthenticationFailedInvalidHeader");
      expect(r, await call(r, { auth: "Bearer not.a.jwt" }), 401, "InvalidAuthenticationToken");
      expect(r, await call(r, { auth: expired }), 401, "ExpiredAuthenticationToken");
      expect(
        r,
        await call(r, { auth: audience }),
        401,
        "InvalidAuthenticationTokenAudience",
        /^The access token has been obtained for wrong audience or resource 'https:\/\/vault\.azure\.net'/,
      );
    }
  });

  it("InvalidSubscriptionId and SubscriptionNotFound, before the api-version is judged", async () => {
    await rec.invalid(async () => {
      for (const r of ROUTES.filter((x) => x.sub)) {
        expect(
          r,
          await call(r, { sub: "not-a-subscription", version: "1999-01-01" }),
          400,
          "InvalidSubscriptionId",
          "The provided subscription identifier 'not-a-subscription' is malformed or invalid.",
        );
      }
    });
    await rec.offSpec("unknown api-version", async () => {
      for (const r of ROUTES.filter((x) => x.sub)) {
        expect(
          r,
          await call(r, { sub: UNKNOWN_SUB, version: "1999-01-01" }),
          404,
          "SubscriptionNotFound",
          `The subscription '${UNKNOWN_SUB}' could not be found.`,
        );
      }
    });
  });

  it("InvalidAuthenticationTokenTenant on subscription paths; lists without one answer for the token's own tenant", async () => {
    const other = `Bearer ${await mint.sign(OTHER_TENANT)}`;
    for (const r of ROUTES.filter((x) => x.sub)) {
      const res = await call(r, { auth: other, version: "1999-01-01" });
      expect(
        r,
        res,
        401,
        "InvalidAuthenticationTokenTenant",
        new RegExp(`^The access token is from the wrong issuer 'https://sts\\.windows\\.net/${OTHER_TENANT}/'`),
      );
      assert.match(
        String(res.headers["www-authenticate"]),
        new RegExp(`authorization_uri="https://login\\.windows\\.net/${DEV.tenantId}"`),
      );
    }
    const subs = await call(
      ROUTES.find((x) => x.label === "Subscriptions_List")!,
      { auth: other },
    );
    assert.equal(subs.status, 200, subs.text);
    assert.deepEqual(subs.json.value, []);
  });

  it("an unknown api-version: NoRegisteredProviderFound (Cognitive Services) or InvalidApiVersionParameter (Resources, Authorization)", async () => {
    await rec.offSpec("unknown api-version", async () => {
      for (const r of ROUTES) {
        const got = await call(r, { version: "1999-01-01" });
        if (r.family === "cs") {
          expect(
            r,
            got,
            400,
            "NoRegisteredProviderFound",
            /^No registered resource provider found for location '(westus2|global)' and API version '1999-01-01' for type '[^']+'\. The supported api-versions are '2017-04-18, .*2025-09-01'\. The supported locations are '/,
          );
        } else {
          expect(r, got, 400, "InvalidApiVersionParameter", /^The api-version '1999-01-01' is invalid\. The supported versions are '/);
        }
      }
    });
  });

  it("AuthorizationFailed for a caller with no role, naming the action and scope", async () => {
    const oid = randomUUID();
    const nobody = `Bearer ${await mint.sign(DEV.tenantId, { oid, sub: oid })}`;
    for (const r of ROUTES.filter((x) => x.rbac)) {
      expect(
        r,
        await call(r, { auth: nobody }),
        403,
        "AuthorizationFailed",
        new RegExp(
          `^The client '${DEV.clientId}' with object id '${oid}' does not have authorization to perform action '[^']+' over scope '/subscriptions/${SUB}[^']*'`,
        ),
      );
    }
    // Where no role is needed, the same caller is answered.
    for (const r of ROUTES.filter((x) => !x.rbac)) assert.equal((await call(r, { auth: nobody })).status, 200, r.label);
  });

  it("MissingSubscriptionRegistration for Cognitive Services and Video Indexer writes while the provider is unregistered", async () => {
    const reg = (ns: string, verb: string) =>
      call(res("register", "POST", `/subscriptions/{sub}/providers/${ns}/${verb}`), { version: "2016-02-01" });
    await rec.offSpec("api-version 2016-02-01", async () => {
      assert.equal((await reg("Microsoft.CognitiveServices", "unregister")).status, 200);
      assert.equal((await reg("Microsoft.VideoIndexer", "unregister")).status, 200);
    });
    const put = ROUTES.find((x) => x.label === "Accounts_Create")!;
    const message =
      "The subscription is not registered to use namespace 'Microsoft.CognitiveServices'. See https://aka.ms/rps-not-found for how to register subscriptions.";
    const got = await call(put);
    expect(put, got, 409, "MissingSubscriptionRegistration", message);
    assert.deepEqual(got.json.error.details, [{ code: "MissingSubscriptionRegistration", target: "Microsoft.CognitiveServices", message }]);
    const patch = await call({ ...put, method: "PATCH", body: { tags: {} } });
    expect(put, patch, 409, "MissingSubscriptionRegistration");
    const vi = await rec.offSpec("Video Indexer", () =>
      call(put, {
        path: `/subscriptions/{sub}/resourceGroups/${RG}/providers/Microsoft.VideoIndexer/accounts/vi-chain`,
        version: "2025-04-01",
        body: { location: "westus2" },
      }),
    );
    expect(put, vi, 409, "MissingSubscriptionRegistration");
    // Reads are not refused.
    assert.equal((await call(ROUTES.find((x) => x.label === "Accounts_Get")!)).status, 200);
    await rec.offSpec("api-version 2016-02-01", async () => {
      assert.equal((await reg("Microsoft.CognitiveServices", "register")).status, 200);
      assert.equal((await reg("Microsoft.VideoIndexer", "register")).status, 200);
    });
    assert.equal((await call(put)).status, 200);
  });

  it("ResourceGroupNotFound where a path names a group", async () => {
    for (const r of ROUTES.filter((x) => x.rg)) {
      expect(
        r,
        await call(r, { path: r.path.replace(`/resourceGroups/${RG}`, "/resourceGroups/no-such-group") }),
        404,
        "ResourceGroupNotFound",
        "Resource group 'no-such-group' could not be found.",
      );
    }
  });

  it("name rules: InvalidResourceName, InvalidResourceGroup, InvalidRoleAssignmentId", async () => {
    const put = ROUTES.find((x) => x.label === "Accounts_Create")!;
    await rec.invalid(async () => expect(put, await call(put, { path: put.path.replace(ACCOUNT, "_bad") }), 400, "InvalidResourceName"));
    const rg = ROUTES.find((x) => x.label === "ResourceGroups_CreateOrUpdate")!;
    await rec.offSpec("the spec's pattern allows a trailing period; ARM does not", async () =>
      expect(rg, await call(rg, { path: rg.path.replace(RG, "ends-with-dot.") }), 400, "InvalidResourceGroup"),
    );
    const ra = ROUTES.find((x) => x.label === "RoleAssignments_Create")!;
    expect(ra, await call(ra, { path: ra.path.replace(ASSIGNMENT, "not-a-guid") }), 400, "InvalidRoleAssignmentId");
  });

  it("the resource: ResourceNotFound, InvalidResourceNamespace, RoleAssignmentNotFound, RoleDefinitionDoesNotExist", async () => {
    const get = ROUTES.find((x) => x.label === "Accounts_Get")!;
    expect(get, await call(get, { path: get.path.replace(ACCOUNT, "no-such-face") }), 404, "ResourceNotFound");
    const keys = ROUTES.find((x) => x.label === "Accounts_ListKeys")!;
    expect(keys, await call(keys, { path: keys.path.replace(ACCOUNT, "no-such-face") }), 404, "ResourceNotFound");
    const prov = ROUTES.find((x) => x.label === "Providers_Get")!;
    await rec.offSpec("oav cannot route /providers/{namespace}", async () => {
      expect(
        prov,
        await call(prov, { path: prov.path.replace("Microsoft.CognitiveServices", "Microsoft.Nope") }),
        404,
        "InvalidResourceNamespace",
      );
    });
    const ra = ROUTES.find((x) => x.label === "RoleAssignments_Create")!;
    expect(ra, await call({ ...ra, method: "GET" }, { body: undefined }), 404, "RoleAssignmentNotFound");
    const defs = ROUTES.find((x) => x.label === "RoleDefinitions_List (subscription)")!;
    expect(defs, await call(defs, { path: `${defs.path}/${randomUUID()}` }), 404, "RoleDefinitionDoesNotExist");
  });

  it("the body: InvalidRequestContent for malformed JSON, in each provider's envelope", async () => {
    // oav sees a malformed body as a string: it notices for Cognitive Services (an object is
    // required there), not for the group's PUT, whose exchanges are then left out.
    await rec.invalid(async () => {
      for (const r of ROUTES.filter((x) => x.body !== undefined && x.family === "cs")) {
        expect(
          r,
          await call(r, { rawBody: '{"location": ' }),
          400,
          "InvalidRequestContent",
          /^The request content was invalid and could not be deserialized: '/,
        );
      }
    });
    await rec.offSpec("a malformed body", async () => {
      for (const r of ROUTES.filter((x) => x.body !== undefined)) {
        expect(
          r,
          await call(r, { rawBody: '{"location": ' }),
          400,
          "InvalidRequestContent",
          /^The request content was invalid and could not be deserialized: '/,
        );
        expect(
          r,
          await call(r, { rawBody: "[1,2]" }),
          400,
          "InvalidRequestContent",
          /^The request content was invalid and could not be deserialized: 'Cannot deserialize the current JSON array/,
        );
      }
    });
  });

  it("TenantRequestsThrottled past 1200 writes an hour at the root scope (no subscription), with Retry-After", async () => {
    const oid = randomUUID();
    const bearer = `Bearer ${await mint.sign(DEV.tenantId, { oid, sub: oid })}`;
    const root = authz(
      "RoleAssignments_Create (root)",
      "PUT",
      `/providers/Microsoft.Authorization/roleAssignments/${ASSIGNMENT}`,
      true,
      ASSIGNMENT_BODY,
    );
    await rec.offSpec("throttling run", async () => {
      for (let i = 0; i < 1200; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: 50 }, () =>
            s.call(`${root.path}?api-version=${root.version}`, {
              method: "PUT",
              headers: { authorization: bearer },
              body: ASSIGNMENT_BODY,
            }),
          ),
        );
        for (const b of batch) assert.equal(b.status, 403, b.text);
      }
      const res = await call(root, { auth: bearer });
      expect(
        root,
        res,
        429,
        "TenantRequestsThrottled",
        new RegExp(`^Number of 'write' requests for tenant '${DEV.tenantId}' actor '${oid}' exceeded`),
      );
      assert.ok(Number(res.headers["retry-after"]) > 0);
      assert.equal(res.headers["x-ms-ratelimit-remaining-tenant-writes"], "0");
    });
  });

  it("every error answer whose request the specs describe conforms (oav)", { skip: specsSkip }, async () => {
    const a = await assertConformance(rec, oavCs!, "2025-09-01");
    const b = await assertConformance(rec, oavRes!, "2025-04-01");
    assert.ok(a.checked + b.checked >= 50, `${a.checked} + ${b.checked} checked`);
  });
});

describe("--skip-api-version-check on the Resources, Cognitive Services and Authorization routes", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ inMemory: true, skipApiVersionCheck: true });
  });
  after(async () => s?.close());

  it("serves an unknown api-version with the newest behaviour, the cloud metadata too", async () => {
    const auth = { authorization: `Bearer ${await new TokenMint(s.store).sign(DEV.tenantId)}` };
    const get = (path: string) => s.call(`${path}${path.includes("?") ? "&" : "?"}api-version=2099-01-01`, { headers: auth });
    const face = await get(
      `/subscriptions/${SUB}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEV.faceName}`,
    );
    assert.equal(face.status, 200, face.text);
    assert.deepEqual(face.json.properties.endpoints, { Face: face.json.properties.endpoint }, "the newest shape");
    assert.equal((await get(`/subscriptions/${SUB}/resourcegroups/${DEV.resourceGroup}`)).status, 200);
    assert.equal((await get("/tenants")).json.value[0].tenantType, "AAD", "the newest shape");
    assert.equal((await get(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`)).status, 200);
    const meta = await s.call("/metadata/endpoints?api-version=2099-01-01");
    assert.equal(meta.status, 200, meta.text);
    assert.equal(meta.json.name, "Lazurite");
  });
});
