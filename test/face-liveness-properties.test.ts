import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { DEV } from "../src/config/dev-defaults.js";
import { isServiceError } from "../src/core/service-error.js";
import { attemptInput, parseInput } from "../src/liveness/attempt-input.js";
import { checkImage } from "../src/liveness/image-check.js";
import { LivenessError } from "../src/liveness/liveness-error.js";
import { FACE_LIVENESS_VERSIONS } from "../src/surfaces/face/liveness/api-versions.js";
import { formFields, jsonFields, readCreateRequest } from "../src/surfaces/face/liveness/create-request.js";
import { parseForm } from "../src/surfaces/face/liveness/multipart.js";
import { DEVICE_ID, JPEG, device, multipart, raw } from "./helpers/face-liveness.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const KEY = { "ocp-apim-subscription-key": DEV.faceKey1 };

/** A Face error body: exactly `{error: {code, message}}` with strings, and the code repeated in x-ms-error-code. */
function assertFaceAnswer(r: { status: number; json: unknown; headers: Record<string, unknown> }, what: string): void {
  assert.ok(r.status < 500, `${what}: ${r.status}`);
  if (r.status >= 400) {
    const body = r.json as { error?: { code?: unknown; message?: unknown } };
    assert.deepEqual(Object.keys(body ?? {}), ["error"], what);
    assert.deepEqual(Object.keys(body.error ?? {}), ["code", "message"], what);
    assert.equal(typeof body.error!.code, "string", what);
    assert.equal(typeof body.error!.message, "string", what);
    assert.equal(r.headers["x-ms-error-code"], body.error!.code, what);
  }
}

/** Only Face-envelope refusals may leave a parser: a ServiceError with a 4xx status, or the shared machinery's LivenessError. */
function assertRefusal(e: unknown): void {
  if (isServiceError(e)) {
    assert.ok(e.statusCode >= 400 && e.statusCode < 500, String(e.statusCode));
    assert.deepEqual(Object.keys((e.body as { error: object }).error), ["code", "message"]);
  } else {
    assert.ok(e instanceof LivenessError, `unexpected ${String(e)}`);
    assert.ok(e.status >= 400 && e.status < 500);
  }
}

