import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isUnexpected } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { DEV } from "../src/config/dev-defaults.js";
import { LIVENESS_DATA_ACTIONS } from "../src/surfaces/face/liveness/data-actions.js";
import { identityOptions } from "./helpers/entra.js";
import { DEVICE_ID, JPEG, V13, device, faceClient, multipart, png, raw } from "./helpers/face-liveness.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint } from "./helpers/tokens.js";

const KEY = { "ocp-apim-subscription-key": DEV.faceKey1 };
const error = (code: string, message: string) => ({ error: { code, message } });
const INVALID_BODY = error("InvalidRequestBody", "Incorrect request body provided. Please check the operation schema and try again.");
const BAD_TTL = error("InvalidTokenLifetime", "Invalid authTokenTimeToLiveInSeconds specified. Must be within 60 to 86400.");
const BAD_MODE = error("InvalidLivenessOperationMode", "Invalid livenessOperationMode specified. Must be 'Passive'.");
const BAD_DEVICE = error(
  "InvalidDeviceCorrelationId",
  "A device correlation ID is required in the request body during session create or session start. Must not be null or empty, and be no more than 64 characters.",
);
const DECODING = error("InvalidImage", "Decoding error, image format unsupported.");
const NOT_FOUND = error("SessionNotFound", "Session Id is not found. The session id is expired or does not exist.");

