import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getClient } from "@azure-rest/core-client";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { runCli } from "../src/cli/program.js";
import { DEV } from "../src/config/dev-defaults.js";
import { postForm } from "./helpers/entra.js";
import { ExchangeRecorder } from "./helpers/exchanges.js";
import { scrape } from "./helpers/metrics.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";
import { accountPath, ARM_SCOPE, devCredential, newApp, VI_NEWEST } from "./helpers/vi.js";

const T = DEV.tenantId;
const FACE_ROUTE = "/settings/getClientAssetsAccessToken";
const FACE_PATH = `/face/v1.3-preview.1${FACE_ROUTE}`;
const apiVersion = "v1.3-preview.1" as FaceClientOptions["apiVersion"];
const TOKEN_BODY = { permissionType: "Contributor", scope: "Account" };

interface Rule {
  id: string;
  remaining?: number;
  [k: string]: unknown;
}

async function addRule(s: TestServer, rule: Record<string, unknown>): Promise<Rule> {
  const r = await s.admin("POST", "/faults", rule);
  assert.equal(r.status, 201, r.text);
  return r.json as Rule;
}

const clearRules = async (s: TestServer) => assert.equal((await s.admin("DELETE", "/faults")).status, 200);

/** The real `@azure-rest/core-client` pipeline with its default retry policy, every attempt recorded. */
function retryingArmClient(s: TestServer, rec: ExchangeRecorder) {
  return getClient(s.url, devCredential(s), {
    credentials: { scopes: [ARM_SCOPE] },
    tlsOptions: { ca: s.certificatePem },
    additionalPolicies: [{ policy: rec.policy(), position: "perRetry" }],
  });
}

