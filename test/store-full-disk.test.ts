import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { http } from "../src/client/http.js";
import { DEV } from "../src/config/dev-defaults.js";
import { startServerProcess, type ServerProcess } from "./fuzz/server-process.js";
import { devTokens } from "./fuzz/tokens.js";

/**
 * A full disk (issue 11, item 5): the server's location is a 16 MB tmpfs in a mount namespace of
 * its own (`unshare --mount`, never the machine's real filesystems); filling it makes every write
 * fail with SQLITE_FULL. Writes then answer 503 with Retry-After in the surface's envelope, the
 * server stays up, and once space is back writes succeed again.
 */
const canUnshare = spawnSync("unshare", ["--mount", "true"]).status === 0;

describe(
  "a full disk answers 503 with Retry-After, and nothing is corrupted",
  { skip: canUnshare ? false : "needs `unshare --mount` (root)" },
  () => {
    let p: ServerProcess;
    before(async () => {
      p = await startServerProcess([], (argv) => {
        const location = argv[argv.indexOf("--location") + 1]!;
        const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
        return [
          "unshare",
          "--mount",
          "--propagation",
          "private",
          "sh",
          "-c",
          `mount -t tmpfs -o size=16m tmpfs '${location}' && echo "pid $$" && exec ${quoted}`,
        ];
      });
    });
    after(async () => {
      await p?.stop();
    });

    const inServerNs = (script: string) => spawnSync("nsenter", ["-t", String(p.pid), "-m", "--", "sh", "-c", script]);

    it("a write on a full disk: ARM's ServiceUnavailable, the admin API's StoreUnavailable; then it recovers", async () => {
      const tokens = await devTokens(p.url, p.ca);
      const put = (name: string) =>
        http(
          `${p.url}/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${name}?api-version=2025-04-01`,
          { method: "PUT", ca: p.ca, headers: { authorization: `Bearer ${tokens.arm}` }, body: { location: "westus2" } },
        );
      assert.equal((await put("before-full")).status, 201);
      inServerNs(`dd if=/dev/zero of='${p.location}/filler' bs=64k 2>/dev/null; true`);

      const arm = await put("while-full");
      assert.equal(arm.status, 503);
      assert.equal((arm.json as any).error.code, "ServiceUnavailable");
      assert.ok(Number(arm.headers["retry-after"]) > 0);
      const admin = await http(`${p.url}/_lazurite/admin/tenants`, {
        method: "POST",
        ca: p.ca,
        headers: { authorization: `Bearer ${p.adminToken}` },
        body: { id: "6b1d0a51-8a3c-4d1e-9f2a-0c3b4d5e6f70" },
      });
      assert.equal(admin.status, 503);
      assert.equal((admin.json as any).error.code, "StoreUnavailable");
      // Reads from the cache still answer; the server is alive.
      assert.equal((await http(`${p.url}/_lazurite/health`, { ca: p.ca })).status, 200);
      assert.ok(p.alive());

      inServerNs(`rm -f '${p.location}/filler'`);
      assert.equal((await put("after-full")).status, 201);
      const list = await http(
        `${p.url}/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts?api-version=2025-04-01`,
        { ca: p.ca, headers: { authorization: `Bearer ${tokens.arm}` } },
      );
      const names = ((list.json as any).value as { name: string }[]).map((a) => a.name).sort();
      assert.deepEqual(names, ["after-full", "before-full", DEV.viAccountName].sort(), "the refused write left nothing behind");
    });
  },
);
