import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isUnexpected } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { DEV } from "../src/config/dev-defaults.js";
import { identityOptions } from "./helpers/entra.js";
import { ExchangeRecorder } from "./helpers/exchanges.js";
import { DEVICE_ID, JPEG, V13, device, faceClient } from "./helpers/face-liveness.js";
import { OavValidator, SHARED_SPECS, type Exchange } from "./helpers/oav.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { specsSkip } from "./helpers/shared.js";

const FACE = "ai/data-plane/Face";
const SPECS = [
  { to: `${FACE}/stable/v1.2/Face.json`, from: `${FACE}/stable/v1.2/Face.subset.json` },
  { to: `${FACE}/preview/v1.3-preview.1/Face.json`, from: `${FACE}/preview/v1.3-preview.1/Face.liveness.subset.json` },
];

/**
 * The one deliberate deviation from the spec, copied from the real service (docs/face-liveness.md#bodies):
 * GETs of a verify session leave `referenceType` out of `verifyReferences` [R], which the spec requires.
 */
const ALLOWED =
  /^response OBJECT_MISSING_REQUIRED_PROPERTY at \/results\/verifyReferences\/\d+\/referenceType: Missing required property: referenceType$/;

/** Face's version is a path segment: oav finds the operation by `?api-version=` (docs/sources.md#pitfalls); path style folds into the endpoint. */
function forOav(x: Exchange): Exchange {
  const u = new URL(x.request.url);
  u.pathname = u.pathname.replace(/^\/[^/]+(\/face\/)/, "$1");
  const version = /^\/face\/([^/]+)\//.exec(u.pathname)?.[1] ?? "";
  u.searchParams.set("api-version", version);
  return { ...x, request: { ...x.request, url: u.toString() } };
}

