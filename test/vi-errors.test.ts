import { createRestError, getClient, type PathUncheckedResponse } from "@azure-rest/core-client";
import type { TokenCredential } from "@azure/core-auth";
import { RestError } from "@azure/core-rest-pipeline";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { runLazurite } from "../src/server/cli.js";
import { DEV } from "../src/config/dev-defaults.js";
import type { RunningServer } from "../src/server/start.js";
import { VI_API_VERSIONS, VI_LOCATIONS } from "../src/surfaces/arm/providers/video-indexer/api-versions.js";
import { assertConformance, ExchangeRecorder } from "./helpers/exchanges.js";
import { http } from "./helpers/http.js";
import { videoIndexerValidator, type OavValidator } from "./helpers/oav.js";
import { specsSkip } from "./helpers/shared.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint } from "./helpers/tokens.js";
import {
  accountPath,
  ARM_SCOPE,
  armServiceClient,
  devCredential,
  generateWithServiceClient,
  newApp,
  VI_NEWEST,
  verifyViToken,
  type TokenCallArgs,
} from "./helpers/vi.js";

const OTHER_TENANT = "3b4c5d6e-7f80-4192-a3b4-c5d6e7f80913";
const OTHER_APP = "3b4c5d6e-7f80-4192-a3b4-c5d6e7f80914";
const OTHER_SECRET = "other-tenant-secret-for-vi-tests";
const UNKNOWN_SUB = "00000000-0000-4000-8000-00000000dead";
const EXTENSION_ID =
  "/subscriptions/x/resourceGroups/arc/providers/Microsoft.Kubernetes/ConnectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/vi";
const ALL_VERSIONS = VI_API_VERSIONS.map((p) => p.version).join(", ");

function staticCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
}

