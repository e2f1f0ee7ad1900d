import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isUnexpected } from "@azure-rest/ai-vision-face";
import { runCli } from "../src/cli/program.js";
import { DEV } from "../src/config/dev-defaults.js";
import { DEVICE_ID, JPEG, device, faceClient } from "./helpers/face-liveness.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function createSession(s: TestServer, body: Record<string, unknown> = {}) {
  const r = await faceClient(s)
    .path("/detectLiveness-sessions")
    .post({
      body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, enableSessionImage: true, ...body },
    });
  if (isUnexpected(r)) assert.fail(JSON.stringify(r.body));
  return r.body;
}

describe("Face liveness sessions on the admin API and the CLI", () => {
  let s: TestServer;
  let dir: ReturnType<typeof tempDir>;
  let conn: string[];
  before(async () => {
    dir = tempDir();
    s = await startTestServer({ location: dir.path });
    conn = ["--url", s.url, "--server-location", dir.path];
  });
  after(async () => {
    await s.close();
    dir.remove();
  });

  it("lists and shows sessions (never their token) and records an attempt for the device", async () => {
    const created = await createSession(s);
    const list = await s.admin("GET", `/face/sessions?resource=${DEV.faceName}`);
    assert.equal(list.status, 200);
    const mine = list.json.value.find((x: { sessionId: string }) => x.sessionId === created.sessionId);
    assert.ok(mine, "listed");
    assert.equal(mine.authToken, undefined, "the bearer token is not shown");
    assert.equal(mine.status, "NotStarted");
    const show = await s.admin("GET", `/face/sessions/${created.sessionId}`);
    assert.equal(show.json.resourceName, DEV.faceName);
    const attempt = await s.admin("POST", `/face/sessions/${created.sessionId}/attempts`, { livenessDecision: "spoofface" });
    assert.equal(attempt.status, 200, attempt.text);
    assert.equal(attempt.json.status, "Succeeded");
    assert.equal(attempt.json.attempt.livenessDecision, "spoofface");
    const got = await faceClient(s).path("/detectLiveness-sessions/{sessionId}", created.sessionId).get();
    if (isUnexpected(got)) assert.fail(JSON.stringify(got.body));
    assert.equal(got.body.results.attempts[0]!.result!.livenessDecision, "spoofface");
    const again = await s.admin("POST", `/face/sessions/${created.sessionId}/attempts`, {});
    assert.equal(again.status, 409);
    assert.deepEqual(Object.keys(again.json.error), ["code", "message"], "Lazurite's admin envelope");
    assert.equal(again.json.error.code, "SessionFinished");
    assert.equal((await s.admin("GET", "/face/sessions/00000000-0000-4000-8000-000000000000")).status, 404);
    assert.equal((await s.admin("GET", "/face/sessions?resource=nope")).status, 404);
    const bad = await s.admin("POST", `/face/sessions/${(await createSession(s)).sessionId}/attempts`, { livenessDecision: 1 });
    assert.equal(bad.status, 400);
  });

  it("lazurite face session attempt|list|show", async () => {
    const created = await createSession(s);
    const image = join(dir.path, "face.jpg");
    writeFileSync(image, JPEG);
    const r = await cli(["face", "session", "attempt", created.sessionId, "--decision", "realface", "--image", image, ...conn]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.status, "Succeeded");
    assert.match(out.attempt.sessionImageId, /^A/);
    const img = await faceClient(s).path("/sessionImages/{sessionImageId}", out.attempt.sessionImageId).get().asNodeStream();
    const chunks: Buffer[] = [];
    for await (const c of img.body ?? []) chunks.push(Buffer.from(c as Buffer));
    assert.deepEqual(Buffer.concat(chunks), JPEG);
    const list = await cli(["face", "session", "list", "--resource", DEV.faceName, ...conn]);
    assert.equal(list.code, 0, list.err);
    assert.ok(JSON.parse(list.out).value.some((x: { sessionId: string }) => x.sessionId === created.sessionId));
    const show = await cli(["face", "session", "show", created.sessionId, ...conn]);
    assert.equal(JSON.parse(show.out).attempts.length, 1);
    const failed = await cli([
      "face",
      "session",
      "attempt",
      (await createSession(s)).sessionId,
      "--error-code",
      "FaceWithMaskDetected",
      ...conn,
    ]);
    assert.equal(JSON.parse(failed.out).attempt.attemptStatus, "Failed");
    const wrong = await cli(["face", "session", "attempt", created.sessionId, "--decision", "maybe", ...conn]);
    assert.equal(wrong.code, 2, "commander refuses an unknown decision");
  });

  it("deleting the Face resource removes its sessions and their images", async () => {
    const path = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/face-doomed`;
    const made = await s.admin("PUT", path, { location: "westus2" });
    const key = made.json.keys[0] as string;
    const { AzureKeyCredential } = await import("@azure/core-auth");
    const c = faceClient(s, { credential: new AzureKeyCredential(key) });
    const r = await c
      .path("/detectLiveness-sessions")
      .post({ body: { livenessOperationMode: "Passive", deviceCorrelationId: DEVICE_ID, enableSessionImage: true } });
    if (isUnexpected(r)) assert.fail(JSON.stringify(r.body));
    assert.equal((await device(s, r.body.authToken, "attempts", {})).status, 200);
    const ofDoomed = async () =>
      (await s.store.livenessSessionImages.list()).filter((i) => i.resourceName === "face-doomed").length +
      (await s.store.livenessSessions.list()).filter((x) => x.resourceName === "face-doomed").length;
    assert.equal(await ofDoomed(), 2);
    assert.equal((await s.admin("DELETE", path)).status, 204);
    assert.equal(await ofDoomed(), 0);
    assert.ok((await s.store.livenessSessions.list()).length > 0, "other resources' sessions stay");
  });
});

describe("Face liveness sessions survive a restart", () => {
  it("a session created before a restart is read and completed after it, with the same token", async () => {
    const dir = tempDir();
    try {
      const first = await startTestServer({ location: dir.path });
      const created = await createSession(first, { authTokenTimeToLiveInSeconds: 3600 });
      await first.close();
      const second = await startTestServer({ location: dir.path });
      try {
        const attempt = await device(second, created.authToken, "attempts", { livenessDecision: "realface" });
        assert.equal(attempt.status, 200, attempt.text);
        const got = await faceClient(second).path("/detectLiveness-sessions/{sessionId}", created.sessionId).get();
        if (isUnexpected(got)) assert.fail(JSON.stringify(got.body));
        assert.equal(got.body.status, "Succeeded");
        const img = await faceClient(second)
          .path("/sessionImages/{sessionImageId}", got.body.results.attempts[0]!.result!.sessionImageId!)
          .get();
        assert.equal(img.status, "200", "the stored image survived too");
      } finally {
        await second.close();
      }
    } finally {
      dir.remove();
    }
  });
});
