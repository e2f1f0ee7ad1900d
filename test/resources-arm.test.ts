import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { adminGroup, cognitiveClient, rejectsWith, resourcesClient, resourcesClient8, subscriptionClient } from "./helpers/arm.js";
import { resourcesValidator } from "./helpers/arm-oav.js";
import { assertConformance, ExchangeRecorder } from "./helpers/exchanges.js";
import { http } from "./helpers/http.js";
import type { OavValidator } from "./helpers/oav.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { specsSkip } from "./helpers/shared.js";
import { ARM_SCOPE, assignRole, devCredential, newApp } from "./helpers/vi.js";

const SUB = DEV.subscriptionId;
const face = { kind: "Face", sku: { name: "S0" }, location: "westus2" };

describe("Microsoft.Resources through @azure/arm-resources 7 and 8 and @azure/arm-resources-subscriptions", () => {
  let s: TestServer;
  let oav: OavValidator | undefined;
  const rec = new ExchangeRecorder();
  before(async () => {
    [s, oav] = await Promise.all([startTestServer({ inMemory: true }), specsSkip ? undefined : resourcesValidator()]);
  });
  after(async () => {
    oav?.close();
    await s?.close();
  });
  beforeEach((t) => {
    rec.label = t.name;
  });

  const rm = () => resourcesClient(s, devCredential(s), rec);
  const rm8 = () => resourcesClient8(s, devCredential(s), rec);
  const subs = () => subscriptionClient(s, devCredential(s), rec);
  const bearer = async () => `Bearer ${(await devCredential(s).getToken(ARM_SCOPE))!.token}`;

  describe("subscriptions, tenants, locations", () => {
    it("GET /subscriptions lists the subscriptions the caller holds a role on, in its tenant", async () => {
      const other = randomUUID();
      assert.equal((await s.admin("PUT", `/subscriptions/${other}`, { tenantId: DEV.tenantId, displayName: "Other" })).status, 201);
      const list = [];
      for await (const x of subs().subscriptions.list()) list.push(x);
      assert.deepEqual(
        list.map((x) => x.subscriptionId),
        [SUB],
      );
      assert.equal(list[0]!.state, "Enabled");
      assert.equal(list[0]!.tenantId, DEV.tenantId);
      assert.equal(list[0]!.displayName, "Lazurite Development");
      // A role on a resource group below the subscription is enough to see it.
      await s.admin("PUT", `/subscriptions/${other}/resourceGroups/below`, { location: "westus2" });
      await assignRole(s, DEV.appObjectId, "Reader", `/subscriptions/${other}/resourceGroups/below`);
      const after = [];
      for await (const x of subs().subscriptions.list()) after.push(x.subscriptionId);
      assert.deepEqual(after.sort(), [SUB, other].sort());
      // A principal with no role sees none.
      const nobody = await newApp(s);
      const none = [];
      for await (const x of subscriptionClient(s, nobody.credential, rec).subscriptions.list()) none.push(x);
      assert.deepEqual(none, []);
    });

    it("GET /subscriptions/{id}, /tenants (the caller's home tenant), /subscriptions/{id}/locations", async () => {
      const sub = await subs().subscriptions.get(SUB);
      assert.equal(sub.id, `/subscriptions/${SUB}`);
      assert.equal(sub.authorizationSource, "RoleBased");
      const tenants = [];
      for await (const t of subs().tenants.list()) tenants.push(t);
      assert.equal(tenants.length, 1);
      assert.equal(tenants[0]!.tenantId, DEV.tenantId);
      assert.equal(tenants[0]!.tenantCategory, "Home");
      assert.equal(tenants[0]!.defaultDomain, DEV.tenantDomain);
      assert.equal(tenants[0]!.displayName, "Lazurite Development");
      const locations = [];
      for await (const l of subs().subscriptions.listLocations(SUB)) locations.push(l);
      const west = locations.find((l) => l.name === "westus2");
      assert.equal(west?.displayName, "West US 2");
      assert.equal(west?.regionalDisplayName, "(US) West US 2");
      assert.equal(west?.metadata?.pairedRegion?.[0]?.name, "westcentralus");
      const ops = [];
      for await (const o of subs().operations.list()) ops.push(o.name);
      assert.ok(ops.includes("Microsoft.Resources/subscriptions/resourceGroups/write"));
    });

    it("the Azure CLI's az login: 2019-11-01 shapes for /tenants and /subscriptions", async () => {
      const headers = { authorization: await bearer() };
      const t = await rec.http(`${s.url}/tenants?api-version=2019-11-01`, { ca: s.certificatePem, headers });
      assert.equal(t.status, 200, t.text);
      assert.deepEqual(Object.keys(t.json.value[0]).sort(), ["countryCode", "displayName", "domains", "id", "tenantCategory", "tenantId"]);
      const l = await rec.http(`${s.url}/subscriptions?api-version=2019-11-01`, { ca: s.certificatePem, headers });
      assert.equal(l.status, 200, l.text);
      assert.ok(l.json.value.some((x: { id: string; state: string }) => x.id === `/subscriptions/${SUB}` && x.state === "Enabled"));
    });
  });

  describe("resource groups", () => {
    it("createOrUpdate 201 then 200, checkExistence, get, update, list with $filter and $top (@azure/arm-resources 7)", async () => {
      const created = await rm().resourceGroups.createOrUpdate("rg-seven", { location: "West US 2", tags: { env: "dev" } });
      assert.equal(created.id, `/subscriptions/${SUB}/resourceGroups/rg-seven`);
      assert.equal(created.location, "westus2", "ARM normalises a group's location");
      assert.equal(created.properties?.provisioningState, "Succeeded");
      const first = rec.exchanges.at(-1)!;
      assert.equal(first.response.statusCode, 201);
      assert.match(first.request.url, /\/resourcegroups\/rg-seven\?/, "the SDK spells resourcegroups in lower case");
      await rm().resourceGroups.createOrUpdate("RG-SEVEN", { location: "westus2", tags: { env: "prod" } });
      assert.equal(rec.exchanges.at(-1)!.response.statusCode, 200);
      const got = await rm().resourceGroups.get("Rg-Seven");
      assert.equal(got.name, "rg-seven", "the casing of the creation stays");
      assert.deepEqual(got.tags, { env: "prod" });
      assert.equal((await rm().resourceGroups.checkExistence("rg-seven")).body, true);
      assert.equal((await rm().resourceGroups.checkExistence("rg-none")).body, false);
      const updated = await rm().resourceGroups.update("rg-seven", { tags: { env: "test", owner: "me" } });
      assert.deepEqual(updated.tags, { env: "test", owner: "me" });
      const names = async (filter?: string, top?: number) => {
        const out = [];
        for await (const g of rm().resourceGroups.list({ filter, top })) out.push(g.name);
        return out;
      };
      assert.deepEqual((await names()).sort(), [DEV.resourceGroup, "rg-seven"].sort());
      assert.deepEqual(await names("tagName eq 'env' and tagValue eq 'test'"), ["rg-seven"]);
      assert.deepEqual(await names("tagName eq 'owner'"), ["rg-seven"]);
      assert.deepEqual(await names("tagName eq 'env' and tagValue eq 'TEST'"), [], "tag values compare with their case");
      assert.equal((await names(undefined, 1)).length, 1);
      await rejectsWith(names("location eq 'westus2'"), 400, "InvalidFilterInQueryString");
    });

    it("HEAD answers 204 or 404 with no body", async () => {
      const headers = { authorization: await bearer() };
      const yes = await http(`${s.url}/subscriptions/${SUB}/resourcegroups/${DEV.resourceGroup}?api-version=2021-04-01`, {
        method: "HEAD",
        ca: s.certificatePem,
        headers,
      });
      assert.equal(yes.status, 204);
      assert.equal(yes.text, "");
      const no = await http(`${s.url}/subscriptions/${SUB}/resourcegroups/nothing-here?api-version=2021-04-01`, {
        method: "HEAD",
        ca: s.certificatePem,
        headers,
      });
      assert.equal(no.status, 404);
      assert.equal(no.text, "");
    });

    it("refusals: location change, bad name, unknown region, no location, unknown group", async () => {
      await rejectsWith(
        rm().resourceGroups.createOrUpdate("rg-seven", { location: "East US" }),
        409,
        "InvalidResourceGroupLocation",
        "Invalid resource group location 'East US'. The Resource group already exists in location 'westus2'.",
      );
      await rec.invalid(() =>
        rejectsWith(
          rm().resourceGroups.createOrUpdate("bad name!", { location: "westus2" }),
          400,
          "InvalidResourceGroup",
          /has these invalid characters: ' !'/,
        ),
      );
      await rejectsWith(
        rm().resourceGroups.createOrUpdate("rg-mars", { location: "marsnorth" }),
        400,
        "LocationNotAvailableForResourceGroup",
      );
      const nowhere = await rec.invalid(async () =>
        rec.http(`${s.url}/subscriptions/${SUB}/resourcegroups/rg-nowhere?api-version=2025-04-01`, {
          method: "PUT",
          ca: s.certificatePem,
          headers: { authorization: await bearer() },
          body: { tags: {} },
        }),
      );
      assert.equal(nowhere.status, 400, nowhere.text);
      assert.equal(nowhere.json.error.code, "LocationRequired");
      await rejectsWith(rm().resourceGroups.get("rg-none"), 404, "ResourceGroupNotFound", "Resource group 'rg-none' could not be found.");
      await rejectsWith(rm().resourceGroups.beginDeleteAndWait("rg-none"), 404, "ResourceGroupNotFound");
    });

    it("delete with @azure/arm-resources 8: 202 + Location, one poll answering 200; everything in the group goes", async () => {
      await rm8().resourceGroups.createOrUpdate("rg-eight", { location: "westus2" });
      const cs = cognitiveClient(s, devCredential(s), rec);
      const acct = await cs.accounts.beginCreateAndWait("rg-eight", "face-in-eight", {
        ...face,
        properties: { customSubDomainName: "face-in-eight" },
      });
      const vi = await s.admin("PUT", `/subscriptions/${SUB}/resourceGroups/rg-eight/videoIndexerAccounts/vi-in-eight`, {
        location: "westus2",
      });
      assert.equal(vi.status, 201, vi.text);
      const app = await newApp(s);
      for (const scope of [
        `/subscriptions/${SUB}/resourceGroups/rg-eight`,
        acct.id!,
        `/subscriptions/${SUB}/resourceGroups/rg-eight/providers/Microsoft.VideoIndexer/accounts/vi-in-eight`,
      ]) {
        await assignRole(s, app.objectId, "Reader", scope);
      }
      await assignRole(s, app.objectId, "Reader", `/subscriptions/${SUB}`);

      const from = rec.exchanges.length;
      await rm8().resourceGroups.beginDeleteAndWait("rg-eight");
      const seen = rec.exchanges.slice(from);
      assert.deepEqual(
        seen.map((x) => `${x.request.method} ${x.response.statusCode}`),
        ["DELETE 202", "GET 200"],
      );
      assert.equal(seen[0]!.response.headers!["retry-after"], "0");
      assert.match(
        seen[0]!.response.headers!["location"]!,
        new RegExp(`^${s.url}/subscriptions/${SUB}/operationresults/[A-Za-z0-9_-]+\\?api-version=2025-04-01$`),
      );
      const token = JSON.parse(
        Buffer.from(/operationresults\/([^?]+)/.exec(seen[0]!.response.headers!["location"]!)![1]!, "base64url").toString(),
      );
      assert.equal(token.jobId, "RESOURCEGROUPDELETIONJOB-RG-EIGHT-WESTUS2");

      // No orphan rows, through the admin API.
      assert.equal((await s.admin("GET", `/subscriptions/${SUB}/resourceGroups/rg-eight`)).status, 404);
      assert.deepEqual(
        (await s.admin("GET", `/faceResources?subscriptionId=${SUB}`)).json.value.map((f: { name: string }) => f.name),
        [DEV.faceName],
      );
      assert.deepEqual(
        (await s.admin("GET", `/videoIndexerAccounts?subscriptionId=${SUB}`)).json.value.map((a: { name: string }) => a.name),
        [DEV.viAccountName],
      );
      assert.deepEqual(
        (await s.admin("GET", `/roleAssignments?principalId=${app.objectId}`)).json.value.map((r: { scope: string }) => r.scope),
        [`/subscriptions/${SUB}`],
      );
      assert.equal((await rm8().resourceGroups.checkExistence("rg-eight")).body, false);
      // The subdomain is free again.
      assert.equal((await cs.checkDomainAvailability("face-in-eight", "Microsoft.CognitiveServices/accounts")).isSubdomainAvailable, true);
    });

    it("delete with @azure/arm-resources 7 and the Azure CLI's 2021-04-01; a polling URL this server did not issue is 404", async () => {
      await adminGroup(s, "rg-del7");
      await rm().resourceGroups.beginDeleteAndWait("rg-del7");
      await adminGroup(s, "rg-cli");
      const headers = { authorization: await bearer() };
      const del = await rec.http(`${s.url}/subscriptions/${SUB}/resourcegroups/rg-cli?api-version=2021-04-01`, {
        method: "DELETE",
        ca: s.certificatePem,
        headers,
      });
      assert.equal(del.status, 202, del.text);
      const poll = await rec.offSpec("the polling URL is not in the spec", () =>
        rec.http(String(del.headers.location), { ca: s.certificatePem, headers }),
      );
      assert.equal(poll.status, 200);
      const forged = Buffer.from(
        JSON.stringify({ jobId: "RESOURCEGROUPDELETIONJOB-X-WESTUS2", jobLocation: "westus2", mac: "AAAA" }),
      ).toString("base64url");
      const bad = await rec.offSpec("the polling URL is not in the spec", () =>
        rec.http(`${s.url}/subscriptions/${SUB}/operationresults/${forged}?api-version=2021-04-01`, { ca: s.certificatePem, headers }),
      );
      assert.equal(bad.status, 404, bad.text);
    });
  });

  describe("resources lists", () => {
    it("Resources_List and ListByResourceGroup: VI and Face accounts, $filter, $expand, $top", async () => {
      const cs = cognitiveClient(s, devCredential(s), rec);
      await cs.accounts.beginCreateAndWait(DEV.resourceGroup, "face-listed", { ...face, tags: { app: "x" } });
      const ids = async (filter?: string, rg?: string, expand?: string) => {
        const out = [];
        const it = rg ? rm().resources.listByResourceGroup(rg, { filter, expand }) : rm().resources.list({ filter, expand });
        for await (const r of it) out.push(r);
        return out;
      };
      await rec.offSpec("resource lists are not in the held spec subset", async () => {
        const all = await ids();
        assert.deepEqual(all.map((r) => `${r.type}/${r.name}`).sort(), [
          "Microsoft.CognitiveServices/accounts/face-listed",
          `Microsoft.CognitiveServices/accounts/${DEV.faceName}`,
          `Microsoft.VideoIndexer/accounts/${DEV.viAccountName}`,
        ]);
        const faces = await ids(
          "resourceType eq 'Microsoft.CognitiveServices/accounts'",
          DEV.resourceGroup,
          "createdTime,changedTime,provisioningState",
        );
        assert.equal(faces.length, 2);
        const listed = faces.find((r) => r.name === "face-listed")!;
        assert.equal(listed.kind, "Face");
        assert.equal(listed.sku?.name, "S0");
        assert.ok(listed.createdTime instanceof Date);
        assert.equal(listed.provisioningState, "Succeeded");
        assert.deepEqual(
          (await ids("tagName eq 'app' and tagValue eq 'x'")).map((r) => r.name),
          ["face-listed"],
        );
        assert.deepEqual(
          (await ids("substringof('listed', name)")).map((r) => r.name),
          ["face-listed"],
        );
        assert.deepEqual(
          (await ids(`name eq '${DEV.viAccountName}'`)).map((r) => r.name),
          [DEV.viAccountName],
        );
        await rejectsWith(ids("startswith(name, 'x')"), 400, "InvalidFilterInQueryString");
      });
      // 8.x spells the path in lower case.
      await rec.offSpec("resource lists are not in the held spec subset", async () => {
        const out = [];
        for await (const r of rm8().resources.listByResourceGroup(DEV.resourceGroup)) out.push(r.name);
        assert.equal(out.length, 3);
      });
    });
  });

  describe("resource providers", () => {
    it("list and get: the namespaces Lazurite serves, Registered; unknown namespaces are InvalidResourceNamespace", async () => {
      const all = [];
      for await (const p of rm().providers.list()) all.push(p);
      assert.deepEqual(all.map((p) => p.namespace).sort(), [
        "Microsoft.Authorization",
        "Microsoft.CognitiveServices",
        "Microsoft.Resources",
        "Microsoft.VideoIndexer",
      ]);
      assert.ok(all.every((p) => p.registrationState === "Registered"));
      const cs = await rm().providers.get("microsoft.cognitiveservices");
      assert.equal(cs.namespace, "Microsoft.CognitiveServices");
      assert.equal(cs.registrationPolicy, "RegistrationRequired");
      const accounts = cs.resourceTypes?.find((t) => t.resourceType === "accounts");
      assert.ok(accounts?.apiVersions?.includes("2025-09-01") && accounts.apiVersions.includes("2022-12-01"));
      assert.ok(accounts?.locations?.includes("West US 2"));
      await rejectsWith(
        rm().providers.get("Microsoft.Nope"),
        404,
        "InvalidResourceNamespace",
        "The resource namespace 'Microsoft.Nope' is invalid.",
      );
      const tenantLevel = [];
      for await (const p of rm().providers.listAtTenantScope()) tenantLevel.push(p.namespace);
      assert.equal(tenantLevel.length, 4);
      assert.equal((await rm().providers.getAtTenantScope("Microsoft.VideoIndexer")).namespace, "Microsoft.VideoIndexer");
    });

    it("unregister makes writes answer MissingSubscriptionRegistration; register (as the CLI does, 2016-02-01) lifts it", async () => {
      const cs = cognitiveClient(s, devCredential(s), rec);
      const un = await rm().providers.unregister("Microsoft.CognitiveServices");
      assert.equal(un.registrationState, "NotRegistered");
      await rejectsWith(
        cs.accounts.beginCreateAndWait(DEV.resourceGroup, "face-unreg", face),
        409,
        "MissingSubscriptionRegistration",
        "The subscription is not registered to use namespace 'Microsoft.CognitiveServices'. See https://aka.ms/rps-not-found for how to register subscriptions.",
      );
      // Reads still work.
      assert.equal((await cs.accounts.get(DEV.resourceGroup, DEV.faceName)).name, DEV.faceName);
      const headers = { authorization: await bearer() };
      const reg = await rec.offSpec("api-version 2016-02-01", () =>
        rec.http(`${s.url}/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/register?api-version=2016-02-01`, {
          method: "POST",
          ca: s.certificatePem,
          headers,
        }),
      );
      assert.equal(reg.status, 200, reg.text);
      assert.equal(reg.json.registrationState, "Registered");
      const got = await rec.offSpec("api-version 2016-02-01", () =>
        rec.http(`${s.url}/subscriptions/${SUB}/providers/Microsoft.CognitiveServices?api-version=2016-02-01`, {
          ca: s.certificatePem,
          headers,
        }),
      );
      assert.equal(got.json.registrationState, "Registered");
      assert.equal(
        (await cs.accounts.beginCreateAndWait(DEV.resourceGroup, "face-unreg", face)).properties?.provisioningState,
        "Succeeded",
      );
      // Registration-free providers stay registered.
      assert.equal((await rm().providers.unregister("Microsoft.Resources")).registrationState, "Registered");
    });

    it("register needs {namespace}/register/action: a Reader is refused", async () => {
      const reader = await newApp(s, { role: "Reader", scope: `/subscriptions/${SUB}` });
      await rejectsWith(
        resourcesClient(s, reader.credential, rec).providers.register("Microsoft.VideoIndexer"),
        403,
        "AuthorizationFailed",
        new RegExp(
          `does not have authorization to perform action 'Microsoft.VideoIndexer/register/action' over scope '/subscriptions/${SUB}'`,
        ),
      );
    });

    it("deleting a subscription (admin API) leaves no registration behind", async () => {
      const id = randomUUID();
      await s.admin("PUT", `/subscriptions/${id}`, { tenantId: DEV.tenantId });
      await assignRole(s, DEV.appObjectId, "Owner", `/subscriptions/${id}`);
      const client = resourcesClient(s, devCredential(s), rec, id);
      assert.equal((await client.providers.unregister("Microsoft.VideoIndexer")).registrationState, "NotRegistered");
      assert.equal((await s.admin("DELETE", `/subscriptions/${id}`)).status, 204);
      await s.admin("PUT", `/subscriptions/${id}`, { tenantId: DEV.tenantId });
      await assignRole(s, DEV.appObjectId, "Owner", `/subscriptions/${id}`);
      assert.equal((await client.providers.get("Microsoft.VideoIndexer")).registrationState, "Registered");
    });
  });

  describe("cloud metadata (no authentication)", () => {
    it("2022-09-01: one cloud object naming this server; 2019-05-01: a list; 2015-01-01: the old shape; `//metadata` too", async () => {
      const get = (path: string) => http(`${s.url}${path}`, { ca: s.certificatePem });
      const now = await get("/metadata/endpoints?api-version=2022-09-01");
      assert.equal(now.status, 200, now.text);
      assert.equal(now.json.name, "Lazurite");
      assert.equal(now.json.resourceManager, `${s.url}/`);
      assert.equal(now.json.authentication.loginEndpoint, s.url);
      assert.deepEqual(now.json.authentication.audiences, ["https://management.core.windows.net/", "https://management.azure.com/"]);
      assert.equal(now.json.microsoftGraphResourceId, "https://graph.microsoft.com/");
      assert.equal(typeof now.json.suffixes, "object");
      const list = await get("/metadata/endpoints?api-version=2019-05-01");
      assert.ok(Array.isArray(list.json));
      assert.equal(list.json[0].authentication.loginEndpoint, `${s.url}/`);
      const old = await get("//metadata/endpoints?api-version=2015-01-01");
      assert.equal(old.status, 200, old.text);
      assert.equal(old.json.graphEndpoint, "https://graph.windows.net/");
      assert.equal(old.json.authentication.loginEndpoint, `${s.url}/`);
      const missing = await get("/metadata/endpoints");
      assert.equal(missing.status, 400);
      assert.equal(missing.json.error.code, "MissingApiVersionParameter");
      const unknown = await get("/metadata/endpoints?api-version=2030-01-01");
      assert.equal(unknown.status, 400);
      assert.equal(unknown.json.error.code, "InvalidApiVersionParameter");
    });
  });

  describe("conformance", { skip: specsSkip }, () => {
    it("every exchange of resources 2025-04-01 and subscriptions 2022-12-01 / 2019-11-01 conforms (oav)", async () => {
      // oav finds operations by the namespace a path names, so the `/providers/{namespace}` paths of
      // Providers_* match none of its operations (a limit of its router, not of the exchanges).
      for (const x of rec.exchanges) {
        const path = new URL(x.request.url).pathname;
        if (/\/providers(\/[^/]+(\/(register|unregister))?)?$/i.test(path)) x.offSpec ??= "oav cannot route /providers/{namespace}";
        // The SDKs' polls of a deletion's Location: not an operation of the spec.
        if (/\/operationresults\//i.test(path)) x.offSpec ??= "polling URL";
      }
      const a = await assertConformance(rec, oav!, "2025-04-01");
      const b = await assertConformance(rec, oav!, "2022-12-01");
      const c = await assertConformance(rec, oav!, "2019-11-01");
      assert.ok(a.checked >= 20, `${a.checked} resources exchanges`);
      assert.ok(b.checked >= 5, `${b.checked} subscriptions exchanges`);
      assert.ok(c.checked >= 2, `${c.checked} 2019-11-01 exchanges`);
    });
  });
});
