import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { JPEG, device, raw } from "./helpers/face-liveness.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { RECORDINGS_DIR, recordingsSkip } from "./helpers/shared.js";

/**
 * Parity with the real service: every recorded request of recordings/face/ (test-proxy recordings
 * of the real Face service, docs/face-liveness.md#sources) is replayed against Lazurite, and the
 * answer is compared with the recorded one: status, error code, headers, and the body's shape (keys
 * in order, types, and the values that are not ids, tokens, digests or rectangles). Between two
 * requests the device stand-in does what the real device did on the phone (it is not in a
 * recording): it starts the session before a recorded Running, and makes the recorded attempt
 * before a recorded Succeeded.
 *
 * Recordings of versions Lazurite does not serve (v1.1-preview.1, v1.2-preview.1) are replayed
 * twice: verbatim (Face's 404, as for any unknown version), then on the GA v1.2 paths, where only
 * the DELETE status differs by version (200 in the previews, 204 in v1.2 [S]).
 */
interface Entry {
  RequestUri: string;
  RequestMethod: string;
  RequestHeaders: Record<string, string>;
  RequestBody: unknown;
  StatusCode: number;
  ResponseHeaders: Record<string, string>;
  ResponseBody: unknown;
}

function recordings(): { file: string; entries: Entry[] }[] {
  const dir = join(RECORDINGS_DIR, "face");
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith(".json") ? [join(d, n)] : []));
  return walk(dir).map((file) => ({
    file: file.slice(dir.length + 1),
    entries: (JSON.parse(readFileSync(file, "utf8")) as { Entries: Entry[] }).Entries,
  }));
}

/** Values compared as they are; every other string and number is compared by type only. */
const EXACT = new Set([
  "status",
  "attemptStatus",
  "modelVersion",
  "livenessDecision",
  "qualityForRecognition",
  "referenceType",
  "code",
  "message",
  "isIdentical",
]);

function shape(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => shape(x));
  if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => [k, shape(x, k)]);
  if (EXACT.has(key)) return v;
  if (typeof v === "string") return v === "" ? "<empty string>" : "<string>";
  return `<${typeof v}>`;
}

/** The recorded multipart body, rebuilt from the recording's description of it, with a JPEG of ours as the image. */
function recordedMultipart(description: string): Buffer {
  const head = /are: (.*?) then the JPEG bytes/s.exec(description)?.[1];
  const tail = /ends with (.*)\]$/s.exec(description)?.[1];
  assert.ok(head && tail, "the recording describes its multipart body");
  const unescape = (s: string) => s.replace(/\\r\\n/g, "\r\n");
  return Buffer.concat([Buffer.from(unescape(head)), JPEG, Buffer.from(unescape(tail))]);
}