describe("fault injection", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("429 with Retry-After: 1 twice on the VI token route: the real pipeline retries and succeeds on the third try", async () => {
    const rule = await addRule(s, { surface: "arm", operation: "Generate_AccessToken", count: 2, error: { status: 429, retryAfter: 1 } });
    assert.equal(rule.remaining, 2);
    const mark = (await s.admin("GET", "/requests")).json.lastSeq as number;
    const metricsBefore = await scrape(s);

    const rec = new ExchangeRecorder();
    const started = Date.now();
    const res = await retryingArmClient(s, rec)
      .path(`${accountPath()}/generateAccessToken`)
      .post({ queryParameters: { "api-version": VI_NEWEST }, body: TOKEN_BODY });
    assert.equal(res.status, "200", JSON.stringify(res.body));
    assert.ok(Date.now() - started >= 1900, "the pipeline waited Retry-After twice");
    const attempts = rec.exchanges.filter((e) => e.request.url.includes("/generateAccessToken"));
    assert.deepEqual(
      attempts.map((e) => e.response.statusCode),
      [429, 429, 200],
    );
    for (const a of attempts.slice(0, 2)) {
      assert.equal(a.response.headers?.["retry-after"], "1");
      assert.equal(a.response.headers?.["x-ms-ratelimit-remaining-subscription-writes"], "0");
      assert.ok(a.response.headers?.["x-ms-request-id"], "ARM's own headers are there");
      const body = a.response.body as { error: { code: string; message: string } };
      assert.equal(body.error.code, "SubscriptionRequestsThrottled");
      assert.equal(
        body.error.message,
        `Number of 'write' requests for subscription '${DEV.subscriptionId}' actor '${DEV.appObjectId}' exceeded. Please try again after '1' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
      );
    }

    // The inspector shows the three requests, the first two answered by the rule.
    const entries = (await s.admin("GET", `/requests?since=${mark}&surface=arm`)).json.value as {
      status: number;
      operation: string;
      fault?: string;
    }[];
    assert.deepEqual(
      entries.map((e) => [e.operation, e.status, e.fault]),
      [
        ["Generate_AccessToken", 429, rule.id],
        ["Generate_AccessToken", 429, rule.id],
        ["Generate_AccessToken", 200, undefined],
      ],
    );
    // The metrics count them.
    const m = await scrape(s);
    const delta = (status: string) => {
      const labels = { surface: "arm", operation: "Generate_AccessToken", status };
      return m.value("lazurite_requests_total", labels) - metricsBefore.value("lazurite_requests_total", labels);
    };
    assert.equal(delta("429"), 2);
    assert.equal(delta("200"), 1);
    // The rule is spent and stays listed as such.
    assert.equal(((await s.admin("GET", `/faults/${rule.id}`)).json as Rule).remaining, 0);
    await clearRules(s);
  });

  it("answers in each surface's own envelope and headers", async () => {
    const face = createFaceClient(s.url, new AzureKeyCredential(DEV.faceKey1), {
      apiVersion,
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
    });
    const faceRule = await addRule(s, { surface: "face", count: 1, error: { status: 429 } });
    const throttled = await face.pathUnchecked(FACE_ROUTE).get();
    assert.equal(throttled.status, "429");
    assert.deepEqual(throttled.body, { error: { code: "429", message: "Rate limit is exceeded." } });
    assert.equal(throttled.headers["retry-after"], "1", "a 429 carries Retry-After: 1 unless the rule says otherwise");
    assert.equal(throttled.headers["x-ms-error-code"], "429");
    assert.ok(throttled.headers["apim-request-id"]);
    await s.admin("DELETE", `/faults/${faceRule.id}`);

    await addRule(s, { surface: "face", count: 1, error: { status: 500 } });
    const failed = await face.pathUnchecked(FACE_ROUTE).get();
    assert.equal(failed.status, "500");
    assert.equal(JSON.stringify(failed.body), '{"error":{"code":"Unspecified","message":"Internal server error"}}');
    assert.equal((await face.pathUnchecked(FACE_ROUTE).get()).status, "200", "count 1: the next call is served");

    await addRule(s, { surface: "entra", operation: "token_v2", count: 1, error: { status: 429, retryAfter: 3 } });
    const entra = await postForm(s, `/${T}/oauth2/v2.0/token`, {
      grant_type: "client_credentials",
      client_id: DEV.clientId,
      client_secret: DEV.clientSecret,
      scope: ARM_SCOPE,
    });
    assert.equal(entra.status, 429);
    assert.equal(entra.json.error, "temporarily_unavailable");
    assert.deepEqual(entra.json.error_codes, [90055]);
    assert.match(entra.json.error_description, /^AADSTS90055: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: /);
    assert.equal(entra.headers["retry-after"], "3");
    assert.equal(entra.headers["cache-control"], "no-store, no-cache");

    await addRule(s, {
      surface: "entra",
      count: 1,
      error: {
        status: 400,
        code: "AADSTS50196",
        message: "The server terminated an operation because it encountered a client request loop.",
      },
    });
    const loop = await postForm(s, `/${T}/oauth2/v2.0/token`, { grant_type: "client_credentials" });
    assert.equal(loop.json.error, "invalid_request");
    assert.deepEqual(loop.json.error_codes, [50196]);
    assert.match(
      loop.json.error_description,
      /^AADSTS50196: The server terminated an operation because it encountered a client request loop\. Trace ID/,
    );

    await addRule(s, { surface: "arm", count: 1, error: { status: 503, code: "ServerBusy", message: "Try later." } });
    const arm = await s.call(`${accountPath()}?api-version=${VI_NEWEST}`);
    assert.equal(arm.status, 503);
    assert.deepEqual(arm.json, { error: { code: "ServerBusy", message: "Try later." } });
    assert.equal(arm.headers["retry-after"], undefined, "no Retry-After unless asked for (or a 429)");
    assert.ok(arm.headers["x-ms-correlation-request-id"]);

    await addRule(s, { surface: "identity", count: 2, error: { status: 503, retryAfter: 2 } });
    const appService = await s.call("/msi/token?api-version=2019-08-01&resource=https://management.azure.com/");
    assert.equal(appService.status, 503);
    assert.equal(appService.json.statusCode, 503);
    assert.match(appService.json.correlationId, /^[0-9a-f-]{36}$/);
    const imds = await s.call("/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/", {
      headers: { metadata: "true" },
    });
    assert.equal(imds.status, 503);
    assert.equal(imds.json.error, "server_error");
    assert.equal(imds.headers["retry-after"], "2");

    await addRule(s, { surface: "internal", path: "/.well-known/jwks.json", count: 1, error: { status: 503 } });
    const jwks = await s.call("/.well-known/jwks.json");
    assert.equal(jwks.status, 503);
    assert.equal(jwks.json.error.code, "InjectedFault");
    await clearRules(s);
  });

  it("matches on method, path glob, operation and principal; delays; honours probability", async () => {
    const other = await newApp(s, { role: "Owner", scope: `/subscriptions/${DEV.subscriptionId}` });
    const otherToken = (await other.credential.getToken(ARM_SCOPE))!.token;
    const devToken = (await devCredential(s).getToken(ARM_SCOPE))!.token;
    const get = (token: string, path = accountPath()) =>
      s.call(`${path}?api-version=${VI_NEWEST}`, { headers: { authorization: `Bearer ${token}` } });

    await addRule(s, {
      method: "GET",
      path: "/subscriptions/*/resourceGroups/*/providers/Microsoft.VideoIndexer/**",
      principal: other.objectId,
      error: { status: 500 },
    });
    assert.equal((await get(otherToken)).status, 500, "glob, method and principal match");
    assert.equal((await get(devToken)).status, 200, "another principal is not hit");
    assert.equal(
      (await get(otherToken, `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}`)).status,
      200,
      "another path is not hit",
    );
    await clearRules(s);

    await addRule(s, { operation: "accounts_get", principal: other.clientId, latency_ms: 300 });
    const t0 = Date.now();
    assert.equal((await get(otherToken)).status, 200, "a delay alone still answers");
    assert.ok(Date.now() - t0 >= 290, "and waits first");
    await clearRules(s);

    await addRule(s, { surface: "arm", probability: 0, error: { status: 500 } });
    for (let i = 0; i < 5; i++) assert.equal((await get(devToken)).status, 200);
    await clearRules(s);

    // Operations that follow any scope (role assignments) are named by their id too.
    await addRule(s, { operation: "RoleAssignments_ListForScope", error: { status: 503 } });
    const assignments = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.Authorization/roleAssignments`;
    const listed = await s.call(`${assignments}?api-version=2022-04-01`, { headers: { authorization: `Bearer ${devToken}` } });
    assert.equal(listed.status, 503, "a scoped operation is matched by its id");
    assert.equal((await get(devToken)).status, 200, "and only it");
    await clearRules(s);
    const after = await s.call(`${assignments}?api-version=2022-04-01`, { headers: { authorization: `Bearer ${devToken}` } });
    assert.equal(after.status, 200);
  });

  it("never faults the admin API, so rules can always be removed", async () => {
    await addRule(s, { path: "/**", error: { status: 500 } });
    assert.equal((await s.call("/_lazurite/health")).status, 500);
    assert.equal((await s.admin("GET", "/tenants")).status, 200);
    await clearRules(s);
    assert.equal((await s.call("/_lazurite/health")).status, 200);
  });

  it("validates rules, bounds their number, and lists, shows and deletes them", async () => {
    for (const bad of [
      {},
      { error: { status: 200 } },
      { probability: 2, latency_ms: 1 },
      { surface: "admin", latency_ms: 1 },
      { surface: "nope", latency_ms: 1 },
      { latency_ms: 1, extra: true },
      { path: "no-slash", latency_ms: 1 },
      { latency_ms: 120_000 },
      { principal: "x".repeat(300), latency_ms: 1 },
    ]) {
      const r = await s.admin("POST", "/faults", bad);
      assert.equal(r.status, 400, `${JSON.stringify(bad)} → ${r.text}`);
      assert.equal(r.json.error.code, "InvalidRequest");
    }
    const rules = [];
    for (let i = 0; i < 100; i++) rules.push(await addRule(s, { path: `/nothing/${i}`, latency_ms: 1 }));
    const over = await s.admin("POST", "/faults", { latency_ms: 1 });
    assert.equal(over.status, 409);
    const list = (await s.admin("GET", "/faults")).json.value as Rule[];
    assert.deepEqual(
      list.map((r) => r.id),
      rules.map((r) => r.id),
      "oldest first",
    );
    assert.equal((await s.admin("DELETE", `/faults/${rules[0]!.id}`)).status, 204);
    assert.equal((await s.admin("GET", `/faults/${rules[0]!.id}`)).status, 404);
    assert.equal((await s.admin("DELETE", `/faults/${rules[0]!.id}`)).status, 404);
    assert.deepEqual((await s.admin("DELETE", "/faults")).json, { deleted: 99 });
  });
});

