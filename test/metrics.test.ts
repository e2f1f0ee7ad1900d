import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { Registry } from "prom-client";
import { DEV } from "../src/config/dev-defaults.js";
import { fastCounter, FastHistogram } from "../src/metrics/fast-metrics.js";
import { ExchangeRecorder } from "./helpers/exchanges.js";
import { parsePrometheusText, scrape } from "./helpers/metrics.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { accountPath, armRestClient, devCredential, VI_NEWEST } from "./helpers/vi.js";

const apiVersion = "v1.3-preview.1" as FaceClientOptions["apiVersion"];

describe("metrics", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("needs the admin token unless --metrics-public", async () => {
    const r = await s.call("/_lazurite/metrics");
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, "Unauthorized");
    assert.equal(r.headers["www-authenticate"], 'Bearer realm="lazurite-metrics"');
    assert.equal((await s.call("/_lazurite/metrics", { headers: { authorization: "Bearer nope" } })).status, 401);
    const open = await startTestServer({ inMemory: true, metricsPublic: true });
    try {
      await scrape(open, undefined);
    } finally {
      await open.close();
    }
  });

  it("counts requests, latencies, tokens, bearer cache hits and store operations, in the text format", async () => {
    const before = await scrape(s);
    const arm = armRestClient(s, devCredential(s), new ExchangeRecorder());
    for (let i = 0; i < 3; i++) {
      const r = await arm
        .path(`${accountPath()}/generateAccessToken`)
        .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Contributor", scope: "Account" } });
      assert.equal(r.status, "200");
    }
    const face = createFaceClient(s.url, new AzureKeyCredential(DEV.faceKey1), { apiVersion, tlsOptions: { ca: s.certificatePem } });
    assert.equal((await face.pathUnchecked("/settings/getClientAssetsAccessToken").get()).status, "200");
    await s.call("/_lazurite/nope");
    const m = await scrape(s);

    const delta = (name: string, labels: Record<string, string>, kind: "value" | "count" = "value") =>
      m[kind](name, labels) - before[kind](name, labels);
    const viLabels = { surface: "arm", operation: "Generate_AccessToken", status: "200" };
    assert.equal(delta("lazurite_requests_total", viLabels), 3);
    assert.equal(
      delta("lazurite_requests_total", {
        surface: "face",
        operation: "LivenessSessionOperations_GetClientAssetsAccessToken",
        status: "200",
      }),
      1,
    );
    assert.equal(
      delta("lazurite_requests_total", { surface: "entra", operation: "Token_V2", status: "200" }),
      1,
      "msal asked once and cached the token",
    );
    assert.equal(delta("lazurite_requests_total", { surface: "internal", operation: "", status: "404" }), 1);
    // Route patterns stand for the operation of routes without an id.
    assert.ok(m.value("lazurite_requests_total", { surface: "metrics", operation: "Metrics", status: "200" }) >= 1);

    assert.equal(m.family("lazurite_request_duration_seconds")?.type, "histogram");
    const vi = { surface: "arm", operation: "Generate_AccessToken" };
    assert.equal(delta("lazurite_request_duration_seconds", vi, "count"), 3);
    assert.equal(
      m.value("lazurite_request_duration_seconds_bucket", { ...vi, le: "10" }),
      m.count("lazurite_request_duration_seconds", vi),
    );

    assert.equal(delta("lazurite_tokens_issued_total", { issuer: "videoIndexer", kind: "standard" }), 3);
    assert.equal(delta("lazurite_tokens_issued_total", { issuer: "face", kind: "client-assets" }), 1);
    assert.equal(delta("lazurite_tokens_issued_total", { issuer: "entra", kind: "access" }), 1);
    // One bearer token for three calls: its signature was verified once, then the cache answered.
    assert.equal(delta("lazurite_bearer_validation_cache_total", { result: "miss" }), 1);
    assert.equal(delta("lazurite_bearer_validation_cache_total", { result: "hit" }), 2);

    assert.equal(m.family("lazurite_store_operation_duration_seconds")?.type, "histogram");
    assert.ok(m.count("lazurite_store_operation_duration_seconds", { table: "tenants" }) >= 1, "start-up read the tenants");
    assert.equal(m.value("lazurite_change_feed_live"), 1);
    // Process metrics (prom-client's defaults).
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_heap_size_used_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      assert.ok(m.family(name), `${name} is exported`);
    }
  });

  it("counts refusals by their status", async () => {
    const before = await scrape(s);
    assert.equal((await s.call(`${accountPath()}?api-version=${VI_NEWEST}`)).status, 401);
    const m = await scrape(s);
    const labels = { surface: "arm", operation: "Accounts_Get", status: "401" };
    assert.equal(m.value("lazurite_requests_total", labels) - before.value("lazurite_requests_total", labels), 1);
  });
});

describe("the test's Prometheus text-format reader", () => {
  it("reads escapes, special values and timestamps, and refuses what the format does not allow", () => {
    const ok = parsePrometheusText(
      [
        "# HELP a_total A counter.",
        "# TYPE a_total counter",
        'a_total{path="C:\\\\dir",msg="say \\"hi\\"\\n"} 3 1395066363000',
        "# TYPE b gauge",
        "b NaN",
        "# TYPE h histogram",
        'h_bucket{le="1"} 1',
        'h_bucket{le="+Inf"} 2',
        "h_sum 1.5e0",
        "h_count 2",
      ].join("\n"),
    );
    assert.deepEqual(ok.get("a_total")?.samples[0], { name: "a_total", labels: { path: "C:\\dir", msg: 'say "hi"\n' }, value: 3 });
    assert.ok(Number.isNaN(ok.get("b")!.samples[0]!.value));
    for (const bad of [
      "orphan 1",
      "# TYPE c counter\nc{x=1} 1",
      "# TYPE c counter\nc one",
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1',
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3',
    ]) {
      assert.throws(() => parsePrometheusText(bad), assert.AssertionError, bad);
    }
  });
});

describe("fast counters and histograms", () => {
  it("export exactly what was counted and observed, in prom-client's text format", async () => {
    const registry = new Registry();
    const c = fastCounter(registry, "t_total", "A counter.", ["a", "b"]);
    const h = new FastHistogram(registry, "t_seconds", "A histogram.", ["a"], [0.1, 1]);
    c.inc("x", "y");
    c.inc("x", "y");
    c.inc("x", 'q"uote');
    for (const v of [0.05, 0.1, 0.5, 3]) h.record(v, "x");
    const m = parsePrometheusText(await registry.metrics());
    assert.deepEqual(
      m.get("t_total")!.samples.map((s) => [s.labels, s.value]),
      [
        [{ a: "x", b: "y" }, 2],
        [{ a: "x", b: 'q"uote' }, 1],
      ],
    );
    assert.deepEqual(
      m.get("t_seconds")!.samples.map((s) => [s.name, s.labels.le ?? "", s.value]),
      [
        ["t_seconds_bucket", "0.1", 2],
        ["t_seconds_bucket", "1", 3],
        ["t_seconds_bucket", "+Inf", 4],
        ["t_seconds_sum", "", 3.65],
        ["t_seconds_count", "", 4],
      ],
    );
  });
});
