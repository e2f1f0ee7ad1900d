import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { isUnexpected } from "@azure-rest/ai-vision-face";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { DEV } from "../src/config/dev-defaults.js";
import { SESSION_TOKEN_AUDIENCE, SESSION_TOKEN_ISSUER } from "../src/surfaces/face/liveness/session-token.js";
import { DEVICE_ID, JPEG, V13, device, faceClient, png } from "./helpers/face-liveness.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const RESOURCE_ID = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEV.faceName}`;
const NOT_FOUND = { error: { code: "SessionNotFound", message: "Session Id is not found. The session id is expired or does not exist." } };
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex").toUpperCase();

/** Reads a node stream body (session images) as bytes. */
async function bytesOf(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream ?? []) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

describe("Face liveness sessions with the real client (v1.2, key)", () => {
  let s: TestServer;
  let t = new Date("2026-03-01T10:00:00.000Z");
  before(async () => (s = await startTestServer({ inMemory: true, now: () => t })));
  after(async () => s.close());

  it("create → token verifies with jose → device start → attempt → result → session image → delete → 404", async () => {
    const c = faceClient(s);
    const created = await c.path("/detectLiveness-sessions").post({
      body: {
        livenessOperationMode: "Passive",
        deviceCorrelationId: DEVICE_ID,
        enableSessionImage: true,
        authTokenTimeToLiveInSeconds: 120,
      },
    });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    assert.equal(created.status, "200");
    assert.deepEqual(Object.keys(created.body), ["sessionId", "authToken", "status", "modelVersion", "results"]);
    assert.match(created.body.sessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(created.body.status, "NotStarted");
    assert.equal(created.body.modelVersion, "2024-11-15");
    assert.deepEqual(created.body.results, { attempts: [] });
    for (const h of ["apim-request-id", "x-envoy-upstream-service-time"]) assert.ok(created.headers[h], h);
    assert.equal(created.headers["csp-billing-usage"], "CognitiveServices.Face.Transaction=1");
    assert.equal(created.headers["x-ms-region"], "West US 2");
    assert.equal(created.headers["strict-transport-security"], "max-age=31536000; includeSubDomains; preload");
    assert.equal(created.headers["x-content-type-options"], "nosniff");
    assert.equal(created.headers["content-type"], "application/json; charset=utf-8");

    const token = created.body.authToken;
    const jwks = createLocalJWKSet((await s.call("/.well-known/jwks.json")).json);
    const { payload } = await jwtVerify(token, jwks, {
      audience: SESSION_TOKEN_AUDIENCE,
      issuer: SESSION_TOKEN_ISSUER,
      algorithms: ["ES256"],
      currentDate: t,
    });
    assert.equal(decodeProtectedHeader(token).typ, "JWT");
    assert.deepEqual(Object.keys(payload), [
      "region",
      "subscription-id",
      "product-id",
      "allowed-paths",
      "azure-resource-id",
      "sid",
      "nbf",
      "iat",
      "face",
      "aud",
      "exp",
      "iss",
    ]);
    assert.equal(payload.sid, created.body.sessionId);
    assert.equal(payload["azure-resource-id"], RESOURCE_ID);
    assert.equal(payload.region, "westus2");
    assert.equal(payload["product-id"], "Face.S0");
    assert.match(String(payload["subscription-id"]), /^[0-9a-f]{32}$/);
    assert.equal(payload.exp! - payload.nbf!, 120, "expiry = TTL");
    assert.equal(payload.nbf, Math.floor(t.getTime() / 1000));
    const face = JSON.parse(String(payload.face));
    assert.deepEqual(face, { endpoint: s.url, sessionType: "Liveness", clientClaims: { livenessOperationMode: "Passive" } });
    const paths = JSON.parse(String(payload["allowed-paths"])) as { path: string }[];
    assert.deepEqual(
      paths.map((p) => p.path),
      ["face/v1.2/session/start", "face/v1.2/detectLiveness/singleModal", "_lazurite/face/liveness/attempts"],
    );

    const id = created.body.sessionId;
    const notStarted = await c.path("/detectLiveness-sessions/{sessionId}", id).get();
    if (isUnexpected(notStarted)) assert.fail(JSON.stringify(notStarted.body));
    assert.equal(notStarted.body.authToken, token, "the token is shown until the device starts");

    const started = await device(s, token, "start");
    assert.equal(started.status, 200, started.text);
    assert.deepEqual(started.json, { sessionId: id, status: "Running" });
    const running = await c.path("/detectLiveness-sessions/{sessionId}", id).get();
    if (isUnexpected(running)) assert.fail(JSON.stringify(running.body));
    assert.deepEqual(
      running.body,
      { sessionId: id, authToken: "", status: "Running", results: { attempts: [] } },
      "as recorded: no modelVersion, empty token",
    );

    const attempt = await device(s, token, "attempts", { livenessDecision: "realface", image: JPEG.toString("base64") });
    assert.equal(attempt.status, 200, attempt.text);
    assert.equal(attempt.json.status, "Succeeded");
    const result = await c.path("/detectLiveness-sessions/{sessionId}", id).get();
    if (isUnexpected(result)) assert.fail(JSON.stringify(result.body));
    assert.equal(result.body.status, "Succeeded");
    assert.equal(result.body.modelVersion, "2024-11-15");
    const [a] = result.body.results.attempts;
    assert.deepEqual(a, attempt.json.attempt, "the device's answer is the attempt as the GET shows it");
    assert.equal(a!.attemptId, 1);
    assert.equal(a!.attemptStatus, "Succeeded");
    assert.deepEqual(Object.keys(a!.result!), ["livenessDecision", "targets", "digest", "sessionImageId"]);
    assert.equal(a!.result!.livenessDecision, "realface");
    assert.equal(a!.result!.digest, sha(JPEG));
    assert.deepEqual(a!.result!.targets.color.faceRectangle, { top: 84, left: 160, width: 320, height: 312 });
    const imageId = a!.result!.sessionImageId!;
    assert.match(imageId, /^A[A-Za-z0-9_-]{43}$/);

    const img = await c.path("/sessionImages/{sessionImageId}", imageId).get().asNodeStream();
    assert.equal(img.status, "200");
    assert.deepEqual(await bytesOf(img.body), JPEG, "the image bytes come back intact");
    assert.equal(img.headers["content-type"], "application/octet-stream");
    assert.equal(img.headers["content-disposition"], `attachment; filename=${imageId}.jpg; filename*=UTF-8''${imageId}.jpg`);
    assert.equal(img.headers["csp-billing-usage"], "CognitiveServices.Face.Transaction=1");

    const deleted = await c.path("/detectLiveness-sessions/{sessionId}", id).delete();
    assert.equal(deleted.status, "204");
    assert.equal(isUnexpected(deleted), false);
    assert.equal(deleted.headers["content-length"], "0");
    const gone = await c.path("/detectLiveness-sessions/{sessionId}", id).get();
    assert.equal(gone.status, "404");
    assert.deepEqual(gone.body, NOT_FOUND);
    assert.equal(gone.headers["csp-billing-usage"], undefined, "no billing header on the 404, as recorded");
    assert.equal(gone.headers["x-ms-region"], "West US 2");
    const imgGone = await c.path("/sessionImages/{sessionImageId}", imageId).get();
    assert.equal(imgGone.status, "404", "deleting the session removed its image");
    assert.equal((await s.store.livenessSessionImages.list()).length, 0);
    const afterDelete = await device(s, token, "attempts", {});
    assert.equal(afterDelete.status, 401, "a deleted session's token is deactivated");
    assert.equal(afterDelete.json.error.code, "401");
  });

  it("liveness with verify: README-style multipart (no filename), references, verify result, image hash", async () => {
    const c = faceClient(s);
    const created = await c.path("/detectLivenessWithVerify-sessions").post({
      contentType: "multipart/form-data",
      body: [
        { name: "livenessOperationMode", body: "Passive" },
        { name: "deviceCorrelationId", body: DEVICE_ID },
        { name: "enableSessionImage", body: false },
        { name: "returnVerifyImageHash", body: true },
        { name: "verifyConfidenceThreshold", body: 0.6 },
        { name: "verifyImage", body: JPEG },
      ],
    });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    assert.deepEqual(created.body.results, {
      attempts: [],
      verifyReferences: [
        { referenceType: "image", faceRectangle: { top: 84, left: 160, width: 320, height: 312 }, qualityForRecognition: "high" },
      ],
    });
    const id = created.body.sessionId;
    const r = await device(s, created.body.authToken, "attempts", { verify: { matchConfidence: 0.55 } });
    assert.equal(r.status, 200, r.text);
    const got = await c.path("/detectLivenessWithVerify-sessions/{sessionId}", id).get();
    if (isUnexpected(got)) assert.fail(JSON.stringify(got.body));
    assert.deepEqual(got.body.results.verifyReferences, [
      { faceRectangle: { top: 84, left: 160, width: 320, height: 312 }, qualityForRecognition: "high" },
    ]);
    const res = got.body.results.attempts[0]!.result!;
    assert.deepEqual(res.verifyResult, { matchConfidence: 0.55, isIdentical: false }, "below the session's 0.6 threshold");
    assert.equal(res.verifyImageHash, sha(JPEG));
    assert.equal(res.sessionImageId, undefined, "no image kept without enableSessionImage");
    assert.equal(res.digest, sha(Buffer.from(`${id}:1`)), "no image: digest of the session and attempt");
    // The verify path does not serve plain sessions and vice versa.
    assert.equal((await c.path("/detectLiveness-sessions/{sessionId}", id).get()).status, "404");
    assert.equal((await c.path("/detectLiveness-sessions/{sessionId}", id).delete()).status, "404");
    assert.equal((await c.path("/detectLivenessWithVerify-sessions/{sessionId}", id).delete()).status, "204");
  });

  it("with a filename and a content type, and as a FormData body, the verify image is accepted too", async () => {
    const c = faceClient(s);
    const named = await c.path("/detectLivenessWithVerify-sessions").post({
      contentType: "multipart/form-data",
      body: [
        { name: "livenessOperationMode", body: "PassiveActive" },
        { name: "deviceCorrelationId", body: DEVICE_ID },
        { name: "verifyImage", body: png(200, 300, true), filename: "face.png", contentType: "image/png" },
      ],
    });
    if (isUnexpected(named)) assert.fail(JSON.stringify(named.body));
    assert.deepEqual(named.body.results.verifyReferences[0]!.faceRectangle, { top: 53, left: 50, width: 100, height: 195 });
    const fd = new FormData();
    fd.append("livenessOperationMode", "Passive");
    fd.append("deviceCorrelationId", DEVICE_ID);
    fd.append("verifyImage", new Blob([JPEG], { type: "image/jpeg" }), "me.jpg");
    const viaFormData = await c.path("/detectLivenessWithVerify-sessions").post({ contentType: "multipart/form-data", body: fd });
    assert.equal(viaFormData.status, "200", JSON.stringify(viaFormData.body));
  });

  it("the token expires with its TTL; a failed attempt keeps the session Running until the attempts run out", async () => {
    const c = faceClient(s);
    const created = await c.path("/detectLiveness-sessions").post({
      body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, authTokenTimeToLiveInSeconds: 60 },
    });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    const token = created.body.authToken;
    const mask = { error: { code: "FaceWithMaskDetected", message: "Mask detected on face image." } };
    const first = await device(s, token, "attempts", mask);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.status, "Running");
    assert.deepEqual(first.json.attempt, {
      attemptId: 1,
      attemptStatus: "Failed",
      error: { ...mask.error, targets: { color: { faceRectangle: { top: 669, left: 203, width: 646, height: 724 } } } },
    });
    t = new Date(t.getTime() + 61_000);
    const late = await device(s, token, "attempts", mask);
    assert.equal(late.status, 401, "expired token");
    assert.equal(late.headers["www-authenticate"], 'Bearer realm="face-liveness-session"');
    const got = await c.path("/detectLiveness-sessions/{sessionId}", created.body.sessionId).get();
    if (isUnexpected(got)) assert.fail(JSON.stringify(got.body));
    assert.equal(got.body.status, "Running", "an expired token changes nothing");
  });
});