describe("fault rules across a restart, and lazurite fault", () => {
  let dir: ReturnType<typeof tempDir>;
  before(() => (dir = tempDir()));
  after(() => dir.remove());

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("a rule added with the CLI survives a restart and still applies; clear removes it", async () => {
    let s = await startTestServer({ location: dir.path });
    const conn = ["--url", s.url, "--server-location", dir.path];
    const added = await cli(["fault", "add", ...conn, "--surface", "face", "--status", "429", "--retry-after", "7", "--count", "5"]);
    assert.equal(added.code, 0, added.err);
    const rule = JSON.parse(added.out) as Rule;
    assert.deepEqual(
      { surface: rule.surface, count: rule.count, remaining: rule.remaining, error: rule.error, probability: rule.probability },
      { surface: "face", count: 5, remaining: 5, error: { status: 429, retryAfter: 7 }, probability: 1 },
    );
    const hit = async () => s.call(FACE_PATH, { headers: { "ocp-apim-subscription-key": DEV.faceKey1 } });
    assert.equal((await hit()).status, 429);
    await s.close();

    s = await startTestServer({ location: dir.path });
    try {
      const conn2 = ["--url", s.url, "--server-location", dir.path];
      const listed = await cli(["fault", "list", ...conn2]);
      assert.equal(listed.code, 0, listed.err);
      assert.deepEqual(
        (JSON.parse(listed.out).value as Rule[]).map((r) => [r.id, r.remaining]),
        [[rule.id, 4]],
      );
      const after = await hit();
      assert.equal(after.status, 429);
      assert.equal(after.headers["retry-after"], "7");
      assert.equal((await cli(["fault", "add", ...conn2, "--code", "X"])).code, 2, "--code needs --status (a usage error)");
      const cleared = await cli(["fault", "clear", ...conn2]);
      assert.equal(cleared.out, "removed 1 fault rule");
      assert.equal((await hit()).status, 200);
    } finally {
      await s.close();
    }
  });
});