describe("Face liveness errors, exactly as Face words them", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  const create = (body: Record<string, unknown>) =>
    faceClient(s)
      .path("/detectLiveness-sessions")
      .post({ body: body as never });
  const verifyCreate = (parts: { name: string; body: unknown; filename?: string; contentType?: string }[]) =>
    faceClient(s)
      .path("/detectLivenessWithVerify-sessions")
      .post({ contentType: "multipart/form-data", body: parts as never });
  const base = { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID };

  async function expectError(
    p: PromiseLike<{ status: string; body: unknown; headers: Record<string, string | undefined> }>,
    status: string,
    body: unknown,
  ) {
    const r = await p;
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.deepEqual(r.body, body);
    assert.equal(r.headers["x-ms-error-code"], (body as { error: { code: string } }).error.code);
    assert.ok(r.headers["apim-request-id"]);
    assert.equal(r.headers["csp-billing-usage"], undefined, "no billing on an error");
    assert.equal(r.headers["x-content-type-options"], "nosniff");
  }

  it("JSON create: token lifetime, mode, correlation id, model version, types", async () => {
    for (const ttl of [59, 86401, 600.5, 0, -1]) await expectError(create({ ...base, authTokenTimeToLiveInSeconds: ttl }), "400", BAD_TTL);
    for (const ttl of [60, 86400]) assert.equal((await create({ ...base, authTokenTimeToLiveInSeconds: ttl })).status, "200");
    await expectError(create({ ...base, livenessOperationMode: "Active" }), "400", BAD_MODE);
    assert.equal((await create({ ...base, livenessOperationMode: "passive" })).status, "200", "the mode is matched case-insensitively");
    await expectError(create({ deviceCorrelationId: DEVICE_ID }), "400", INVALID_BODY);
    await expectError(create({ livenessOperationMode: "Passive" }), "400", BAD_DEVICE);
    await expectError(create({ ...base, deviceCorrelationId: "" }), "400", BAD_DEVICE);
    await expectError(create({ ...base, deviceCorrelationId: "x".repeat(65) }), "400", BAD_DEVICE);
    await expectError(create({ ...base, deviceCorrelationIdSetInClient: true }), "400", BAD_DEVICE);
    assert.equal((await create({ livenessOperationMode: "Passive", deviceCorrelationIdSetInClient: true })).status, "200");
    await expectError(create({ ...base, livenessModelVersion: "2020-02-15" }), "400", INVALID_BODY);
    await expectError(create({ ...base, authTokenTimeToLiveInSeconds: "600" }), "400", INVALID_BODY);
    await expectError(create({ ...base, enableSessionImage: "yes" }), "400", INVALID_BODY);
    await expectError(create({ ...base, livenessOperationMode: 1 }), "400", INVALID_BODY);
  });

  it("v1.2 ignores v1.3-only fields; v1.3 bounds numberOfClientAttemptsAllowed", async () => {
    const r = await create({ ...base, numberOfClientAttemptsAllowed: 99, userCorrelationId: "x".repeat(100) });
    if (isUnexpected(r)) assert.fail(JSON.stringify(r.body));
    const stored = await s.store.livenessSessions.get(r.body.sessionId);
    assert.equal(stored?.attemptsAllowed, 3, "v1.2 sessions allow three attempts");
    const c13 = faceClient(s, { apiVersion: V13 });
    for (const n of [0, 4, 1.5]) {
      await expectError(
        c13.path("/detectLiveness-sessions").post({ body: { ...base, userCorrelationId: "u", numberOfClientAttemptsAllowed: n } as never }),
        "400",
        INVALID_BODY,
      );
    }
  });

  it("bodies that are not JSON objects, and wrong content types", async () => {
    const path = "/face/v1.2/detectLiveness-sessions";
    const malformed = await raw(s, path, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: '{"livenessOperationMode":',
    });
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.json, error("BadArgument", "JSON parsing error."));
    for (const body of ["[]", "null", '"Passive"', "42"]) {
      const r = await raw(s, path, { method: "POST", headers: { ...KEY, "content-type": "application/json" }, body });
      assert.equal(r.status, 400, body);
      assert.deepEqual(r.json, INVALID_BODY, body);
    }
    for (const ct of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const r = await raw(s, path, { method: "POST", headers: { ...KEY, "content-type": ct }, body: "livenessOperationMode=Passive" });
      assert.equal(r.status, 400, ct);
      assert.deepEqual(r.json, INVALID_BODY, ct);
    }
    const empty = await raw(s, path, { method: "POST", headers: KEY });
    assert.deepEqual(empty.json, INVALID_BODY, "no body at all");
    const form = multipart([{ name: "livenessOperationMode", body: "Passive" }]);
    const asForm = await raw(s, path, { method: "POST", headers: { ...KEY, "content-type": form.contentType }, body: form.body });
    assert.deepEqual(asForm.json, INVALID_BODY, "the JSON create takes no form");
  });

  it("verify create: the form, the verify image's format, size and completeness", async () => {
    // The caller forgot contentType: the client sends its part array as JSON.
    await expectError(
      faceClient(s)
        .path("/detectLivenessWithVerify-sessions")
        .post({ body: [{ name: "livenessOperationMode", body: "Passive" }] } as never),
      "400",
      INVALID_BODY,
    );
    const mode = { name: "livenessOperationMode", body: "Passive" };
    const dev = { name: "deviceCorrelationId", body: DEVICE_ID };
    await expectError(verifyCreate([mode, dev]), "400", INVALID_BODY);
    await expectError(verifyCreate([dev, { name: "verifyImage", body: JPEG }]), "400", INVALID_BODY);
    await expectError(verifyCreate([mode, { name: "verifyImage", body: JPEG }]), "400", BAD_DEVICE);
    await expectError(
      verifyCreate([mode, dev, { name: "authTokenTimeToLiveInSeconds", body: 30 }, { name: "verifyImage", body: JPEG }]),
      "400",
      BAD_TTL,
    );
    await expectError(
      verifyCreate([mode, dev, { name: "verifyConfidenceThreshold", body: 1.5 }, { name: "verifyImage", body: JPEG }]),
      "400",
      INVALID_BODY,
    );
    await expectError(
      verifyCreate([mode, dev, { name: "enableSessionImage", body: "maybe" }, { name: "verifyImage", body: JPEG }]),
      "400",
      INVALID_BODY,
    );
    const image = (body: Buffer) => verifyCreate([mode, dev, { name: "verifyImage", body }]);
    await expectError(image(Buffer.from("definitely not an image ".repeat(100))), "400", DECODING);
    await expectError(image(JPEG.subarray(0, 20_000)), "400", DECODING);
    await expectError(image(JPEG.subarray(0, 600)), "400", error("InvalidImageSize", "Image size is too small."));
    await expectError(image(png(36, 36, true).subarray(0, 1500)), "400", DECODING);
    await expectError(image(png(35, 60, true)), "400", error("InvalidImage", "No face detected in the image."));
    assert.equal((await image(png(36, 36, true))).status, "200", "36 × 36 is the smallest face Face detects");
    const big = png(1450, 1450, true);
    assert.ok(big.length > 6 * 1024 * 1024 && big.length < 6 * 1024 * 1024 + 64 * 1024);
    await expectError(image(big), "400", error("InvalidImageSize", "Image size is too big."));
    await expectError(image(png(1600, 1600, true)), "400", error("InvalidImageSize", "Image size is too big."));
  });

  it("malformed multipart bodies", async () => {
    const path = "/face/v1.2/detectLivenessWithVerify-sessions";
    const good = multipart([
      { name: "livenessOperationMode", body: "Passive" },
      { name: "deviceCorrelationId", body: DEVICE_ID },
      { name: "verifyImage", body: JPEG },
    ]);
    const send = (contentType: string, body: Buffer) =>
      raw(s, path, { method: "POST", headers: { ...KEY, "content-type": contentType }, body });
    assert.equal((await send(good.contentType, good.body)).status, 200);
    for (const [what, ct, body] of [
      ["no boundary", "multipart/form-data", good.body],
      ["wrong boundary", "multipart/form-data; boundary=nope", good.body],
      ["cut off", good.contentType, good.body.subarray(0, good.body.length - 40)],
      ["empty", good.contentType, Buffer.alloc(0)],
      ["garbage", good.contentType, Buffer.from("\r\n\r\n--\r\n")],
    ] as const) {
      const r = await send(ct, body);
      assert.equal(r.status, 400, what);
      assert.deepEqual(r.json, INVALID_BODY, what);
    }
    const twice = multipart([
      { name: "livenessOperationMode", body: "Passive" },
      { name: "livenessOperationMode", body: "PassiveActive" },
      { name: "deviceCorrelationId", body: DEVICE_ID },
      { name: "verifyImage", body: JPEG },
    ]);
    assert.deepEqual((await send(twice.contentType, twice.body)).json, INVALID_BODY, "a field given twice");
    const capital = multipart([
      { name: "LivenessOperationMode", body: "Passive" },
      { name: "deviceCorrelationId", body: DEVICE_ID },
      { name: "VerifyImage", body: JPEG, filename: "blob" },
    ]);
    assert.equal((await send(capital.contentType, capital.body)).status, 200, "names bind case-insensitively");
  });

  it("unknown sessions, other resources' sessions, unknown versions and paths", async () => {
    const c = faceClient(s);
    await expectError(c.path("/detectLiveness-sessions/{sessionId}", "00000000-0000-4000-8000-000000000000").get(), "404", NOT_FOUND);
    await expectError(c.path("/detectLiveness-sessions/{sessionId}", "not-a-guid").get(), "404", NOT_FOUND);
    await expectError(c.path("/detectLiveness-sessions/{sessionId}", "00000000-0000-4000-8000-000000000000").delete(), "404", NOT_FOUND);
    await expectError(c.path("/sessionImages/{sessionImageId}", "AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9").get(), "404", NOT_FOUND);
    const mine = await create(base);
    if (isUnexpected(mine)) assert.fail(JSON.stringify(mine.body));
    const other = await s.admin(
      "PUT",
      `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/face-other`,
      { location: "westeurope" },
    );
    const theirs = faceClient(s, { credential: new AzureKeyCredential(other.json.keys[0]) });
    const foreign = await theirs.path("/detectLiveness-sessions/{sessionId}", mine.body.sessionId).get();
    assert.equal(foreign.status, "404", "another resource's session is not found");
    assert.equal(foreign.headers["x-ms-region"], "West Europe");
    for (const [method, path] of [
      ["POST", "/face/v1.1-preview.1/detectLiveness-sessions"],
      ["POST", "/face/v1.2-preview.1/detectLiveness/singleModal/sessions"],
      ["GET", "/face/v1.2/settings"],
      ["PUT", "/face/v1.2/detectLiveness-sessions"],
      ["GET", "/face/v1.2/detectLiveness-sessions"],
      ["POST", "/face/v9.9/detectLiveness-sessions"],
    ] as const) {
      const r = await raw(s, path, { method, headers: { ...KEY, "content-type": "application/json" }, body: JSON.stringify(base) });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.deepEqual(r.json, error("404", "Resource not found"));
    }
    const wrongKey = await faceClient(s, { credential: new AzureKeyCredential("0".repeat(32)) })
      .path("/detectLiveness-sessions")
      .post({ body: base });
    assert.equal(wrongKey.status, "401");
    const badJsonNoKey = await raw(s, "/face/v1.2/detectLiveness-sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(badJsonNoKey.status, 401, "the key is checked before the body is read");
  });

  it("device stand-in: attempts past the allowed number", async () => {
    const c13 = faceClient(s, { apiVersion: V13 });
    const r = await c13
      .path("/detectLiveness-sessions")
      .post({ body: { ...base, userCorrelationId: "u", numberOfClientAttemptsAllowed: 1 } as never });
    if (isUnexpected(r)) assert.fail(JSON.stringify(r.body));
    const mask = { error: { code: "FaceWithMaskDetected", message: "Mask detected on face image." } };
    assert.equal((await device(s, r.body.authToken, "attempts", mask)).json.status, "Failed");
    const more = await device(s, r.body.authToken, "attempts", mask);
    assert.equal(more.status, 409, "a Failed session is finished");
    // Attempts exhausted while still running cannot happen (the last failure fails the session): checked directly.
    const stored = (await s.store.livenessSessions.get(r.body.sessionId))!;
    await s.store.livenessSessions.upsert({ ...stored, status: "Running" });
    const exhausted = await device(s, r.body.authToken, "attempts", {});
    assert.equal(exhausted.status, 403);
    assert.deepEqual(exhausted.json, error("AttemptsExhausted", "All 1 attempt(s) the session allows have been used."));
  });
});

