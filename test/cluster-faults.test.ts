import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { scrape } from "./helpers/metrics.js";
import { freshDatabase } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { postgresOnly } from "./helpers/store.js";

const FACE_PATH = "/face/v1.3-preview.1/settings/getClientAssetsAccessToken";

/** Polls `check` until it holds or `ms` pass. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("fault rules on a PostgreSQL cluster", { skip: postgresOnly }, () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    const db = await freshDatabase();
    a = await startTestServer({ db, inMemory: true });
    b = await startTestServer({ db, inMemory: true });
    b.adminToken = a.adminToken;
  });
  after(async () => Promise.all([a, b].map((s) => s?.close())));

  const face = (s: TestServer) => s.call(FACE_PATH, { headers: { "ocp-apim-subscription-key": DEV.faceKey1 } });

  it("a rule added on one instance applies on the other, and its removal too", async () => {
    const r = await a.admin("POST", "/faults", { surface: "face", error: { status: 503 } });
    assert.equal(r.status, 201, r.text);
    await within(2000, "the rule reaches the second instance", async () => (await face(b)).status === 503);
    assert.equal((await b.admin("GET", "/faults")).json.value[0].id, r.json.id);
    assert.equal((await b.admin("DELETE", "/faults")).status, 200);
    await within(2000, "the removal reaches the first instance", async () => (await face(a)).status === 200);
  });

  it("count is honoured across instances: concurrent requests on both get exactly count faults", async () => {
    const r = await a.admin("POST", "/faults", { surface: "face", count: 5, error: { status: 429 } });
    assert.equal(r.status, 201, r.text);
    await within(2000, "the rule reaches the second instance", async () => (await b.admin("GET", "/faults")).json.value.length === 1);
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => face(i % 2 === 0 ? a : b)));
    const statuses = answers.map((x) => x.status);
    assert.equal(statuses.filter((s) => s === 429).length, 5, statuses.join(","));
    assert.equal(statuses.filter((s) => s === 200).length, 19);
    assert.equal((await b.admin("GET", `/faults/${r.json.id}`)).json.remaining, 0);
    await a.admin("DELETE", "/faults");
  });

  it("measures the change feed's lag on the instance that hears of another's write", async () => {
    const before = (await scrape(b)).count("lazurite_change_feed_lag_seconds");
    assert.equal((await a.admin("POST", "/faults", { path: "/nothing", latency_ms: 1 })).status, 201);
    await within(2000, "b observes a's write", async () => (await scrape(b)).count("lazurite_change_feed_lag_seconds") > before);
    const m = await scrape(b);
    const sum = m.value("lazurite_change_feed_lag_seconds_sum");
    assert.ok(sum >= 0 && sum < 60, `a lag of ${sum} s is plausible on one machine`);
    assert.equal(m.value("lazurite_change_feed_live"), 1);
    await a.admin("DELETE", "/faults");
  });
});