describe("Face liveness sessions, v1.3-preview.1: attempts allowed, user correlation, abuse monitoring, settings", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("settings: off by default, PATCH turns abuse monitoring on, sessions copy it; v1.2 has no /settings", async () => {
    const c = faceClient(s, { apiVersion: V13 });
    const initial = await c.pathUnchecked("/settings").get();
    assert.equal(initial.status, "200");
    assert.deepEqual(initial.body, { livenessAbuseMonitoring: { enabled: false } });
    const patched = await c.pathUnchecked("/settings").patch({ body: { livenessAbuseMonitoring: { enabled: true } } });
    assert.equal(patched.status, "200", JSON.stringify(patched.body));
    assert.deepEqual(patched.body, { livenessAbuseMonitoring: { enabled: true } });
    assert.deepEqual(
      (await c.pathUnchecked("/settings").patch({ body: {} })).body,
      { livenessAbuseMonitoring: { enabled: true } },
      "an empty update keeps it",
    );
    const bad = await c.pathUnchecked("/settings").patch({ body: { livenessAbuseMonitoring: { enabled: "yes" } } });
    assert.equal(bad.status, "400");
    assert.equal(bad.body.error.code, "InvalidRequestBody");
    const v12 = await faceClient(s).pathUnchecked("/settings").get();
    assert.equal(v12.status, "404");
    assert.deepEqual(v12.body, { error: { code: "404", message: "Resource not found" } });

    const created = await c.path("/detectLiveness-sessions").post({
      body: {
        livenessOperationMode: "Passive",
        deviceCorrelationId: DEVICE_ID,
        userCorrelationId: "user-1",
        numberOfClientAttemptsAllowed: 2,
      } as never,
    });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body), [
      "sessionId",
      "authToken",
      "status",
      "modelVersion",
      "isAbuseMonitoringEnabled",
      "results",
    ]);
    assert.equal((created.body as unknown as { isAbuseMonitoringEnabled: boolean }).isAbuseMonitoringEnabled, true);
    const token = created.body.authToken;
    const failed = await device(s, token, "attempts", { error: { code: "FaceEyeRegionNotVisible", message: "Eyes not visible." } });
    assert.equal(failed.json.status, "Running");
    assert.deepEqual(failed.json.attempt.clientInformation, [{ ip: "127.0.0.1" }]);
    assert.deepEqual(failed.json.attempt.abuseMonitoringResult, { isAbuseDetected: false, otherFlaggedSessions: [] });
    const second = await device(s, token, "attempts", {
      error: { code: "FaceWithMaskDetected", message: "Mask detected on face image." },
      abuseMonitoring: { isAbuseDetected: true, otherFlaggedSessions: [{ attemptId: 1, sessionId: created.body.sessionId }] },
    });
    assert.equal(second.json.status, "Failed", "the last allowed attempt failed");
    const third = await device(s, token, "attempts", {});
    assert.equal(third.status, 409);
    assert.equal(third.json.error.code, "SessionFinished");
    const got = await c.path("/detectLiveness-sessions/{sessionId}", created.body.sessionId).get();
    if (isUnexpected(got)) assert.fail(JSON.stringify(got.body));
    assert.deepEqual(
      got.body.results.attempts.map((a) => a.attemptId),
      [2, 1],
      "newest first",
    );
    const v12view = await faceClient(s).path("/detectLiveness-sessions/{sessionId}", created.body.sessionId).get();
    if (isUnexpected(v12view)) assert.fail(JSON.stringify(v12view.body));
    assert.equal("isAbuseMonitoringEnabled" in v12view.body, false, "v1.2 shows no v1.3 fields");
    assert.equal("clientInformation" in v12view.body.results.attempts[0]!, false);
  });

  it("userCorrelationId is required in the JSON create; set in client, the device gives it at start", async () => {
    const c = faceClient(s, { apiVersion: V13 });
    const missing = await c
      .path("/detectLiveness-sessions")
      .post({ body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID } });
    assert.equal(missing.status, "400");
    assert.equal((missing.body as { error: { code: string } }).error.code, "InvalidUserCorrelationId");
    const inClient = await c.path("/detectLiveness-sessions").post({
      body: { livenessOperationMode: "Passive", deviceCorrelationIdSetInClient: true, userCorrelationIdSetInClient: true } as never,
    });
    if (isUnexpected(inClient)) assert.fail(JSON.stringify(inClient.body));
    const token = inClient.body.authToken;
    const noIds = await device(s, token, "start", {});
    assert.equal(noIds.status, 400);
    assert.equal(noIds.json.error.code, "InvalidDeviceCorrelationId");
    assert.equal((await device(s, token, "start", { deviceCorrelationId: "d-1", userCorrelationId: "u-1" })).status, 200);
    assert.equal((await device(s, token, "attempts", {})).json.status, "Succeeded");
    const exhausted = await c.path("/detectLivenessWithVerify-sessions").post({
      contentType: "multipart/form-data",
      body: [
        { name: "livenessOperationMode", body: "Passive" },
        { name: "deviceCorrelationId", body: DEVICE_ID },
        { name: "numberOfClientAttemptsAllowed", body: 1 } as never,
        { name: "verifyImage", body: JPEG, filename: "verifyImage.jpg" },
      ],
    });
    assert.equal(exhausted.status, "200", "the verify form needs no userCorrelationId (it has no such field)");
  });

  it("expectedClientIpAddress: an attempt from another address is refused", async () => {
    const c = faceClient(s, { apiVersion: V13 });
    const make = async (ip: string) => {
      const r = await c.path("/detectLiveness-sessions").post({
        body: {
          livenessOperationMode: "Passive",
          deviceCorrelationId: DEVICE_ID,
          userCorrelationId: "u",
          expectedClientIpAddress: ip,
        } as never,
      });
      if (isUnexpected(r)) assert.fail(JSON.stringify(r.body));
      return r.body;
    };
    const other = await make("10.1.2.0/24");
    assert.equal((other as unknown as { expectedClientIpAddress: string }).expectedClientIpAddress, "10.1.2.0/24");
    const refused = await device(s, other.authToken, "attempts", {});
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, "ClientIpNotAllowed");
    assert.equal((await device(s, (await make("127.0.0.0/8")).authToken, "attempts", {})).status, 200);
    const bad = await c.path("/detectLiveness-sessions").post({
      body: {
        livenessOperationMode: "Passive",
        deviceCorrelationId: DEVICE_ID,
        userCorrelationId: "u",
        expectedClientIpAddress: "not-an-ip",
      } as never,
    });
    assert.equal(bad.status, "400");
  });
});