const fieldNames = fc.constantFrom(
  "livenessOperationMode",
  "deviceCorrelationIdSetInClient",
  "deviceCorrelationId",
  "enableSessionImage",
  "livenessModelVersion",
  "authTokenTimeToLiveInSeconds",
  "numberOfClientAttemptsAllowed",
  "userCorrelationId",
  "userCorrelationIdSetInClient",
  "expectedClientIpAddress",
  "returnVerifyImageHash",
  "verifyConfidenceThreshold",
  "verifyImage",
  "__proto__",
  "constructor",
);
const scalar = fc.oneof(
  fc.constantFrom("Passive", "passiveactive", "true", "false", "600", "59", "0.5", "", "2024-11-15", "10.0.0.0/8", DEVICE_ID),
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

describe("liveness parsers (property-based): never a 5xx, always Face's envelope", () => {
  it("readCreateRequest over arbitrary JSON values and objects only refuses in Face's envelope", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.dictionary(fieldNames, scalar)),
        fc.constantFrom(...FACE_LIVENESS_VERSIONS),
        fc.boolean(),
        (body, v, verify) => {
          try {
            const r = readCreateRequest(jsonFields(body), v, { verify, form: false });
            assert.ok(r.authTokenTimeToLiveInSeconds >= 60 && r.authTokenTimeToLiveInSeconds <= 86400);
            assert.ok(r.attemptsAllowed >= 1 && r.attemptsAllowed <= 3);
            assert.ok(r.deviceCorrelationIdSetInClient || (r.deviceCorrelationId!.length > 0 && r.deviceCorrelationId!.length <= 64));
          } catch (e) {
            assertRefusal(e);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("parseForm over arbitrary bytes, boundaries and near-valid forms resolves or refuses in Face's envelope", async () => {
    const part = fc.record({
      name: fc.oneof(fieldNames, fc.string({ maxLength: 20 })),
      body: fc.oneof(
        fc.string({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      ),
      filename: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    });
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((a) => ({ contentType: "multipart/form-data; boundary=x", body: Buffer.from(a) })),
      fc.array(part, { maxLength: 8 }).map((parts) => multipart(parts, "b0undary")),
      fc.tuple(fc.array(part, { minLength: 1, maxLength: 5 }), fc.nat(), fc.uint8Array({ maxLength: 40 })).map(([parts, cut, junk]) => {
        const m = multipart(parts, "b0undary");
        return { contentType: m.contentType, body: Buffer.concat([m.body.subarray(0, cut % (m.body.length + 1)), Buffer.from(junk)]) };
      }),
      fc.record({ contentType: fc.string({ maxLength: 60 }), body: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...FACE_LIVENESS_VERSIONS), async ({ contentType, body }, v) => {
        try {
          const form = await parseForm(contentType, body);
          readCreateRequest(formFields(form), v, { verify: true, form: true });
        } catch (e) {
          assertRefusal(e);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("the attempt input and the image check refuse in the machinery's terms only", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom("livenessDecision", "verify", "error", "image", "faceRectangle"), fc.jsonValue()),
        ),
        (body) => {
          try {
            parseInput(attemptInput, body);
          } catch (e) {
            assertRefusal(e);
          }
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(), (junk, cut) => {
        for (const bytes of [
          Buffer.from(junk),
          JPEG.subarray(0, cut % JPEG.length),
          Buffer.concat([JPEG.subarray(0, 2000), Buffer.from(junk)]),
        ]) {
          try {
            const img = checkImage(bytes);
            assert.ok(img.width >= 36 && img.height >= 36);
          } catch (e) {
            assertRefusal(e);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("liveness routes (property-based, over HTTPS): never a 5xx, always Face's envelope", () => {
  let s: TestServer;
  let token: string;
  before(async () => {
    s = await startTestServer({ inMemory: true });
    const r = await raw(s, "/face/v1.3-preview.1/detectLiveness-sessions", {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: JSON.stringify({
        livenessOperationMode: "Passive",
        deviceCorrelationId: DEVICE_ID,
        userCorrelationId: "u",
        numberOfClientAttemptsAllowed: 3,
      }),
    });
    token = r.json.authToken as string;
  });
  after(async () => s.close());

  it("JSON creates, verify forms and raw bodies of every content type", async () => {
    const route = fc.constantFrom(
      "/face/v1.2/detectLiveness-sessions",
      "/face/v1.3-preview.1/detectLiveness-sessions",
      "/face/v1.2/detectLivenessWithVerify-sessions",
      `/${DEV.faceName}/face/v1.3-preview.1/detectLivenessWithVerify-sessions`,
      "/face/v1.3-preview.1/settings",
    );
    const request = fc.oneof(
      fc.dictionary(fieldNames, scalar).map((o) => ({ contentType: "application/json", body: Buffer.from(JSON.stringify(o)) })),
      fc.jsonValue().map((v) => ({ contentType: "application/json; charset=utf-8", body: Buffer.from(JSON.stringify(v) ?? "") })),
      fc.string({ maxLength: 200 }).map((t) => ({ contentType: "application/json", body: Buffer.from(t) })),
      fc
        .array(fc.record({ name: fieldNames, body: fc.oneof(scalar.map(String), fc.constant(JPEG)) }), { maxLength: 6 })
        .map((parts) => multipart(parts)),
      fc.record({
        contentType: fc.constantFrom("text/plain", "application/octet-stream", "multipart/form-data", "image/jpeg"),
        body: fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a)),
      }),
    );
    await fc.assert(
      fc.asyncProperty(route, request, fc.constantFrom("POST", "PATCH"), async (path, { contentType, body }, method) => {
        const r = await raw(s, path, { method, headers: { ...KEY, "content-type": contentType }, body });
        assertFaceAnswer(r, `${method} ${path} ${contentType} ${body.subarray(0, 80).toString()}`);
      }),
      { numRuns: 250 },
    );
  });

  it("the device stand-in over arbitrary JSON bodies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom("livenessDecision", "verify", "error", "image", "faceRectangle", "deviceCorrelationId"),
            fc.jsonValue(),
          ),
        ),
        async (body) => {
          const r = await device(s, token, "start", body);
          assertFaceAnswer(r, JSON.stringify(body));
          const a = await raw(s, "/_lazurite/face/liveness/attempts", {
            method: "POST",
            headers: { authorization: `Bearer ${token}x`, "content-type": "application/json" },
            body: JSON.stringify(body) ?? "",
          });
          assert.equal(a.status, 401);
          assertFaceAnswer(a, "forged token");
        },
      ),
      { numRuns: 150 },
    );
  });
});
