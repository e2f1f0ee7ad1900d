import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { faceTokenStatus } from "./helpers/arm.js";
import { freshDatabase } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { postgresOnly } from "./helpers/store.js";
import { ARM_SCOPE, devCredential } from "./helpers/vi.js";

const SUB = DEV.subscriptionId;
const ACCOUNTS = `/subscriptions/${SUB}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.CognitiveServices/accounts`;

/** Polls `check` until it holds or `ms` pass. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resource Manager state across two instances on one database: polling URLs, registrations, keys. */
describe("Resource Manager on two instances of one PostgreSQL database", { skip: postgresOnly }, () => {
  let a: TestServer;
  let b: TestServer;
  let auth: Record<string, string>;
  before(async () => {
    const db = await freshDatabase();
    a = await startTestServer({ db, inMemory: true });
    b = await startTestServer({ db, inMemory: true });
    auth = { authorization: `Bearer ${(await devCredential(a).getToken(ARM_SCOPE))!.token}` };
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  const onB = (url: string) => url.replace(a.url, b.url);

  it("a create's status URL and a group deletion's Location, issued by one instance, are answered by the other", async () => {
    const put = await a.call(`${ACCOUNTS}/face-cluster?api-version=2025-09-01`, {
      method: "PUT",
      headers: auth,
      body: { kind: "Face", sku: { name: "S0" }, location: "westus2", properties: { customSubDomainName: "face-cluster" } },
    });
    assert.equal(put.status, 201, put.text);
    const status = await b.call(onB(String(put.headers["azure-asyncoperation"])).slice(b.url.length), { headers: auth });
    assert.equal(status.status, 200, status.text);
    assert.equal(status.json.status, "Succeeded");

    assert.equal((await a.admin("PUT", `/subscriptions/${SUB}/resourceGroups/cluster-rg`, { location: "westus2" })).status, 201);
    const del = await a.call(`/subscriptions/${SUB}/resourcegroups/cluster-rg?api-version=2025-04-01`, { method: "DELETE", headers: auth });
    assert.equal(del.status, 202, del.text);
    const poll = await b.call(onB(String(del.headers.location)).slice(b.url.length), { headers: auth });
    assert.equal(poll.status, 200, poll.text);
  });

  it("a provider unregistered on one instance is refused on the other, and a regenerated key stops working there", async () => {
    const un = await a.call(`/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/unregister?api-version=2025-04-01`, {
      method: "POST",
      headers: auth,
    });
    assert.equal(un.status, 200, un.text);
    await within(5000, "the other instance sees the registration", async () => {
      const r = await b.call(`${ACCOUNTS}/face-cluster-2?api-version=2025-09-01`, {
        method: "PUT",
        headers: auth,
        body: { kind: "Face", sku: { name: "S0" }, location: "westus2" },
      });
      return r.status === 409 && r.json.error.code === "MissingSubscriptionRegistration";
    });
    await a.call(`/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/register?api-version=2025-04-01`, {
      method: "POST",
      headers: auth,
    });

    const keys = await a.call(`${ACCOUNTS}/face-cluster/listKeys?api-version=2025-09-01`, { method: "POST", headers: auth });
    const old = keys.json.key1 as string;
    assert.equal(await faceTokenStatus(b, `${b.url}/face-cluster/`, old), 200);
    const regen = await a.call(`${ACCOUNTS}/face-cluster/regenerateKey?api-version=2025-09-01`, {
      method: "POST",
      headers: auth,
      body: { keyName: "Key1" },
    });
    assert.equal(regen.status, 200, regen.text);
    await within(
      5000,
      "the other instance refuses the old key",
      async () => (await faceTokenStatus(b, `${b.url}/face-cluster/`, old)) === 401,
    );
    assert.equal(await faceTokenStatus(b, `${b.url}/face-cluster/`, regen.json.key1), 200);
  });
});