describe("the device stand-in refuses what a real device could not present", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("forged, foreign-signed, re-minted and missing tokens → 401 in Face's envelope", async () => {
    const c = faceClient(s);
    const created = await c
      .path("/detectLiveness-sessions")
      .post({ body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID } });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    const token = created.body.authToken;
    const [h, p, sig] = token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 9999 })).toString("base64url")}.${sig}`;
    // Signed with the Face key for the same session, but not the token the session was given.
    const reminted = await s.keys.sign("face", "ES256", { ...claims, exp: claims.exp + 1 });
    for (const bad of [tampered, reminted, "not-a-jwt", `${h}.${p}.`]) {
      const r = await device(s, bad, "attempts", {});
      assert.equal(r.status, 401, bad.slice(0, 20));
      assert.equal(r.json.error.code, "401");
      assert.ok(r.headers["apim-request-id"]);
    }
    const none = await s.call("/_lazurite/face/liveness/attempts", { method: "POST", body: {} });
    assert.equal(none.status, 401);
    const unknown = await s.call("/_lazurite/face/liveness/nothing", { method: "POST", body: {} });
    assert.deepEqual(unknown.json, { error: { code: "404", message: "Resource not found" } }, "Face owns /_lazurite/face/");
    const badBody = await device(s, token, "attempts", { livenessDecision: "maybe" });
    assert.equal(badBody.status, 400);
    assert.equal(badBody.json.error.code, "InvalidRequestBody");
    assert.match(badBody.json.error.message, /livenessDecision/);
    const both = await device(s, token, "attempts", { livenessDecision: "realface", error: { code: "X", message: "y" } });
    assert.equal(both.status, 400);
    const verifyOnPlain = await device(s, token, "attempts", { verify: { isIdentical: true } });
    assert.equal(verifyOnPlain.status, 400);
    const notImage = await device(s, token, "attempts", { image: Buffer.alloc(4096, 7).toString("base64") });
    assert.equal(notImage.status, 400);
    assert.equal(notImage.json.error.code, "InvalidImage");
  });
});
