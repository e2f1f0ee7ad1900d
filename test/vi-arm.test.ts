import { createRestError } from "@azure-rest/core-client";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { assertConformance, ExchangeRecorder } from "./helpers/exchanges.js";
import { SHARED_SPECS, videoIndexerValidator, type OavValidator } from "./helpers/oav.js";
import { specsSkip } from "./helpers/shared.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import {
  accountPath,
  accountsPath,
  armRestClient,
  armServiceClient,
  assertSameShape,
  devCredential,
  generateWithServiceClient,
  newApp,
  VI_NEWEST,
  verifyViToken,
} from "./helpers/vi.js";

const VIDIR = join(SHARED_SPECS, "vi/resource-manager/Microsoft.VideoIndexer/VideoIndexer/stable");

interface Example {
  file: string;
  parameters: Record<string, any>;
  responses: Record<string, { body?: unknown }>;
}

function examples(): Example[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith(".json") ? [join(d, n)] : []));
  return walk(VIDIR)
    .filter((f) => f.includes("/examples/"))
    .sort()
    .map((f) => ({ file: relative(VIDIR, f), ...JSON.parse(readFileSync(f, "utf8")) }));
}

describe("Video Indexer on ARM through real SDK pipelines", () => {
  let s: TestServer;
  let oav: OavValidator | undefined;
  const rec = new ExchangeRecorder();
  before(async () => {
    [s, oav] = await Promise.all([startTestServer({ inMemory: true }), specsSkip ? undefined : videoIndexerValidator()]);
  });
  after(async () => {
    oav?.close();
    await s?.close();
  });
  beforeEach((t) => {
    rec.label = t.name;
  });

  const rest = () => armRestClient(s, devCredential(s), rec);

  describe("every example of the spec", { skip: specsSkip }, () => {
    const all = specsSkip ? [] : examples();
    const exampleSubscriptions = [...new Set(all.map((e) => e.parameters.subscriptionId as string))];

    before(async () => {
      // The examples' subscriptions, in the dev tenant, with the dev application as Owner.
      for (const id of exampleSubscriptions) {
        assert.equal((await s.admin("PUT", `/subscriptions/${id}`, { tenantId: DEV.tenantId })).status, 201);
        assert.equal(
          (await s.admin("POST", "/roleAssignments", { principalId: DEV.appObjectId, role: "Owner", scope: `/subscriptions/${id}` }))
            .status,
          201,
        );
      }
      const groups = new Set(
        all.filter((e) => e.parameters.resourceGroupName).map((e) => `${e.parameters.subscriptionId}|${e.parameters.resourceGroupName}`),
      );
      for (const g of groups) {
        const [sub, rg] = g.split("|");
        assert.equal((await s.admin("PUT", `/subscriptions/${sub}/resourceGroups/${rg}`, { location: "northeurope" })).status, 201);
      }
      // Token examples need their account; the name-availability example needs "vi1" taken.
      for (const e of all.filter((x) => x.file.includes("ViGenerate"))) {
        const { subscriptionId, resourceGroupName, accountName } = e.parameters;
        await s.admin("PUT", `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/videoIndexerAccounts/${accountName}`, {
          location: "northeurope",
        });
      }
      const [sub, rg] = [...groups][0]!.split("|");
      assert.equal(
        (await s.admin("PUT", `/subscriptions/${sub}/resourceGroups/${rg}/videoIndexerAccounts/vi1`, { location: "northeurope" })).status,
        201,
      );
    });

    it("covers the example files the shared specs hold", () => {
      assert.ok(all.length >= 13, `${all.length} examples`);
    });

    for (const e of all) {
      it(e.file, async () => {
        const p = e.parameters;
        const client = rest();
        const api = { "api-version": p["api-version"] };
        const tokenOp = /examples\/(ViGenerate\w+?)\//.exec(e.file)?.[1];
        if (tokenOp) {
          const op = {
            ViGenerateAccessToken: "generateAccessToken",
            ViGenerateRestrictedViewerAccessToken: "generateRestrictedViewerAccessToken",
            ViGenerateExtensionAccessToken: "generateExtensionAccessToken",
            ViGenerateExtensionRestrictedViewerAccessToken: "generateExtensionRestrictedViewerAccessToken",
          }[tokenOp]!;
          const res = await client
            .pathUnchecked(`${accountPath(p.accountName, p.subscriptionId, p.resourceGroupName)}/${op}`)
            .post({ queryParameters: api, body: p.parameters });
          assert.equal(res.status, "200", JSON.stringify(res.body));
          assertSameShape(res.body, e.responses["200"]!.body);
          const { payload } = await verifyViToken(s, (res.body as { accessToken: string }).accessToken);
          assert.equal(payload.Scope, p.parameters.scope);
          assert.equal(payload.Permission, p.parameters.permissionType ?? "RestrictedViewer");
          if (p.parameters.videoId) assert.equal(payload.VideoId, p.parameters.videoId);
          if (p.parameters.projectId) assert.equal(payload.ProjectId, p.parameters.projectId);
          if (p.parameters.tokenLifetimeInSeconds) assert.equal(payload.exp! - payload.iat!, p.parameters.tokenLifetimeInSeconds);
        } else if (e.file.includes("ViAccountPut/")) {
          const path = accountPath(p.accountName, p.subscriptionId, p.resourceGroupName);
          await client.pathUnchecked(path).delete({ queryParameters: api });
          const created = await client.pathUnchecked(path).put({ queryParameters: api, body: p.parameters });
          assert.equal(created.status, "201", JSON.stringify(created.body));
          assertSameShape(created.body, e.responses["201"]!.body);
          const updated = await client.pathUnchecked(path).put({ queryParameters: api, body: p.parameters });
          assert.equal(updated.status, "200", JSON.stringify(updated.body));
          assertSameShape(updated.body, e.responses["200"]!.body);
          const body = updated.body;
          const expected = e.responses["200"]!.body as any;
          assert.equal(body.name, p.accountName);
          assert.equal(body.location, expected.location);
          assert.deepEqual(body.properties.storageServices, expected.properties.storageServices);
          if (p.parameters.properties.accountId) assert.equal(body.properties.accountId, p.parameters.properties.accountId);
          assert.deepEqual(
            Object.keys(body.identity.userAssignedIdentities ?? {}),
            Object.keys(expected.identity.userAssignedIdentities ?? {}),
          );
        } else if (e.file.endsWith("ViAccountGet.json")) {
          // The example's own response is inconsistent (docs/video-indexer.md#spec-examples-used-as-fixtures); create what it shows, then read it back.
          const expected = e.responses["200"]!.body as any;
          const path = accountPath(p.accountName, p.subscriptionId, p.resourceGroupName);
          const put = await client.pathUnchecked(path).put({
            queryParameters: api,
            body: {
              location: expected.location,
              identity: {
                type: "UserAssigned",
                userAssignedIdentities: Object.fromEntries(Object.keys(expected.identity.userAssignedIdentities).map((k) => [k, {}])),
              },
              properties: {
                accountId: expected.properties.accountId,
                storageServices: expected.properties.storageServices,
                openAiServices: expected.properties.openAiServices,
              },
            },
          });
          assert.equal(put.status, "201", JSON.stringify(put.body));
          const got = await client.pathUnchecked(path).get({ queryParameters: api });
          assert.equal(got.status, "200");
          assertSameShape(got.body, expected);
          assert.deepEqual(got.body.properties.openAiServices, expected.properties.openAiServices);
          // Its data-plane account id is the one the connect-classic example uses: account ids are unique, so free it.
          assert.equal((await client.pathUnchecked(path).delete({ queryParameters: api })).status, "200");
        } else if (e.file.includes("CheckNameAvailability")) {
          const res = await client
            .pathUnchecked(`/subscriptions/${p.subscriptionId}/providers/Microsoft.VideoIndexer/checkNameAvailability`)
            .post({ queryParameters: api, body: p.checkNameAvailabilityParameters });
          assert.equal(res.status, "200");
          assert.deepEqual(res.body, e.responses["200"]!.body);
        } else {
          assert.fail(`no driver for example ${e.file}`);
        }
      });
    }
  });

  describe("account lifecycle", () => {
    const name = "Lifecycle-Account";

    it("PUT creates (201) then updates (200); the account is an ordinary entity the admin API lists", async () => {
      const client = rest();
      const body = {
        location: "westus2",
        tags: { env: "test" },
        properties: { storageServices: { resourceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z" } },
      };
      const created = await client.pathUnchecked(accountPath(name)).put({ queryParameters: { "api-version": VI_NEWEST }, body });
      assert.equal(created.status, "201");
      const a = created.body;
      assert.equal(a.id, `${accountsPath()}/${name}`);
      assert.equal(a.type, "Microsoft.VideoIndexer/accounts");
      assert.equal(a.properties.tenantId, DEV.tenantId);
      assert.equal(a.properties.accountName, name);
      assert.match(a.properties.accountId, /^[0-9a-f-]{36}$/);
      assert.equal(a.properties.provisioningState, "Succeeded");
      assert.equal(a.systemData.createdBy, DEV.clientId);
      assert.equal(a.systemData.createdByType, "Application");
      assert.deepEqual(a.tags, { env: "test" });
      const again = await client
        .pathUnchecked(accountPath(name.toLowerCase()))
        .put({ queryParameters: { "api-version": VI_NEWEST }, body: { ...body, tags: {} } });
      assert.equal(again.status, "200");
      assert.equal(again.body.name, name, "the casing used at creation is kept");
      assert.equal(again.body.properties.accountId, a.properties.accountId);
      assert.equal(again.body.systemData.createdAt, a.systemData.createdAt);
      const admin = await s.admin(
        "GET",
        `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/videoIndexerAccounts/${name}`,
      );
      assert.equal(admin.status, 200);
      assert.equal(admin.json.accountId, a.properties.accountId);
    });

    it("GET, PATCH and both lists find it under any casing of group and name", async () => {
      const client = rest();
      const got = await client
        .pathUnchecked(accountPath(name.toUpperCase(), DEV.subscriptionId, DEV.resourceGroup.toUpperCase()))
        .get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(got.status, "200");
      assert.equal(got.body.id, `${accountsPath()}/${name}`);
      // Enum values are read ignoring case, as Json.NET does ("disabled" is off-spec casing, hence `invalid`).
      const patched = await rec.invalid(() =>
        client.pathUnchecked(accountPath(name)).patch({
          queryParameters: { "api-version": VI_NEWEST },
          body: {
            tags: { stage: "patched" },
            properties: {
              publicNetworkAccess: "disabled",
              storageServices: {
                userAssignedIdentity: "/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi",
              },
            },
          },
        }),
      );
      assert.equal(patched.status, "200", JSON.stringify(patched.body));
      const p = patched.body;
      assert.deepEqual(p.tags, { stage: "patched" });
      assert.equal(p.properties.publicNetworkAccess, "Disabled");
      assert.equal(
        p.properties.storageServices.resourceId,
        "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z",
      );
      assert.ok(p.properties.storageServices.userAssignedIdentity);
      const byGroup = await client.pathUnchecked(accountsPath()).get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(byGroup.status, "200");
      assert.ok(byGroup.body.value.some((x: any) => x.name === name));
      assert.ok(byGroup.body.value.some((x: any) => x.name === DEV.viAccountName));
      const bySub = await client
        .pathUnchecked(`/subscriptions/${DEV.subscriptionId}/providers/Microsoft.VideoIndexer/accounts`)
        .get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(bySub.status, "200");
      assert.ok(bySub.body.value.some((x: any) => x.name === name));
    });

    it("checkNameAvailability: taken, free, and invalid names", async () => {
      const client = rest();
      const check = async (n: string) =>
        (
          await client
            .pathUnchecked(`/subscriptions/${DEV.subscriptionId}/providers/Microsoft.VideoIndexer/checkNameAvailability`)
            .post({ queryParameters: { "api-version": VI_NEWEST }, body: { name: n, type: "Microsoft.VideoIndexer/accounts" } })
        ).body;
      assert.deepEqual(await check(name.toLowerCase()), {
        nameAvailable: false,
        reason: "AlreadyExists",
        message: "Resource name already exists",
      });
      assert.deepEqual(await check("free-name-42"), { nameAvailable: true });
      const invalid = await check("no_underscores");
      assert.equal(invalid.nameAvailable, false);
      assert.equal(invalid.reason, "Invalid");
    });

    it("private endpoint connections and private link resources: empty lists, 404 for a named one, 204 to delete one", async () => {
      const client = rest();
      const q = { queryParameters: { "api-version": VI_NEWEST } };
      const pec = await client.pathUnchecked(`${accountPath(name)}/privateEndpointConnections`).get(q);
      assert.equal(pec.status, "200");
      assert.deepEqual(pec.body, { value: [] });
      const plr = await client.pathUnchecked(`${accountPath(name)}/privateLinkResources`).get(q);
      assert.deepEqual(plr.body, { value: [] });
      const one = await client.pathUnchecked(`${accountPath(name)}/privateEndpointConnections/pe1`).get(q);
      assert.equal(one.status, "404");
      assert.equal(createRestError(one).code, "ResourceNotFound");
      assert.equal(
        one.body.error.message,
        `The Resource 'Microsoft.VideoIndexer/accounts/${name}/privateEndpointConnections/pe1' under resource group '${DEV.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
      const put = await client
        .pathUnchecked(`${accountPath(name)}/privateEndpointConnections/pe1`)
        .put({ ...q, body: { properties: { privateLinkServiceConnectionState: { status: "Approved" } } } });
      assert.equal(put.status, "404");
      const del = await client.pathUnchecked(`${accountPath(name)}/privateEndpointConnections/pe1`).delete(q);
      assert.equal(del.status, "204");
      const group = await client.pathUnchecked(`${accountPath(name)}/privateLinkResources/account`).get(q);
      assert.equal(group.status, "404");
      assert.equal(createRestError(group).code, "ResourceNotFound");
    });

    it("DELETE answers 200, then 204 once the account is gone; the admin API no longer has it", async () => {
      const client = rest();
      const first = await client.pathUnchecked(accountPath(name)).delete({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(first.status, "200");
      const second = await client.pathUnchecked(accountPath(name)).delete({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(second.status, "204");
      assert.equal(
        (await s.admin("GET", `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/videoIndexerAccounts/${name}`))
          .status,
        404,
      );
      const gone = await client.pathUnchecked(accountPath(name)).get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(createRestError(gone).code, "ResourceNotFound");
    });
  });

  describe("Operations_List", () => {
    it("lists the provider's RBAC operations, per version", async () => {
      const newest = await rest()
        .pathUnchecked("/providers/Microsoft.VideoIndexer/operations")
        .get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(newest.status, "200");
      const names = newest.body.value.map((o: any) => o.name);
      for (const n of [
        "accounts/read",
        "accounts/write",
        "accounts/delete",
        "accounts/generateAccessToken/action",
        "accounts/generateRestrictedViewerAccessToken/action",
        "accounts/generateExtensionAccessToken/action",
        "accounts/privateEndpointConnections/read",
      ]) {
        assert.ok(names.includes(`Microsoft.VideoIndexer/${n}`), n);
      }
      assert.equal(newest.body.value[0].display.provider, "Microsoft Azure Video Indexer");
      assert.ok(newest.headers["x-ms-ratelimit-remaining-tenant-reads"]);
      const old = await rec.offSpec("api-version 2021-10-18-preview", () =>
        rest()
          .pathUnchecked("/providers/Microsoft.VideoIndexer/operations")
          .get({ queryParameters: { "api-version": "2021-10-18-preview" } }),
      );
      const oldNames = old.body.value.map((o: any) => o.name);
      assert.ok(!oldNames.some((n: string) => n.includes("RestrictedViewer") || n.includes("Extension") || n.includes("private")));
      assert.equal(old.body.value[0].display.provider, "Microsoft Azure Video Analyzer for Media");
    });
  });

  describe("ARM manners", () => {
    it("request ids, correlation, routing id, no-cache, JSON content type and rate-limit counters that count down", async () => {
      const client = rest();
      const q = { queryParameters: { "api-version": VI_NEWEST }, headers: { "x-ms-correlation-request-id": "corr-vi-1" } };
      const a = await client.pathUnchecked(accountPath()).get(q);
      const b = await client.pathUnchecked(accountPath()).get(q);
      assert.equal(a.headers["x-ms-correlation-request-id"], "corr-vi-1");
      assert.match(String(a.headers["x-ms-request-id"]), /^[0-9a-f-]{36}$/);
      assert.match(String(a.headers["x-ms-routing-request-id"]), /^WESTUS2:\d{8}T\d{6}Z:[0-9a-f-]{36}$/);
      assert.equal(a.headers["cache-control"], "no-cache");
      assert.equal(a.headers["content-type"], "application/json; charset=utf-8");
      const readsA = Number(a.headers["x-ms-ratelimit-remaining-subscription-reads"]);
      const readsB = Number(b.headers["x-ms-ratelimit-remaining-subscription-reads"]);
      assert.ok(readsA < 12000 && readsB === readsA - 1, `${readsA} then ${readsB}`);
      const w1 = await client
        .pathUnchecked(`${accountPath()}/generateAccessToken`)
        .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Reader", scope: "Account" } });
      const w2 = await client
        .pathUnchecked(`${accountPath()}/generateAccessToken`)
        .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Reader", scope: "Account" } });
      const writes1 = Number(w1.headers["x-ms-ratelimit-remaining-subscription-writes"]);
      assert.ok(writes1 < 1200 && Number(w2.headers["x-ms-ratelimit-remaining-subscription-writes"]) === writes1 - 1);
      assert.equal(w1.headers["x-ms-ratelimit-remaining-subscription-reads"], undefined, "a POST action counts as a write");
    });

    it("a fresh principal starts at 11999 reads and 1199 writes", async () => {
      const app = await newApp(s, { role: "Owner", scope: `/subscriptions/${DEV.subscriptionId}` });
      const client = armRestClient(s, app.credential, rec);
      const r = await client.pathUnchecked(accountPath()).get({ queryParameters: { "api-version": VI_NEWEST } });
      assert.equal(r.headers["x-ms-ratelimit-remaining-subscription-reads"], "11999");
      const w = await client
        .pathUnchecked(`${accountPath()}/generateRestrictedViewerAccessToken`)
        .post({ queryParameters: { "api-version": VI_NEWEST }, body: { scope: "Account" } });
      assert.equal(w.headers["x-ms-ratelimit-remaining-subscription-writes"], "1199");
    });
  });

  describe("the four token operations through ServiceClient.sendOperationRequest", () => {
    it("returns verifiable tokens", async () => {
      const client = armServiceClient(s, devCredential(s), rec);
      const extensionId =
        "/subscriptions/39ks012-8546-4da5-g6w0-8c3cb76dd930/resourceGroups/yl-arc/providers/Microsoft.Kubernetes/ConnectedClusters/yl-arc/providers/Microsoft.KubernetesConfiguration/extensions/exampleid";
      for (const [operation, parameters] of [
        ["generateAccessToken", { permissionType: "Contributor", scope: "Account" }],
        ["generateRestrictedViewerAccessToken", { scope: "Project", projectId: "p1" }],
        [
          "generateExtensionAccessToken",
          { permissionType: "Reader", scope: "Video", videoId: "07ec9e38d4", extensionId, tokenLifetimeInSeconds: 600 },
        ],
        ["generateExtensionRestrictedViewerAccessToken", { scope: "Account", extensionId }],
      ] as const) {
        const token = await generateWithServiceClient(client, s, { operation, parameters });
        const { payload } = await verifyViToken(s, token);
        assert.equal(payload.AccountId, DEV.viAccountId, operation);
      }
    });
  });

  it("every exchange above conforms to the 2025-04-01 spec (oav)", { skip: specsSkip }, async () => {
    const { checked, skipped } = await assertConformance(rec, oav!, VI_NEWEST);
    assert.ok(checked >= 40, `only ${checked} exchanges checked`);
    for (const reason of Object.keys(skipped)) assert.match(reason, /^api-version (2025-01-01|2021-10-18-preview)$/);
  });
});