describe("Face liveness with Entra bearer tokens: a data action per operation", () => {
  let s: TestServer;
  let mint: TokenMint;
  before(async () => {
    s = await startTestServer({ inMemory: true });
    mint = new TokenMint(s.store);
  });
  after(async () => s.close());

  const bearer = async (oid: string) => ({
    authorization: `Bearer ${await mint.sign(DEV.tenantId, { aud: "https://cognitiveservices.azure.com", oid, sub: oid })}`,
  });

  it("Cognitive Services User (the development app) drives every operation with the real client and @azure/identity", async () => {
    const credential = new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, identityOptions(s));
    const c = faceClient(s, { endpoint: `${s.url}/${DEV.faceName}`, credential });
    const created = await c
      .path("/detectLiveness-sessions")
      .post({ body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, enableSessionImage: true } });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    const attempt = await device(s, created.body.authToken, "attempts", {});
    assert.equal(attempt.status, 200);
    assert.equal((await c.path("/detectLiveness-sessions/{sessionId}", created.body.sessionId).get()).status, "200");
    assert.equal((await c.path("/sessionImages/{sessionImageId}", attempt.json.attempt.result.sessionImageId).get()).status, "200");
    assert.equal((await c.path("/detectLiveness-sessions/{sessionId}", created.body.sessionId).delete()).status, "204");
    const c13 = faceClient(s, { endpoint: `${s.url}/${DEV.faceName}`, credential, apiVersion: V13 });
    assert.equal((await c13.pathUnchecked("/settings").get()).status, "200");
    const bare = await faceClient(s, { credential })
      .path("/detectLiveness-sessions")
      .post({ body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID } });
    assert.equal(bare.status, "400", "a bearer token on the bare origin names no resource");
  });

  it("Face Recognizer grants the session operations, not the session image or settings; Owner grants none", async () => {
    const recognizer = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    const owner = "6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e";
    const scope = `/subscriptions/${DEV.subscriptionId}`;
    await s.admin("POST", "/roleAssignments", { principalId: recognizer, role: "Cognitive Services Face Recognizer", scope });
    await s.admin("POST", "/roleAssignments", { principalId: owner, role: "Owner", scope });
    const at = (p: string) => `/${DEV.faceName}/face${p}`;
    const body = JSON.stringify({ livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, enableSessionImage: true });
    const json = { "content-type": "application/json" };
    const made = await raw(s, at("/v1.2/detectLiveness-sessions"), {
      method: "POST",
      headers: { ...(await bearer(recognizer)), ...json },
      body,
    });
    assert.equal(made.status, 200, made.text);
    const id = made.json.sessionId as string;
    const imageId = (await device(s, made.json.authToken, "attempts", {})).json.attempt.result.sessionImageId as string;
    assert.equal((await raw(s, at(`/v1.2/detectLiveness-sessions/${id}`), { headers: await bearer(recognizer) })).status, 200);
    const denied = error("PermissionDenied", "Principal does not have access to API/Operation.");
    for (const p of [`/v1.2/sessionImages/${imageId}`, "/v1.3-preview.1/settings"]) {
      const r = await raw(s, at(p), { headers: await bearer(recognizer) });
      assert.equal(r.status, 401, p);
      assert.deepEqual(r.json, denied);
    }
    const verifyForm = multipart([
      { name: "livenessOperationMode", body: "Passive" },
      { name: "deviceCorrelationId", body: DEVICE_ID },
      { name: "verifyImage", body: JPEG },
    ]);
    const verify = await raw(s, at("/v1.2/detectLivenessWithVerify-sessions"), {
      method: "POST",
      headers: { ...(await bearer(recognizer)), "content-type": verifyForm.contentType },
      body: verifyForm.body,
    });
    assert.equal(verify.status, 200, verify.text);
    assert.equal(
      (await raw(s, at(`/v1.2/detectLiveness-sessions/${id}`), { method: "DELETE", headers: await bearer(recognizer) })).status,
      204,
    );
    const ownerTry = await raw(s, at("/v1.2/detectLiveness-sessions"), {
      method: "POST",
      headers: { ...(await bearer(owner)), ...json },
      body,
    });
    assert.equal(ownerTry.status, 401);
    assert.deepEqual(ownerTry.json, denied);
    assert.ok(Object.values(LIVENESS_DATA_ACTIONS).every((a) => a.startsWith("Microsoft.CognitiveServices/accounts/Face/")));
  });
});
