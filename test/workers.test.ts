import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { http } from "./helpers/http.js";
import { tempDir } from "./helpers/server.js";
import { TEST_STORE } from "./helpers/store.js";
import { startWorkersProcess, type WorkersProcess } from "./helpers/workers-process.js";

const FACE = "/face/v1.3-preview.1/settings/getClientAssetsAccessToken";

/**
 * `lazurite start --workers 2` on SQLite: two processes behind one port, each with its own read
 * cache. Every call here opens its own connection, and node:cluster hands connections to the
 * workers in turn, so a run of calls reaches both; a write through one must be seen by the other.
 */
describe("--workers 2 on one SQLite location", { skip: TEST_STORE === "sqlite" ? false : "SQLite only (its own location)" }, () => {
  let dir: ReturnType<typeof tempDir>;
  let server: WorkersProcess;
  let url = "";
  let ca = "";
  let admin = "";

  before(async () => {
    dir = tempDir();
    server = await startWorkersProcess(
      ["--import", "tsx", "src/server/bin.ts"],
      ["--port", "0", "--location", dir.path, "--log-level", "silent"],
      2,
    );
    url = server.url;
    ca = readFileSync(join(dir.path, "lazurite-ca.pem"), "utf8");
    admin = readFileSync(join(dir.path, "admin-token"), "utf8").trim();
  });

  after(async () => {
    await server?.kill();
    dir.remove();
  });

  const faceStatuses = async (key: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await http(`${url}${FACE}`, { ca, headers: { "ocp-apim-subscription-key": key } })).status);
    return statuses;
  };

  it("serves from both workers, and a key change written through one is seen by the other at once", async () => {
    assert.deepEqual(await faceStatuses(DEV.faceKey1), Array(8).fill(200), "both workers have cached the resource and its keys");
    const put = await http(
      `${url}/_lazurite/admin/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/${DEV.faceName}`,
      {
        method: "PUT",
        ca,
        headers: { authorization: `Bearer ${admin}` },
        body: {
          subscriptionId: DEV.subscriptionId,
          resourceGroup: DEV.resourceGroup,
          location: DEV.location,
          name: DEV.faceName,
          keys: ["workers-new-key-0000000000000001", "workers-new-key-0000000000000002"],
        },
      },
    );
    assert.ok(put.status === 200 || put.status === 201, `${put.status} ${put.text}`);
    assert.deepEqual(await faceStatuses(DEV.faceKey1), Array(8).fill(401), "the old key is refused by both workers");
    assert.deepEqual(await faceStatuses("workers-new-key-0000000000000001"), Array(8).fill(200));
  });

  it("stops every worker on SIGTERM and exits 0", async () => {
    const code = await new Promise<number | null>((r) => {
      server.child.once("exit", (c) => r(c));
      server.child.kill("SIGTERM");
    });
    assert.equal(code, 0, server.output());
  });
});
