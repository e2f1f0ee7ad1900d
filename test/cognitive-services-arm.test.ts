import type { Account } from "@azure/arm-cognitiveservices";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { adminGroup, cognitiveClient, faceTokenStatus, rejectsWith } from "./helpers/arm.js";
import { cognitiveServicesValidator } from "./helpers/arm-oav.js";
import { assertConformance, ExchangeRecorder } from "./helpers/exchanges.js";
import type { OavValidator } from "./helpers/oav.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { specsSkip } from "./helpers/shared.js";
import { ARM_SCOPE, assignRole, devCredential, newApp } from "./helpers/vi.js";

const RG = "cs-rg";
const CS_VERSION = "2025-09-01";
const face = (over: Partial<Account> = {}): Account => ({ kind: "Face", sku: { name: "S0" }, location: "westus2", ...over });

describe("Microsoft.CognitiveServices accounts of kind Face, through @azure/arm-cognitiveservices", () => {
  let s: TestServer;
  let oav: OavValidator | undefined;
  const rec = new ExchangeRecorder();
  before(async () => {
    [s, oav] = await Promise.all([startTestServer({ inMemory: true }), specsSkip ? undefined : cognitiveServicesValidator()]);
    await adminGroup(s, RG);
  });
  after(async () => {
    oav?.close();
    await s?.close();
  });
  beforeEach((t) => {
    rec.label = t.name;
  });

  const cs = () => cognitiveClient(s, devCredential(s), rec);
  const bearer = async () => `Bearer ${(await devCredential(s).getToken(ARM_SCOPE))!.token}`;
  const accountPath = (name: string, rg = RG) =>
    `/subscriptions/${DEV.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.CognitiveServices/accounts/${name}`;

  it("beginCreateAndWait: 201 Creating with Azure-AsyncOperation, one status poll, the account Succeeded", async () => {
    const from = rec.exchanges.length;
    const a = await cs().accounts.beginCreateAndWait(
      RG,
      "face-one",
      face({ properties: { customSubDomainName: "face-one-sub" }, tags: { env: "test" } }),
    );
    assert.equal(a.properties?.provisioningState, "Succeeded");
    assert.equal(a.kind, "Face");
    assert.equal(a.sku?.name, "S0");
    assert.equal(a.id, accountPath("face-one"));
    assert.equal(a.properties?.endpoint, `${s.url}/face-one-sub/`);
    assert.equal(a.properties?.customSubDomainName, "face-one-sub");
    assert.match(a.properties?.internalId ?? "", /^[0-9a-f]{32}$/);
    assert.ok(a.properties?.dateCreated);
    assert.deepEqual(a.tags, { env: "test" });
    assert.equal(a.systemData?.createdBy, DEV.clientId);
    const seen = rec.exchanges.slice(from);
    assert.deepEqual(
      seen.map((x) => `${x.request.method} ${x.response.statusCode}`),
      ["PUT 201", "GET 200", "GET 200"],
    );
    const put = seen[0]!;
    assert.equal((put.response.body as { properties: { provisioningState: string } }).properties.provisioningState, "Creating");
    const status = put.response.headers!["azure-asyncoperation"]!;
    assert.match(
      status,
      new RegExp(
        `^${s.url}/subscriptions/${DEV.subscriptionId}/providers/Microsoft.CognitiveServices/locations/WESTUS2/operationResults/[0-9a-f-]{36}\\?api-version=2017-04-18$`,
      ),
    );
    assert.equal(seen[1]!.request.url, status);
    assert.deepEqual(Object.keys(seen[1]!.response.body as object), ["id", "name", "status", "startTime", "endTime"]);
    assert.equal((seen[1]!.response.body as { status: string }).status, "Succeeded");
  });

  it("listKeys: key1 and key2 work on the Face surface at once, on the account's endpoint and on the bare origin", async () => {
    const keys = await cs().accounts.listKeys(RG, "face-one");
    assert.match(keys.key1!, /^[0-9a-f]{32}$/);
    assert.notEqual(keys.key1, keys.key2);
    const { properties } = await cs().accounts.get(RG, "face-one");
    assert.equal(await faceTokenStatus(s, properties!.endpoint!, keys.key1!), 200);
    assert.equal(await faceTokenStatus(s, s.url, keys.key2!), 200);
    assert.equal(await faceTokenStatus(s, `${s.url}/${DEV.faceName}`, keys.key1!), 401, "not another resource's key");
  });

  it("regenerateKey Key1: the old key1 is refused at once, the new key1 and key2 work", async () => {
    const before = await cs().accounts.listKeys(RG, "face-one");
    const after = await cs().accounts.regenerateKey(RG, "face-one", "Key1");
    assert.notEqual(after.key1, before.key1);
    assert.equal(after.key2, before.key2);
    const endpoint = `${s.url}/face-one-sub/`;
    assert.equal(await faceTokenStatus(s, endpoint, before.key1!), 401);
    assert.equal(await faceTokenStatus(s, s.url, before.key1!), 401);
    assert.equal(await faceTokenStatus(s, endpoint, after.key1!), 200);
    const again = await cs().accounts.regenerateKey(RG, "face-one", "Key2");
    assert.equal(again.key1, after.key1);
    assert.equal(await faceTokenStatus(s, endpoint, before.key2!), 401);
    assert.equal(await faceTokenStatus(s, endpoint, again.key2!), 200);
  });

  it("the account is a Lazurite Face resource: the admin API shows it with the same keys", async () => {
    const keys = await cs().accounts.listKeys(RG, "face-one");
    const r = await s.admin("GET", `/subscriptions/${DEV.subscriptionId}/resourceGroups/${RG}/faceResources/face-one`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.keys, [keys.key1, keys.key2]);
    assert.equal(r.json.customSubDomainName, "face-one-sub");
    assert.equal(r.json.sku, "S0");
  });

  it("get, list by resource group and by subscription; config Face resources appear with the same ids", async () => {
    const dev = await cs().accounts.get(DEV.resourceGroup, DEV.faceName);
    assert.equal(dev.id, accountPath(DEV.faceName, DEV.resourceGroup));
    assert.equal(dev.properties?.endpoint, `${s.url}/${DEV.faceName}/`);
    assert.equal(dev.properties?.customSubDomainName, DEV.faceName);
    assert.equal(dev.sku?.name, "S0");
    assert.equal(dev.properties?.provisioningState, "Succeeded");
    const keys = await cs().accounts.listKeys(DEV.resourceGroup, DEV.faceName);
    assert.deepEqual([keys.key1, keys.key2], [DEV.faceKey1, DEV.faceKey2]);
    const inGroup: string[] = [];
    for await (const a of cs().accounts.listByResourceGroup(RG)) inGroup.push(a.name!);
    assert.deepEqual(inGroup, ["face-one"]);
    const all: string[] = [];
    for await (const a of cs().accounts.list()) all.push(a.id!);
    assert.deepEqual(all.sort(), [accountPath("face-one"), accountPath(DEV.faceName, DEV.resourceGroup)].sort());
  });

  it("without customSubDomainName the endpoint is the bare origin (regional); PATCH sets the subdomain once", async () => {
    const a = await cs().accounts.beginCreateAndWait(RG, "face.regional_1", face({ sku: { name: "F0" } }));
    assert.equal(a.properties?.endpoint, `${s.url}/`);
    assert.equal(a.properties?.customSubDomainName, undefined);
    assert.equal(a.sku?.name, "F0");
    const keys = await cs().accounts.listKeys(RG, "face.regional_1");
    assert.equal(await faceTokenStatus(s, s.url, keys.key1!), 200);

    const patched = await cs().accounts.beginUpdateAndWait(RG, "face.regional_1", {
      sku: { name: "S0" },
      tags: { team: "media" },
      properties: { customSubDomainName: "face-regional-sub", publicNetworkAccess: "Disabled" },
    });
    assert.equal(patched.sku?.name, "S0");
    assert.deepEqual(patched.tags, { team: "media" });
    assert.equal(patched.properties?.endpoint, `${s.url}/face-regional-sub/`);
    assert.equal(patched.properties?.publicNetworkAccess, "Disabled");
    assert.notEqual(patched.etag, a.etag, "the etag changes on every write");
    assert.equal(await faceTokenStatus(s, patched.properties.endpoint, keys.key1!), 200);
    await rejectsWith(
      cs().accounts.beginUpdateAndWait(RG, "face.regional_1", { properties: { customSubDomainName: "another-sub" } }),
      400,
      "CustomDomainNameCannotBeChanged",
    );
    // PUT again with the same body updates in place: 200, no polling.
    const from = rec.exchanges.length;
    const again = await cs().accounts.beginCreateAndWait(
      RG,
      "face.regional_1",
      face({ properties: { customSubDomainName: "face-regional-sub" } }),
    );
    assert.equal(again.properties?.provisioningState, "Succeeded");
    assert.deepEqual(
      rec.exchanges.slice(from).map((x) => `${x.request.method} ${x.response.statusCode}`),
      ["PUT 200"],
    );
  });

  it("custom subdomains are unique (CustomDomainInUse); checkDomainAvailability reports taken, free and invalid names", async () => {
    await rejectsWith(
      cs().accounts.beginCreateAndWait(RG, "face-two", face({ properties: { customSubDomainName: "FACE-ONE-SUB" } })),
      409,
      "CustomDomainInUse",
      /^Please pick a different name\. The subdomain name 'FACE-ONE-SUB' is not available/,
    );
    // A config resource's name is its subdomain.
    await rejectsWith(
      cs().accounts.beginCreateAndWait(RG, "face-two", face({ properties: { customSubDomainName: DEV.faceName } })),
      409,
      "CustomDomainInUse",
    );
    const type = "Microsoft.CognitiveServices/accounts";
    const taken = await cs().checkDomainAvailability("face-one-sub", type);
    assert.equal(taken.isSubdomainAvailable, false);
    assert.equal(taken.reason, "Sub domain name 'face-one-sub' is already used. Please pick a different name.");
    const free = await cs().checkDomainAvailability("face-free-sub", type, { kind: "Face" });
    assert.equal(free.isSubdomainAvailable, true);
    assert.equal(free.subdomainName, "face-free-sub");
    const invalid = await cs().checkDomainAvailability("-bad-", type);
    assert.equal(invalid.isSubdomainAvailable, false);
    assert.equal(invalid.reason, "Sub domain name '-bad-' is not valid");
  });

  it("SKUs: the account's, the provider's list, checkSkuAvailability; the operations list", async () => {
    const skus = await cs().accounts.listSkus(RG, "face-one");
    assert.deepEqual(
      skus.value?.map((x) => x.sku?.name),
      ["F0", "S0"],
    );
    const all = [];
    for await (const x of cs().resourceSkus.list()) all.push(x);
    assert.deepEqual(
      all.map((x) => `${x.kind}/${x.name}/${x.tier}`),
      ["Face/F0/Free", "Face/S0/Standard"],
    );
    const avail = await cs().checkSkuAvailability("westus2", ["S0", "S9"], "Face", "Microsoft.CognitiveServices/accounts");
    assert.deepEqual(
      avail.value?.map((x) => [x.skuName, x.skuAvailable]),
      [
        ["S0", true],
        ["S9", false],
      ],
    );
    const other = await cs().checkSkuAvailability("westus2", ["S0"], "TextAnalytics", "Microsoft.CognitiveServices/accounts");
    assert.equal(other.value?.[0]?.skuAvailable, false);
    const ops = [];
    for await (const o of cs().operations.list()) ops.push(o.name);
    for (const name of [
      "accounts/read",
      "accounts/write",
      "accounts/delete",
      "accounts/listKeys/action",
      "accounts/regenerateKey/action",
    ]) {
      assert.ok(ops.includes(`Microsoft.CognitiveServices/${name}`), name);
    }
  });

  it("refusals: another kind, another SKU, an unknown region, a bad name, a location change", async () => {
    await rejectsWith(
      cs().accounts.beginCreateAndWait(RG, "text-1", face({ kind: "TextAnalytics" })),
      400,
      "InvalidApiSetId",
      "The account type 'TextAnalytics' is either invalid or unavailable in given region.",
    );
    await rejectsWith(
      cs().accounts.beginCreateAndWait(RG, "face-s9", face({ sku: { name: "S9" } })),
      400,
      "SpecialFeatureOrQuotaIdRequired",
      "The subscription does not have QuotaId/Feature required by SKU 'S9' from kind 'Face' or contains blocked QuotaId/Feature.",
    );
    await rejectsWith(
      cs().accounts.beginCreateAndWait(RG, "face-mars", face({ location: "marsnorth" })),
      400,
      "LocationNotAvailableForResourceType",
    );
    await rec.invalid(() => rejectsWith(cs().accounts.beginCreateAndWait(RG, "-face", face()), 400, "InvalidResourceName"));
    await rejectsWith(cs().accounts.beginCreateAndWait(RG, "face-one", face({ location: "eastus" })), 400, "InvalidResourceLocation");
    await rejectsWith(
      cs().accounts.get(RG, "no-such-face"),
      404,
      "ResourceNotFound",
      /^The Resource 'Microsoft\.CognitiveServices\/accounts\/no-such-face' under resource group 'cs-rg' was not found/,
    );
  });

  it("the Azure CLI's api-versions: 2022-12-01 polls like 2025-09-01, 2017-04-18 creates synchronously", async () => {
    const auth = { authorization: await bearer() };
    const put = await rec.offSpec("api-version 2022-12-01", () =>
      rec.http(`${s.url}${accountPath("face-cli")}?api-version=2022-12-01`, {
        method: "PUT",
        ca: s.certificatePem,
        headers: auth,
        body: { kind: "Face", sku: { name: "S0" }, location: "westus2", properties: { customSubDomainName: "face-cli" } },
      }),
    );
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, "Creating");
    const status = await rec.offSpec("status URL", () =>
      rec.http(String(put.headers["azure-asyncoperation"]), { ca: s.certificatePem, headers: auth }),
    );
    assert.equal(status.status, 200, status.text);
    assert.equal(status.json.status, "Succeeded");
    // The CLI's keys list: a POST with an empty body.
    const keys = await rec.offSpec("api-version 2022-12-01", () =>
      rec.http(`${s.url}${accountPath("face-cli")}/listKeys?api-version=2022-12-01`, {
        method: "POST",
        ca: s.certificatePem,
        headers: { ...auth, "content-length": "0" },
      }),
    );
    assert.equal(keys.status, 200, keys.text);
    assert.equal(await faceTokenStatus(s, `${s.url}/face-cli/`, keys.json.key1), 200);

    const old = await rec.offSpec("api-version 2017-04-18", () =>
      rec.http(`${s.url}${accountPath("face-old")}?api-version=2017-04-18`, {
        method: "PUT",
        ca: s.certificatePem,
        headers: auth,
        body: { kind: "Face", sku: { name: "F0" }, location: "West US 2" },
      }),
    );
    assert.equal(old.status, 201, old.text);
    assert.equal(old.json.properties.provisioningState, "Succeeded");
    assert.equal(old.headers["azure-asyncoperation"], undefined);
    assert.equal(old.json.location, "West US 2", "the location is echoed as sent");
    assert.equal(old.json.properties.endpoints, undefined, "2017-04-18 has no endpoints map");
  });

  it("a status URL this server did not issue answers 404; one it issued answers on any instance of its api-versions", async () => {
    const auth = { authorization: await bearer() };
    const base = `${s.url}/subscriptions/${DEV.subscriptionId}/providers/Microsoft.CognitiveServices/locations/WESTUS2/operationResults`;
    const forged = await rec.offSpec("status URL", () =>
      rec.http(`${base}/00000190-0000-0000-0000-000000000000?api-version=2017-04-18`, { ca: s.certificatePem, headers: auth }),
    );
    assert.equal(forged.status, 404, forged.text);
    assert.equal(forged.json.error.code, "NotFound");
  });

  it("beginDeleteAndWait: the Face surface answers 404 at once, the role assignments scoped to the account are gone", async () => {
    const a = await cs().accounts.beginCreateAndWait(RG, "face-gone", face({ properties: { customSubDomainName: "face-gone" } }));
    const keys = await cs().accounts.listKeys(RG, "face-gone");
    const app = await newApp(s);
    await assignRole(s, app.objectId, "Cognitive Services User", a.id!);
    assert.equal(await faceTokenStatus(s, a.properties!.endpoint!, keys.key1!), 200);
    await cs().accounts.beginDeleteAndWait(RG, "face-gone");
    assert.equal(await faceTokenStatus(s, a.properties!.endpoint!, keys.key1!), 404);
    assert.equal(await faceTokenStatus(s, s.url, keys.key1!), 401);
    const left = (await s.admin("GET", `/roleAssignments?principalId=${app.objectId}`)).json.value;
    assert.deepEqual(left, []);
    assert.equal((await s.admin("GET", `/subscriptions/${DEV.subscriptionId}/resourceGroups/${RG}/faceResources/face-gone`)).status, 404);
    await rejectsWith(cs().accounts.get(RG, "face-gone"), 404, "ResourceNotFound");
    // Deleting what is not there: 204, which the poller takes as done.
    await cs().accounts.beginDeleteAndWait(RG, "face-gone");
    // The subdomain is free again (no soft delete).
    assert.equal((await cs().checkDomainAvailability("face-gone", "Microsoft.CognitiveServices/accounts")).isSubdomainAvailable, true);
  });

  it("every exchange above conforms to the 2025-09-01 spec (oav)", { skip: specsSkip }, async () => {
    const { checked } = await assertConformance(rec, oav!, CS_VERSION);
    assert.ok(checked >= 30, `${checked} exchanges checked`);
  });
});