describe("Face liveness responses conform to the v1.2 and v1.3-preview.1 specs (oav)", { skip: specsSkip }, () => {
  let s: TestServer;
  let validator: OavValidator;
  const rec = new ExchangeRecorder();
  before(async () => {
    s = await startTestServer({ inMemory: true });
    validator = await OavValidator.create(
      SPECS.map((x) => ({ to: x.to, from: join(SHARED_SPECS, x.from) })),
      ["ai/**/Face.json"],
    );
  });
  after(async () => {
    await s.close();
    validator.close();
  });

  it("every operation of both versions, in every state, with key and bearer, successes and errors, validates", async () => {
    const credential = new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, identityOptions(s));
    for (const apiVersion of ["v1.2", V13 as string]) {
      const v13 = apiVersion !== "v1.2";
      const clients = [
        faceClient(s, { apiVersion, recorder: rec }),
        faceClient(s, { apiVersion, recorder: rec, endpoint: `${s.url}/${DEV.faceName}`, credential }),
      ];
      if (v13) {
        const c = clients[0]!;
        assert.equal((await c.pathUnchecked("/settings").get()).status, "200");
        assert.equal((await c.pathUnchecked("/settings").patch({ body: { livenessAbuseMonitoring: { enabled: true } } })).status, "200");
        // The spec types `enabled` as "object" (upstream bug), so oav cannot tell this request is wrong; Lazurite refuses it.
        assert.equal((await c.pathUnchecked("/settings").patch({ body: { livenessAbuseMonitoring: { enabled: 3 } } })).status, "400");
      }
      for (const c of clients) {
        const extra = v13 ? { userCorrelationId: "user-1", numberOfClientAttemptsAllowed: 2 } : {};
        const created = await c.path("/detectLiveness-sessions").post({
          body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, enableSessionImage: true, ...extra },
        });
        if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
        const id = created.body.sessionId;
        const get = () => c.path("/detectLiveness-sessions/{sessionId}", id).get();
        assert.equal((await get()).status, "200");
        await device(s, created.body.authToken, "start");
        assert.equal((await get()).status, "200");
        if (v13)
          await device(s, created.body.authToken, "attempts", {
            error: { code: "FaceWithMaskDetected", message: "Mask detected on face image." },
          });
        const a = await device(s, created.body.authToken, "attempts", { image: JPEG.toString("base64") });
        assert.equal((await get()).status, "200");
        assert.equal((await c.path("/sessionImages/{sessionImageId}", a.json.attempt.result.sessionImageId).get()).status, "200");
        assert.equal((await c.path("/detectLiveness-sessions/{sessionId}", id).delete()).status, "204");
        assert.equal((await get()).status, "404");

        const verify = await c.path("/detectLivenessWithVerify-sessions").post({
          contentType: "multipart/form-data",
          body: [
            { name: "livenessOperationMode", body: "PassiveActive" },
            { name: "deviceCorrelationId", body: DEVICE_ID },
            { name: "returnVerifyImageHash", body: true },
            { name: "verifyImage", body: JPEG, filename: "verifyImage.jpg" },
          ],
        });
        if (isUnexpected(verify)) assert.fail(JSON.stringify(verify.body));
        const vid = verify.body.sessionId;
        const vget = () => c.path("/detectLivenessWithVerify-sessions/{sessionId}", vid).get();
        assert.equal((await vget()).status, "200");
        await device(s, verify.body.authToken, "attempts", { verify: { matchConfidence: 0.2 } });
        assert.equal((await vget()).status, "200");
        assert.equal((await c.path("/detectLivenessWithVerify-sessions/{sessionId}", vid).delete()).status, "204");
        assert.equal((await vget()).status, "404");
        // Errors: the spec's `default` response with FaceErrorResponse.
        await rec.invalid(() =>
          c
            .path("/detectLiveness-sessions")
            .post({ body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, authTokenTimeToLiveInSeconds: 10 } }),
        );
        await rec.invalid(() => c.path("/detectLiveness-sessions").post({ body: { deviceCorrelationId: DEVICE_ID } as never }));
        assert.equal((await c.path("/sessionImages/{sessionImageId}", "AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9").get()).status, "404");
      }
      const wrongKey = faceClient(s, { apiVersion, recorder: rec, credential: new AzureKeyCredential("f".repeat(32)) });
      assert.equal(
        (await wrongKey.path("/detectLiveness-sessions/{sessionId}", "00000000-0000-4000-8000-000000000000").get()).status,
        "401",
      );
    }

    const exchanges = rec.exchanges.map(forOav);
    const { results } = await validator.report(exchanges);
    const failures = results
      .map((r) => ({ r, problems: r.problems.filter((p) => !ALLOWED.test(p)) }))
      .filter((x) => x.problems.length > 0)
      .map(
        (x) =>
          `${x.r.exchange.request.method} ${x.r.exchange.request.url} → ${x.r.exchange.response.statusCode}\n    ${x.problems.join("\n    ")}`,
      );
    assert.equal(failures.join("\n"), "", "oav found non-conforming exchanges");
    const ops = new Set(results.map((r) => `${new URL(r.exchange.request.url).searchParams.get("api-version")} ${r.operationId}`));
    const expected = [
      "CreateLivenessSession",
      "GetLivenessSessionResult",
      "DeleteLivenessSession",
      "CreateLivenessWithVerifySession",
      "GetLivenessWithVerifySessionResult",
      "DeleteLivenessWithVerifySession",
      "GetSessionImage",
    ];
    for (const v of ["v1.2", "v1.3-preview.1"])
      for (const op of expected) assert.ok(ops.has(`${v} LivenessSessionOperations_${op}`), `${v} ${op}`);
    for (const op of ["GetSettings", "PatchSettings"]) assert.ok(ops.has(`v1.3-preview.1 LivenessSessionOperations_${op}`), op);
    const statuses = new Set(results.map((r) => r.exchange.response.statusCode));
    assert.deepEqual([...statuses].sort(), [200, 204, 400, 401, 404]);
    // The allow-list was needed (the deviation is real) and matched only the verify GETs.
    const allowedHits = results.filter((r) => r.problems.some((p) => ALLOWED.test(p)));
    assert.ok(allowedHits.length > 0);
    for (const r of allowedHits) assert.equal(r.operationId, "LivenessSessionOperations_GetLivenessWithVerifySessionResult");
  });

  it("oav would catch a broken liveness body (the check can fail)", async () => {
    const good = rec.exchanges
      .map(forOav)
      .find((x) => x.response.statusCode === 200 && /detectLiveness-sessions\/[0-9a-f-]+\?/.test(x.request.url))!;
    const broken = { ...good, response: { ...good.response, body: { ...(good.response.body as object), status: "Done", results: {} } } };
    const { failures } = await validator.report([broken]);
    assert.match(failures, /status|attempts/);
  });
});