describe("Video Indexer on ARM: errors, the order of checks, api-versions", () => {
  let s: TestServer;
  let oav: OavValidator | undefined;
  let mint: TokenMint;
  const rec = new ExchangeRecorder();
  before(async () => {
    [s, oav] = await Promise.all([
      startTestServer({ inMemory: true, armThrottling: true }),
      specsSkip ? undefined : videoIndexerValidator(),
    ]);
    mint = new TokenMint(s.store);
    const t = await s.admin("POST", "/tenants", {
      id: OTHER_TENANT,
      applications: [{ clientId: OTHER_APP, clientSecrets: [OTHER_SECRET] }],
    });
    assert.equal(t.status, 201, t.text);
  });
  after(async () => {
    oav?.close();
    await s?.close();
  });
  beforeEach((t) => {
    rec.label = t.name;
  });

  const client = (credential: TokenCredential = devCredential(s), scopes = [ARM_SCOPE]) =>
    getClient(s.url, credential, {
      credentials: { scopes },
      tlsOptions: { ca: s.certificatePem },
      additionalPolicies: [{ policy: rec.policy(), position: "perRetry" }],
      retryOptions: { maxRetries: 0 },
    });
  const anonymous = () =>
    getClient(s.url, {
      tlsOptions: { ca: s.certificatePem },
      additionalPolicies: [{ policy: rec.policy(), position: "perRetry" }],
      retryOptions: { maxRetries: 0 },
    });
  const token = (
    c = client(),
    body: unknown = { permissionType: "Reader", scope: "Account" },
    path = accountPath(),
    apiVersion: string | null = VI_NEWEST,
  ) =>
    c
      .pathUnchecked(`${path}/generateAccessToken`)
      .post({ ...(apiVersion ? { queryParameters: { "api-version": apiVersion } } : {}), body });

  function expectError(res: PathUncheckedResponse, status: number, code: string, message?: string | RegExp, target?: string): void {
    assert.equal(res.status, String(status), JSON.stringify(res.body));
    const e = createRestError(res);
    assert.equal(e.code, code);
    assert.equal(e.statusCode, status);
    const body = res.body as { error: { message: string; target?: string } };
    if (typeof message === "string") assert.equal(body.error.message, message);
    else if (message) assert.match(body.error.message, message);
    assert.equal(body.error.target, target);
    assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
  }

  describe("each ARM error, as RestError.code from @azure-rest/core-client", () => {
    it("MissingApiVersionParameter, even before authentication", async () => {
      const msg = "The api-version query parameter (?api-version=) is required for all requests.";
      await rec.offSpec("no api-version", async () => {
        expectError(await token(client(), undefined, accountPath(), null), 400, "MissingApiVersionParameter", msg);
        expectError(await anonymous().pathUnchecked(accountPath()).get(), 400, "MissingApiVersionParameter", msg);
        expectError(
          await anonymous().pathUnchecked("/providers/Microsoft.VideoIndexer/operations").get(),
          400,
          "MissingApiVersionParameter",
          msg,
        );
      });
    });

    it("AuthenticationFailed and AuthenticationFailedInvalidHeader, with the subscription's tenant in WWW-Authenticate", async () => {
      const none = await anonymous()
        .pathUnchecked(accountPath())
        .get({ queryParameters: { "api-version": VI_NEWEST } });
      expectError(none, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
      assert.match(
        String(none.headers["www-authenticate"]),
        new RegExp(`^Bearer authorization_uri="https://login.windows.net/${DEV.tenantId}"`),
      );
      const basic = await anonymous()
        .pathUnchecked(accountPath())
        .get({ queryParameters: { "api-version": VI_NEWEST }, headers: { authorization: "Basic dXNlcjpwYXNz" } });
      expectError(
        basic,
        401,
        "AuthenticationFailedInvalidHeader",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      );
    });

    it("InvalidAuthenticationToken, InvalidAuthenticationTokenAudience, ExpiredAuthenticationToken, InvalidAuthenticationTokenTenant", async () => {
      expectError(await token(client(staticCredential("not.a.token"))), 401, "InvalidAuthenticationToken", "The access token is invalid.");
      expectError(
        await token(client(devCredential(s), ["https://cognitiveservices.azure.com/.default"])),
        401,
        "InvalidAuthenticationTokenAudience",
        /^The access token has been obtained for wrong audience or resource 'https:\/\/cognitiveservices\.azure\.com'/,
      );
      const exp = Math.floor(Date.now() / 1000) - 7200;
      expectError(
        await token(client(staticCredential(await mint.sign(DEV.tenantId, { exp, iat: exp - 3600, nbf: exp - 3600 })))),
        401,
        "ExpiredAuthenticationToken",
        /^The access token expiry UTC time '.+' is earlier than current UTC time '.+'\.$/,
      );
      const other = new ClientSecretCredential(OTHER_TENANT, OTHER_APP, OTHER_SECRET, {
        authorityHost: s.url,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: s.certificatePem },
      });
      expectError(
        await token(client(other)),
        401,
        "InvalidAuthenticationTokenTenant",
        new RegExp(`^The access token is from the wrong issuer 'https://sts.windows.net/${OTHER_TENANT}/'`),
      );
    });

    it("InvalidSubscriptionId, SubscriptionNotFound", async () => {
      await rec.invalid(async () =>
        expectError(
          await token(client(), undefined, accountPath(DEV.viAccountName, "not-a-guid")),
          400,
          "InvalidSubscriptionId",
          "The provided subscription identifier 'not-a-guid' is malformed or invalid.",
        ),
      );
      expectError(
        await token(client(), undefined, accountPath(DEV.viAccountName, UNKNOWN_SUB)),
        404,
        "SubscriptionNotFound",
        `The subscription '${UNKNOWN_SUB}' could not be found.`,
      );
    });

    it("NoRegisteredProviderFound with the supported versions and locations", async () => {
      const res = await rec.offSpec("unknown api-version", () => token(client(), undefined, accountPath(), "2099-01-01"));
      expectError(
        res,
        400,
        "NoRegisteredProviderFound",
        `No registered resource provider found for location '${DEV.location}' and API version '2099-01-01' for type 'accounts'. The supported api-versions are '${ALL_VERSIONS}'. The supported locations are '${VI_LOCATIONS.join(", ")}'.`,
      );
    });

    it("AuthorizationFailed, ResourceGroupNotFound, InvalidResourceName, ResourceNotFound", async () => {
      const nobody = await newApp(s);
      expectError(
        await token(client(nobody.credential)),
        403,
        "AuthorizationFailed",
        /does not have authorization to perform action 'Microsoft\.VideoIndexer\/accounts\/generateAccessToken\/action'/,
      );
      expectError(
        await token(client(), undefined, accountPath(DEV.viAccountName, DEV.subscriptionId, "no-such-rg")),
        404,
        "ResourceGroupNotFound",
        "Resource group 'no-such-rg' could not be found.",
      );
      await rec.invalid(async () => {
        expectError(
          await token(client(), undefined, accountPath("ab")),
          400,
          "InvalidResourceName",
          /^The account name 'ab' is invalid\. It must be 3 to 50 characters long/,
          "accountName",
        );
        expectError(
          await token(client(), undefined, accountPath("under_score")),
          400,
          "InvalidResourceName",
          /^The account name 'under_score' is invalid/,
          "accountName",
        );
      });
      expectError(
        await token(client(), undefined, accountPath("No-Such-Account")),
        404,
        "ResourceNotFound",
        `The Resource 'Microsoft.VideoIndexer/accounts/No-Such-Account' under resource group '${DEV.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    });

    it("InvalidRequestContent with a Json.NET message", async () => {
      await rec.invalid(async () => {
        const r = await rec.http(`${s.url}${accountPath()}/generateAccessToken?api-version=${VI_NEWEST}`, {
          method: "POST",
          ca: s.certificatePem,
          headers: {
            authorization: `Bearer ${await mint.sign(DEV.tenantId, { oid: DEV.appObjectId })}`,
            "content-type": "application/json",
          },
          body: '{"permissionType": "Reader", "scope": "Video",',
        });
        assert.equal(r.status, 400);
        assert.deepEqual(r.json, {
          error: {
            code: "InvalidRequestContent",
            message:
              "The request content was invalid and could not be deserialized: 'Unexpected end when deserializing object. Path 'scope', line 1, position 46.'.",
          },
        });
        const arr = await rec.http(`${s.url}${accountPath()}/generateAccessToken?api-version=${VI_NEWEST}`, {
          method: "POST",
          ca: s.certificatePem,
          headers: { authorization: `Bearer ${await mint.sign(DEV.tenantId, { oid: DEV.appObjectId })}` },
          body: "[]",
        });
        assert.equal(arr.json.error.code, "InvalidRequestContent");
        // Through the REST client too (it sends a string body as it is).
        const viaClient = await client()
          .pathUnchecked(`${accountPath()}/generateAccessToken`)
          .post({ queryParameters: { "api-version": VI_NEWEST }, contentType: "application/json", body: '{"scope": Video}' });
        expectError(viaClient, 400, "InvalidRequestContent", /^The request content was invalid and could not be deserialized: '/);
        assert.match(
          arr.json.error.message,
          /^The request content was invalid and could not be deserialized: 'Cannot deserialize the current JSON array \(e\.g\. \[1,2,3\]\) into type 'GenerateAccessTokenParameters'/,
        );
      });
    });

    it("InvalidParameter, with target in the 2025-04-01 envelope", async () => {
      await rec.invalid(async () =>
        expectError(
          await token(client(), { scope: "Account" }),
          400,
          "InvalidParameter",
          "Required parameter 'permissionType' is missing (null).",
          "permissionType",
        ),
      );
    });

    it("LocationRequired, LocationNotAvailableForResourceType, InvalidResourceLocation, Conflict on PUT", async () => {
      const put = (name: string, body: unknown) =>
        client()
          .pathUnchecked(accountPath(name))
          .put({ queryParameters: { "api-version": VI_NEWEST }, body });
      await rec.invalid(async () =>
        expectError(
          await put("no-location", { properties: {} }),
          400,
          "LocationRequired",
          "The location property is required for this definition.",
        ),
      );
      expectError(
        await put("on-mars", { location: "Mars Central" }),
        400,
        "LocationNotAvailableForResourceType",
        `The provided location 'Mars Central' is not available for resource type 'Microsoft.VideoIndexer/accounts'. List of available regions for the resource type is '${VI_LOCATIONS.join(",")}'.`,
      );
      expectError(
        await put(DEV.viAccountName.toUpperCase(), { location: "northeurope" }),
        400,
        "InvalidResourceLocation",
        `The resource '${DEV.viAccountName}' already exists in location '${DEV.location}' in resource group '${DEV.resourceGroup}'. A resource with the same name cannot be created in location 'northeurope'. Please select a new resource name.`,
      );
      expectError(
        await put("steals-an-id", { location: "westus2", properties: { accountId: DEV.viAccountId } }),
        409,
        "Conflict",
        `Account id '${DEV.viAccountId}' is already used by account '${DEV.viAccountName}'.`,
        "properties.accountId",
      );
    });

    it("SubscriptionRequestsThrottled after 1200 writes an hour, with Retry-After", async () => {
      // The budget is per clock hour: 1,201 calls that straddle the top of the hour would be counted
      // in two windows. Near the end of an hour (at most 90 s), wait for the next one to begin.
      const leftInHour = 3_600_000 - (Date.now() % 3_600_000);
      if (leftInHour < 90_000) await new Promise((r) => setTimeout(r, leftInHour + 1_000));
      const oid = randomUUID();
      await s.admin("POST", "/roleAssignments", { principalId: oid, role: "Owner", scope: `/subscriptions/${DEV.subscriptionId}` });
      const bearer = await mint.sign(DEV.tenantId, { oid, sub: oid });
      const path = `/subscriptions/${DEV.subscriptionId}/providers/Microsoft.VideoIndexer/checkNameAvailability?api-version=${VI_NEWEST}`;
      for (let i = 0; i < 1200; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: 50 }, () =>
            s.call(path, {
              method: "POST",
              headers: { authorization: `Bearer ${bearer}` },
              body: { name: "x-y-z", type: "Microsoft.VideoIndexer/accounts" },
            }),
          ),
        );
        for (const r of batch) assert.equal(r.status, 200, r.text);
      }
      const res = await token(client(staticCredential(bearer)));
      expectError(
        res,
        429,
        "SubscriptionRequestsThrottled",
        new RegExp(
          `^Number of 'write' requests for subscription '${DEV.subscriptionId}' actor '${oid}' exceeded\\. Please try again after '\\d+' seconds`,
        ),
      );
      assert.ok(Number(res.headers["retry-after"]) > 0 && Number(res.headers["retry-after"]) <= 3600);
      assert.equal(res.headers["x-ms-ratelimit-remaining-subscription-writes"], "0");
      // Reads have their own budget.
      assert.equal(
        (
          await client(staticCredential(bearer))
            .pathUnchecked(accountPath())
            .get({ queryParameters: { "api-version": VI_NEWEST } })
        ).status,
        "200",
      );
    });
  });

  describe("each error also reaches a generated-style client: ServiceClient.sendOperationRequest throws RestError", () => {
    const expectRest = async (call: Promise<string>, status: number, code: string) => {
      await assert.rejects(call, (e: unknown) => {
        assert.ok(e instanceof RestError, String(e));
        assert.equal(e.code, code);
        assert.equal(e.statusCode, status);
        return true;
      });
    };

    it("authentication, subscription, version, RBAC, group, name, account and body errors", async () => {
      const svc = (credential: TokenCredential = devCredential(s)) => armServiceClient(s, credential, rec);
      const call = (a: Partial<TokenCallArgs>, credential?: TokenCredential) =>
        generateWithServiceClient(svc(credential), s, { parameters: { permissionType: "Reader", scope: "Account" }, ...a });
      await expectRest(call({}, staticCredential("x.y.z")), 401, "InvalidAuthenticationToken");
      await expectRest(call({ subscriptionId: UNKNOWN_SUB }), 404, "SubscriptionNotFound");
      await rec.offSpec("unknown api-version", () => expectRest(call({ apiVersion: "1999-12-31" }), 400, "NoRegisteredProviderFound"));
      await expectRest(call({}, (await newApp(s)).credential), 403, "AuthorizationFailed");
      await expectRest(call({ resourceGroupName: "nope" }), 404, "ResourceGroupNotFound");
      await rec.invalid(() => expectRest(call({ accountName: "a.b" }), 400, "InvalidResourceName"));
      await expectRest(call({ accountName: "missing-account" }), 404, "ResourceNotFound");
      await expectRest(call({ parameters: { permissionType: "Reader", scope: "Video" } }), 400, "InvalidParameter");
      await rec.invalid(() =>
        expectRest(
          call({ operation: "generateExtensionAccessToken", parameters: { permissionType: "Reader", scope: "Account" } }),
          400,
          "InvalidParameter",
        ),
      );
    });
  });

  describe("the checks run in one fixed order: the first problem wins", () => {
    const path = (name: string = DEV.viAccountName, sub: string = DEV.subscriptionId, rg: string = DEV.resourceGroup) =>
      `${accountPath(name, sub, rg)}/generateAccessToken`;
    const raw = (p: string, apiVersion: string | null, authorization: string | undefined, body: string) =>
      rec.http(`${s.url}${p}${apiVersion ? `?api-version=${apiVersion}` : ""}`, {
        method: "POST",
        ca: s.certificatePem,
        headers: { ...(authorization ? { authorization } : {}), "content-type": "application/json" },
        body,
      });

    it("api-version → header → token → subscription id → subscription → tenant → version → RBAC → group → name → account → body", async () => {
      const good = `Bearer ${await mint.sign(DEV.tenantId, { oid: DEV.appObjectId })}`;
      const nobody = `Bearer ${await mint.sign(DEV.tenantId, { oid: randomUUID() })}`;
      const otherTenant = `Bearer ${await mint.sign(OTHER_TENANT)}`;
      const bad = "{not json";
      const steps: [string, Promise<{ status: number; json: any }>, string][] = [
        ["missing api-version beats a missing header", raw(path(), null, undefined, bad), "MissingApiVersionParameter"],
        [
          "missing header beats a malformed subscription id",
          raw(path(DEV.viAccountName, "nope"), "2099-01-01", undefined, bad),
          "AuthenticationFailed",
        ],
        [
          "bad token beats an unknown subscription",
          raw(path(DEV.viAccountName, UNKNOWN_SUB), "2099-01-01", "Bearer a.b.c", bad),
          "InvalidAuthenticationToken",
        ],
        [
          "malformed subscription id beats an unknown version",
          raw(path(DEV.viAccountName, "nope"), "2099-01-01", good, bad),
          "InvalidSubscriptionId",
        ],
        [
          "unknown subscription beats an unknown version",
          raw(path(DEV.viAccountName, UNKNOWN_SUB), "2099-01-01", good, bad),
          "SubscriptionNotFound",
        ],
        ["wrong tenant beats an unknown version", raw(path(), "2099-01-01", otherTenant, bad), "InvalidAuthenticationTokenTenant"],
        ["unknown version beats RBAC", raw(path(), "2099-01-01", nobody, bad), "NoRegisteredProviderFound"],
        [
          "RBAC beats an unknown group",
          raw(path(DEV.viAccountName, DEV.subscriptionId, "nope"), VI_NEWEST, nobody, bad),
          "AuthorizationFailed",
        ],
        [
          "unknown group beats a bad account name",
          raw(path("x", DEV.subscriptionId, "nope"), VI_NEWEST, good, bad),
          "ResourceGroupNotFound",
        ],
        ["bad account name beats a missing account", raw(path("x"), VI_NEWEST, good, bad), "InvalidResourceName"],
        ["missing account beats a bad body", raw(path("absent-account"), VI_NEWEST, good, bad), "ResourceNotFound"],
        ["then the body", raw(path(), VI_NEWEST, good, bad), "InvalidRequestContent"],
      ];
      await rec.offSpec("deliberately wrong in several ways", async () => {
        for (const [what, p, code] of steps) assert.equal((await p).json?.error?.code, code, what);
      });
    });
  });

  describe("request validation (Lazurite's codes and messages, docs/video-indexer.md#request-validation)", () => {
    // [what, operation, body, message, target, does the body also break the spec's schema?]
    const cases: [string, string, Record<string, unknown> | undefined, string, string, boolean][] = [
      ["no body", "generateAccessToken", undefined, "Required parameter 'permissionType' is missing (null).", "permissionType", false],
      [
        "unknown permission",
        "generateAccessToken",
        { permissionType: "Owner", scope: "Account" },
        "The value 'Owner' is not valid for parameter 'permissionType'. Allowed values are: 'Contributor', 'Reader'.",
        "permissionType",
        false,
      ],
      [
        "missing scope",
        "generateAccessToken",
        { permissionType: "Reader" },
        "Required parameter 'scope' is missing (null).",
        "scope",
        true,
      ],
      [
        "unknown scope",
        "generateAccessToken",
        { permissionType: "Reader", scope: "Tenant" },
        "The value 'Tenant' is not valid for parameter 'scope'. Allowed values are: 'Video', 'Account', 'Project'.",
        "scope",
        false,
      ],
      [
        "Video without videoId",
        "generateAccessToken",
        { permissionType: "Reader", scope: "Video" },
        "Parameter 'videoId' is required when 'scope' is 'Video'.",
        "videoId",
        false,
      ],
      [
        "Video with projectId",
        "generateAccessToken",
        { permissionType: "Reader", scope: "Video", videoId: "v", projectId: "p" },
        "Parameter 'projectId' is not allowed when 'scope' is 'Video'.",
        "projectId",
        false,
      ],
      [
        "Project without projectId",
        "generateRestrictedViewerAccessToken",
        { scope: "Project" },
        "Parameter 'projectId' is required when 'scope' is 'Project'.",
        "projectId",
        false,
      ],
      [
        "Project with videoId",
        "generateRestrictedViewerAccessToken",
        { scope: "Project", projectId: "p", videoId: "v" },
        "Parameter 'videoId' is not allowed when 'scope' is 'Project'.",
        "videoId",
        false,
      ],
      [
        "Account with videoId",
        "generateAccessToken",
        { permissionType: "Contributor", scope: "Account", videoId: "v" },
        "Parameter 'videoId' is not allowed when 'scope' is 'Account'.",
        "videoId",
        false,
      ],
      [
        "videoId not a string",
        "generateAccessToken",
        { permissionType: "Reader", scope: "Video", videoId: 5 },
        "The value '5' is not valid for parameter 'videoId'. It must be a string.",
        "videoId",
        true,
      ],
      [
        "extension without extensionId",
        "generateExtensionAccessToken",
        { permissionType: "Reader", scope: "Account" },
        "Required parameter 'extensionId' is missing (null).",
        "extensionId",
        true,
      ],
      [
        "lifetime above 43200",
        "generateExtensionAccessToken",
        { permissionType: "Reader", scope: "Video", videoId: "v", extensionId: EXTENSION_ID, tokenLifetimeInSeconds: 43201 },
        "The value '43201' is not valid for parameter 'tokenLifetimeInSeconds'. It must be an integer from 1 to 43200.",
        "tokenLifetimeInSeconds",
        false,
      ],
      [
        "lifetime zero",
        "generateExtensionRestrictedViewerAccessToken",
        { scope: "Video", videoId: "v", extensionId: EXTENSION_ID, tokenLifetimeInSeconds: 0 },
        "The value '0' is not valid for parameter 'tokenLifetimeInSeconds'. It must be an integer from 1 to 43200.",
        "tokenLifetimeInSeconds",
        false,
      ],
      [
        "lifetime fractional",
        "generateExtensionAccessToken",
        { permissionType: "Reader", scope: "Video", videoId: "v", extensionId: EXTENSION_ID, tokenLifetimeInSeconds: 1.5 },
        "The value '1.5' is not valid for parameter 'tokenLifetimeInSeconds'. It must be an integer from 1 to 43200.",
        "tokenLifetimeInSeconds",
        true,
      ],
      [
        "lifetime outside Video scope",
        "generateExtensionAccessToken",
        { permissionType: "Reader", scope: "Account", extensionId: EXTENSION_ID, tokenLifetimeInSeconds: 600 },
        "Parameter 'tokenLifetimeInSeconds' can be set only for tokens in 'Video' scope.",
        "tokenLifetimeInSeconds",
        false,
      ],
    ];
    for (const [what, op, body, message, target, schemaInvalid] of cases) {
      it(what, async () => {
        const send = () =>
          client()
            .pathUnchecked(`${accountPath()}/${op}`)
            .post({ queryParameters: { "api-version": VI_NEWEST }, ...(body ? { body } : {}) });
        const res = schemaInvalid ? await rec.invalid(send) : await send();
        expectError(res, 400, "InvalidParameter", message, target);
      });
    }

    it("enum values are read ignoring case; unknown members are ignored (Json.NET)", async () => {
      const res = await rec.invalid(() => token(client(), { permissionType: "contributor", scope: "video", videoId: "v1", color: "blue" }));
      assert.equal(res.status, "200", JSON.stringify(res.body));
      const { payload } = await verifyViToken(s, res.body.accessToken);
      assert.equal(payload.Permission, "Contributor");
      assert.equal(payload.Scope, "Video");
    });

    it("PUT and PATCH bodies", async () => {
      const put = (body: unknown, name = "validation-account") =>
        client()
          .pathUnchecked(accountPath(name))
          .put({ queryParameters: { "api-version": VI_NEWEST }, body });
      // Extensible enums (modelAsString) and an unformatted accountId pass the schema; the rules are the RP's.
      expectError(
        await put({ location: "westus2", identity: { type: "Magic" } }),
        400,
        "InvalidParameter",
        "The value 'Magic' is not valid for parameter 'identity.type'. Allowed values are: 'None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned'.",
        "identity.type",
      );
      expectError(
        await put({ location: "westus2", properties: { accountId: "nope" } }),
        400,
        "InvalidParameter",
        "The value 'nope' is not valid for parameter 'properties.accountId'. It must be a GUID.",
        "properties.accountId",
      );
      expectError(
        await put({ location: "westus2", properties: { publicNetworkAccess: "Sometimes" } }),
        400,
        "InvalidParameter",
        "The value 'Sometimes' is not valid for parameter 'properties.publicNetworkAccess'. Allowed values are: 'Enabled', 'Disabled'.",
        "properties.publicNetworkAccess",
      );
      await rec.invalid(async () =>
        expectError(
          await put({ location: "westus2", tags: { a: 1 } }),
          400,
          "InvalidParameter",
          "The value of parameter 'tags' is not valid. It must be an object whose values are strings.",
          "tags",
        ),
      );
      expectError(
        await put({ location: "westus2", identity: { type: "UserAssigned" } }),
        400,
        "InvalidParameter",
        "Parameter 'identity.userAssignedIdentities' is required when 'identity.type' is 'UserAssigned'.",
        "identity.userAssignedIdentities",
      );
      expectError(
        await put({ location: "westus2", properties: { accountId: randomUUID() } }, DEV.viAccountName),
        400,
        "InvalidParameter",
        `The property 'properties.accountId' cannot be changed (it is '${DEV.viAccountId}').`,
        "properties.accountId",
      );
      const patched = await client()
        .pathUnchecked(accountPath())
        .patch({ queryParameters: { "api-version": VI_NEWEST }, body: { identity: { type: "SystemAssigned" } } });
      assert.equal(patched.status, "200");
      assert.equal(patched.body.identity.tenantId, DEV.tenantId);
      await rec.invalid(async () => {
        const bad = await client()
          .pathUnchecked(accountPath())
          .patch({ queryParameters: { "api-version": VI_NEWEST }, body: { properties: "x" } });
        expectError(
          bad,
          400,
          "InvalidParameter",
          "The value 'x' is not valid for parameter 'properties'. It must be an object.",
          "properties",
        );
      });
    });

    it("checkNameAvailability bodies", async () => {
      const check = (body: unknown) =>
        client()
          .pathUnchecked(`/subscriptions/${DEV.subscriptionId}/providers/Microsoft.VideoIndexer/checkNameAvailability`)
          .post({ queryParameters: { "api-version": VI_NEWEST }, body });
      await rec.invalid(async () => {
        expectError(
          await check({ type: "Microsoft.VideoIndexer/accounts" }),
          400,
          "InvalidParameter",
          "Required parameter 'name' is missing (null).",
          "name",
        );
        expectError(await check({ name: "abc" }), 400, "InvalidParameter", "Required parameter 'type' is missing (null).", "type");
      });
      expectError(
        await check({ name: "abc", type: "Microsoft.Storage/storageAccounts" }),
        400,
        "InvalidParameter",
        "The value 'Microsoft.Storage/storageAccounts' is not valid for parameter 'type'. Allowed values are: 'Microsoft.VideoIndexer/accounts'.",
        "type",
      );
    });
  });

  describe("api-versions (docs/video-indexer.md#api-versions)", () => {
    for (const p of VI_API_VERSIONS) {
      it(`${p.version} serves generateAccessToken and reads the account`, async () => {
        const run = async () => {
          const res = await token(client(), { permissionType: "Contributor", scope: "Project", projectId: "p1" }, accountPath(), p.version);
          assert.equal(res.status, "200", JSON.stringify(res.body));
          const got = await client()
            .pathUnchecked(accountPath())
            .get({ queryParameters: { "api-version": p.version } });
          assert.equal(got.status, "200");
          const props = got.body.properties;
          assert.equal("totalMinutesIndexed" in props, p.openAi);
        };
        await (p.version === VI_NEWEST ? run() : rec.offSpec(`api-version ${p.version}`, run));
      });
    }

    it("the version is matched ignoring case", async () => {
      const res = await rec.offSpec("api-version in upper case", () => token(client(), undefined, accountPath(), "2021-10-18-PREVIEW"));
      assert.equal(res.status, "200");
    });

    it("operations a version lacks: NoRegisteredProviderFound with the versions that have them", async () => {
      await rec.offSpec("older api-versions", async () => {
        const rv = await client()
          .pathUnchecked(`${accountPath()}/generateRestrictedViewerAccessToken`)
          .post({ queryParameters: { "api-version": "2022-08-01" }, body: { scope: "Account" } });
        expectError(
          rv,
          400,
          "NoRegisteredProviderFound",
          /for type 'accounts\/generateRestrictedViewerAccessToken'\. The supported api-versions are '2022-07-20-preview, 2024-01-01, 2024-04-01-preview, 2024-06-01-preview, 2024-09-23-preview, 2025-01-01, 2025-03-01, 2025-04-01'\./,
        );
        assert.equal(
          (
            await client()
              .pathUnchecked(`${accountPath()}/generateRestrictedViewerAccessToken`)
              .post({ queryParameters: { "api-version": "2024-01-01" }, body: { scope: "Account" } })
          ).status,
          "200",
        );
        const ext = await client()
          .pathUnchecked(`${accountPath()}/generateExtensionAccessToken`)
          .post({
            queryParameters: { "api-version": "2025-01-01" },
            body: { permissionType: "Reader", scope: "Account", extensionId: EXTENSION_ID },
          });
        expectError(
          ext,
          400,
          "NoRegisteredProviderFound",
          /for type 'accounts\/generateExtensionAccessToken'\. The supported api-versions are '2025-03-01, 2025-04-01'\./,
        );
        const pe = await client()
          .pathUnchecked(`${accountPath()}/privateEndpointConnections`)
          .get({ queryParameters: { "api-version": "2025-03-01" } });
        expectError(
          pe,
          400,
          "NoRegisteredProviderFound",
          /for type 'accounts\/privateEndpointConnections'\. The supported api-versions are '2024-06-01-preview, 2025-04-01'\./,
        );
        assert.equal(
          (
            await client()
              .pathUnchecked(`${accountPath()}/privateLinkResources`)
              .get({ queryParameters: { "api-version": "2024-06-01-preview" } })
          ).status,
          "200",
        );
      });
    });

    it("extension scopes: 2025-03-01 has Video and Account only; errors there have no target (local error schema)", async () => {
      await rec.offSpec("api-version 2025-03-01", async () => {
        const project = await client()
          .pathUnchecked(`${accountPath()}/generateExtensionAccessToken`)
          .post({
            queryParameters: { "api-version": "2025-03-01" },
            body: { permissionType: "Reader", scope: "Project", extensionId: EXTENSION_ID },
          });
        expectError(
          project,
          400,
          "InvalidParameter",
          "The value 'Project' is not valid for parameter 'scope'. Allowed values are: 'Video', 'Account'.",
          undefined,
        );
      });
      const newest = await client()
        .pathUnchecked(`${accountPath()}/generateExtensionAccessToken`)
        .post({
          queryParameters: { "api-version": VI_NEWEST },
          body: { permissionType: "Reader", scope: "Project", extensionId: EXTENSION_ID },
        });
      assert.equal(newest.status, "200");
    });

    it("account names: the 2021 previews' pattern is lower-case, unanchored and has no minimum length", async () => {
      await rec.offSpec("api-version 2021-10-18-preview", async () => {
        const legacy = (name: string) => token(client(), undefined, accountPath(name), "2021-10-18-preview");
        expectError(
          await legacy("Upper-Case"),
          400,
          "InvalidResourceName",
          /^The account name 'Upper-Case' is invalid\. It must be at most 50 characters long and start with lower-case letters or digits/,
        );
        expectError(await legacy("ab"), 404, "ResourceNotFound"); // no minLength there
        expectError(await legacy("ok_then"), 404, "ResourceNotFound"); // only the start is checked
        expectError(await legacy("a".repeat(51)), 400, "InvalidResourceName");
      });
    });

    it("mediaServices up to 2022-08-01, storageServices from 2024-01-01", async () => {
      const media = { resourceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Media/mediaservices/ms" };
      await rec.offSpec("api-version 2022-08-01", async () => {
        const put = await client()
          .pathUnchecked(accountPath("media-account"))
          .put({ queryParameters: { "api-version": "2022-08-01" }, body: { location: "westus2", properties: { mediaServices: media } } });
        assert.equal(put.status, "201", JSON.stringify(put.body));
        assert.deepEqual(put.body.properties.mediaServices, media);
      });
      const now = await client()
        .pathUnchecked(accountPath("media-account"))
        .get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(now.body.properties.mediaServices, undefined);
      assert.equal(now.body.properties.storageServices, undefined);
    });

    it("--skip-api-version-check serves unknown versions as the newest (and the CLI flag and env twin set it)", async () => {
      const started: RunningServer[] = [];
      const out: string[] = [];
      const start = (args: string[]) =>
        runLazurite(["start", "--port", "0", "--in-memory", "--log-level", "silent", ...args], {
          out: (l) => out.push(l),
          err: (l) => out.push(l),
          onStarted: (srv) => started.push(srv),
        });
      try {
        assert.equal(await start(["--skip-api-version-check"]), 0, out.join("\n"));
        process.env.LAZURITE_SKIP_API_VERSION_CHECK = "true";
        try {
          assert.equal(await start([]), 0, out.join("\n"));
        } finally {
          delete process.env.LAZURITE_SKIP_API_VERSION_CHECK;
        }
        assert.equal(await start([]), 0, out.join("\n"));
        const results = [];
        for (const srv of started) {
          const bearer = `Bearer ${await new TokenMint(srv.store).sign(DEV.tenantId, { oid: DEV.appObjectId })}`;
          const r = await http(`${srv.url}${accountPath()}/generateExtensionAccessToken?api-version=2099-09-09`, {
            method: "POST",
            ca: srv.certificatePem,
            headers: { authorization: bearer },
            body: { permissionType: "Reader", scope: "Project", extensionId: EXTENSION_ID },
          });
          results.push(r.status);
          if (r.status === 200) {
            const missing = await http(`${srv.url}${accountPath()}/generateAccessToken?api-version=2099-09-09`, {
              method: "POST",
              ca: srv.certificatePem,
              headers: { authorization: bearer },
              body: {},
            });
            assert.equal(missing.json.error.target, "permissionType", "newest behaviour: the v5 envelope with target");
            const older = await http(`${srv.url}${accountPath()}/generateExtensionAccessToken?api-version=2025-01-01`, {
              method: "POST",
              ca: srv.certificatePem,
              headers: { authorization: bearer },
              body: {},
            });
            assert.equal(older.json.error.code, "NoRegisteredProviderFound", "a known version keeps its own operations");
          }
        }
        assert.deepEqual(results, [200, 200, 400]);
      } finally {
        for (const srv of started) await srv.close();
      }
    });
  });

  it("every exchange above conforms to the 2025-04-01 spec (oav)", { skip: specsSkip }, async () => {
    const { checked } = await assertConformance(rec, oav!, VI_NEWEST);
    assert.ok(checked >= 40, `only ${checked} exchanges checked`);
  });
});
