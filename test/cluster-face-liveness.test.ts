import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isUnexpected } from "@azure-rest/ai-vision-face";
import { DEVICE_ID, JPEG, device, faceClient } from "./helpers/face-liveness.js";
import { freshDatabase } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { postgresOnly } from "./helpers/store.js";

describe("Face liveness sessions across two instances on one PostgreSQL database", { skip: postgresOnly }, () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    const db = await freshDatabase();
    a = await startTestServer({ db, inMemory: true });
    b = await startTestServer({ db, inMemory: true });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("created on A, read, started and completed through B, its image served by A, deleted on B and gone on A", async () => {
    const created = await faceClient(a)
      .path("/detectLivenessWithVerify-sessions")
      .post({
        contentType: "multipart/form-data",
        body: [
          { name: "livenessOperationMode", body: "Passive" },
          { name: "deviceCorrelationId", body: DEVICE_ID },
          { name: "enableSessionImage", body: true },
          { name: "verifyImage", body: JPEG },
        ],
      });
    if (isUnexpected(created)) assert.fail(JSON.stringify(created.body));
    const id = created.body.sessionId;
    // A's cache saw the session as NotStarted; B's writes reach it through the change feed.
    const onA = await faceClient(a).path("/detectLivenessWithVerify-sessions/{sessionId}", id).get();
    assert.equal(onA.status, "200");
    const onB = await faceClient(b).path("/detectLivenessWithVerify-sessions/{sessionId}", id).get();
    if (isUnexpected(onB)) assert.fail(JSON.stringify(onB.body));
    assert.equal(onB.body.status, "NotStarted");
    assert.equal((await device(b, created.body.authToken, "start")).status, 200);
    const attempt = await device(b, created.body.authToken, "attempts", { verify: { matchConfidence: 0.93 } });
    assert.equal(attempt.status, 200, attempt.text);
    const deadline = Date.now() + 2000;
    let seen: string | undefined;
    for (;;) {
      const r = await faceClient(a).path("/detectLivenessWithVerify-sessions/{sessionId}", id).get();
      if (!isUnexpected(r)) seen = r.body.status;
      if (seen === "Succeeded" || Date.now() > deadline) break;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    assert.equal(seen, "Succeeded", "A sees B's attempt within the change feed's delay");
    const imageId = attempt.json.attempt.result.sessionImageId as string;
    assert.equal((await faceClient(a).path("/sessionImages/{sessionImageId}", imageId).get()).status, "200");
    assert.equal((await faceClient(b).path("/detectLivenessWithVerify-sessions/{sessionId}", id).delete()).status, "204");
    assert.equal((await faceClient(a).path("/sessionImages/{sessionImageId}", imageId).get()).status, "404");
    const until = Date.now() + 2000;
    let status = "";
    while (Date.now() < until) {
      status = (await faceClient(a).path("/detectLivenessWithVerify-sessions/{sessionId}", id).get()).status;
      if (status === "404") break;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    assert.equal(status, "404");
    assert.equal((await device(a, created.body.authToken, "attempts", {})).status, 401);
  });
});