/** v1.1-preview.1 / v1.2-preview.1 session paths on the GA v1.2 paths. */
function gaPath(path: string): string {
  return path
    .replace(/^\/face\/v1\.[12]-preview\.1\//, "/face/v1.2/")
    .replace("/detectLiveness/singleModal/sessions", "/detectLiveness-sessions")
    .replace("/detectLivenessWithVerify/singleModal/sessions", "/detectLivenessWithVerify-sessions");
}

const SERVED = ["v1.2", "v1.3-preview.1"];
/** Headers that carry no behaviour to compare: the date, the 2024 gateway's name, sanitized request ids. */
const UNCOMPARED = new Set(["date", "server"]);

describe("parity with the real service's recordings", { skip: recordingsSkip }, () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  const files = recordingsSkip ? [] : recordings();

  it("finds the recordings", () => {
    assert.ok(files.length >= 4, files.map((f) => f.file).join(", "));
  });

  for (const { file, entries } of files) {
    it(`replays ${file}`, async () => {
      const ids = new Map<string, string>(); // recorded id → Lazurite id (sessions and images)
      const tokens = new Map<string, string>(); // Lazurite session id → its authToken
      const version = /\/face\/([^/]+)\//.exec(new URL(entries[0]!.RequestUri).pathname)?.[1] ?? "";
      const served = SERVED.includes(version);
      for (const [i, e] of entries.entries()) {
        const where = `${file} #${i} ${e.RequestMethod} ${new URL(e.RequestUri).pathname}`;
        const recordedPath = new URL(e.RequestUri).pathname;
        const headers: Record<string, string> = { "ocp-apim-subscription-key": DEV.faceKey1, accept: "application/json" };
        const ct = Object.entries(e.RequestHeaders).find(([k]) => k.toLowerCase() === "content-type")?.[1];
        if (ct) headers["content-type"] = ct;
        let body: Buffer | string | undefined;
        if (typeof e.RequestBody === "string" && e.RequestBody.startsWith("[SUBSET")) body = recordedMultipart(e.RequestBody);
        else if (e.RequestBody !== null && e.RequestBody !== undefined) body = JSON.stringify(e.RequestBody);

        if (!served) {
          const verbatim = await raw(s, recordedPath, { method: e.RequestMethod, headers, ...(body !== undefined ? { body } : {}) });
          assert.equal(verbatim.status, 404, `${where}: a version Lazurite does not serve`);
          assert.deepEqual(verbatim.json, { error: { code: "404", message: "Resource not found" } }, where);
        }
        let path = served ? recordedPath : gaPath(recordedPath);
        for (const [recorded, ours] of ids) path = path.replace(recorded, ours);

        // What the device did between the recorded calls.
        const sessionId = /-sessions\/([0-9a-f-]{36})$/.exec(path)?.[1];
        const recordedStatus = (e.ResponseBody as { status?: string } | null)?.status;
        if (sessionId && e.RequestMethod === "GET" && tokens.has(sessionId)) {
          const token = tokens.get(sessionId)!;
          if (recordedStatus === "Running") assert.equal((await device(s, token, "start")).status, 200, where);
          if (recordedStatus === "Succeeded") {
            const recordedAttempt = (e.ResponseBody as { results: { attempts: { result: Record<string, unknown> }[] } }).results
              .attempts[0]!.result;
            const verify = recordedAttempt.verifyResult as { matchConfidence: number; isIdentical: boolean } | undefined;
            const r = await device(s, token, "attempts", {
              livenessDecision: recordedAttempt.livenessDecision,
              faceRectangle: (recordedAttempt.targets as { color: { faceRectangle: unknown } }).color.faceRectangle,
              ...(verify ? { verify } : {}),
            });
            assert.equal(r.status, 200, `${where}: device attempt ${r.text}`);
            const recordedImage = recordedAttempt.sessionImageId as string | undefined;
            if (recordedImage) ids.set(recordedImage, r.json.attempt.result.sessionImageId as string);
          }
        }

        const r = await raw(s, path, { method: e.RequestMethod, headers, ...(body !== undefined ? { body } : {}) });
        const expectedStatus = !served && e.RequestMethod === "DELETE" && e.StatusCode === 200 ? 204 : e.StatusCode;
        assert.equal(r.status, expectedStatus, `${where}: ${r.text.slice(0, 300)}`);

        const recordedHeaders = Object.fromEntries(Object.entries(e.ResponseHeaders).map(([k, v]) => [k.toLowerCase(), v]));
        for (const [h, v] of Object.entries(recordedHeaders)) {
          if (UNCOMPARED.has(h)) continue;
          if (h === "content-length" && expectedStatus !== e.StatusCode) continue;
          assert.ok(r.headers[h] !== undefined, `${where}: header ${h}`);
          if (["content-type", "csp-billing-usage", "strict-transport-security", "x-content-type-options"].includes(h))
            assert.equal(r.headers[h], v, `${where}: ${h}`);
        }
        assert.equal(
          r.headers["csp-billing-usage"] !== undefined,
          recordedHeaders["csp-billing-usage"] !== undefined,
          `${where}: billing header`,
        );
        assert.equal(Number(r.headers["content-length"]), r.bytes.length, `${where}: content-length`);

        if (recordedHeaders["content-type"] === "application/octet-stream") {
          const id = path.split("/").pop()!;
          assert.equal(r.headers["content-disposition"], `attachment; filename=${id}.jpg; filename*=UTF-8''${id}.jpg`, where);
          assert.ok(r.bytes.length > 0, where);
        } else if (e.ResponseBody !== null && e.ResponseBody !== undefined && e.ResponseBody !== "") {
          const recorded = e.ResponseBody as Record<string, unknown>;
          // Old previews answered a create with only {sessionId, authToken}; on v1.2 the answer is the whole session.
          const ours =
            !served && e.RequestMethod === "POST"
              ? Object.fromEntries(Object.entries(r.json as object).filter(([k]) => k in recorded))
              : r.json;
          assert.deepEqual(shape(ours), shape(recorded), `${where}: body shape`);
          if ("sessionId" in recorded && e.RequestMethod === "POST") {
            ids.set(recorded.sessionId as string, r.json.sessionId as string);
            tokens.set(r.json.sessionId as string, r.json.authToken as string);
          }
        } else {
          assert.equal(r.bytes.length, 0, `${where}: no body`);
        }
      }
    });
  }
});
