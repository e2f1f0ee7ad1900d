import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { http } from "./helpers/http.js";
import { tempDir } from "./helpers/server.js";
import { TEST_STORE } from "./helpers/store.js";

const FACE = "/face/v1.3-preview.1/settings/getClientAssetsAccessToken";

/**
 * `lazurite start --workers 2` on SQLite: two processes behind one port, each with its own read
 * cache. Every call here opens its own connection, and node:cluster hands connections to the
 * workers in turn, so a run of calls reaches both; a write through one must be seen by the other.
 */
describe("--workers 2 on one SQLite location", { skip: TEST_STORE === "sqlite" ? false : "SQLite only (its own location)" }, () => {
  let dir: ReturnType<typeof tempDir>;
  let child: ChildProcess;
  let url = "";
  let ca = "";
  let admin = "";
  let out = "";

  before(async () => {
    dir = tempDir();
    child = spawn(
      process.execPath,
      ["--import", "tsx", "src/server/bin.ts", "start", "--port", "0", "--location", dir.path, "--log-level", "silent", "--workers", "2"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    url = await new Promise<string>((ok, fail) => {
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening on (https:\/\/\S+)/.exec(out);
        if (m && out.includes("workers     2")) ok(m[1]!);
      });
      child.once("exit", (code) => fail(new Error(`exited with ${code}:\n${out}`)));
    });
    ca = readFileSync(join(dir.path, "lazurite-ca.pem"), "utf8");
    admin = readFileSync(join(dir.path, "admin-token"), "utf8").trim();
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
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
      child.once("exit", (c) => r(c));
      child.kill("SIGTERM");
    });
    assert.equal(code, 0, out);
  });
});
