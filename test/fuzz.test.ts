import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { drive } from "./fuzz/drive.js";
import { sample } from "./fuzz/requests.js";
import { startServerProcess, type ServerProcess } from "./fuzz/server-process.js";
import { devTokens } from "./fuzz/tokens.js";

/**
 * The short, seeded fuzz run of `npm test` (`npm run fuzz` runs 100 000): generated requests over
 * every surface against a server started with the README's command line in its own process.
 */
describe("fuzz: 10 000 generated requests over every surface", () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(async () => {
    await server?.stop();
  });

  it("no 5xx, every answer in its surface's envelope, the server alive, memory bounded", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261201);
    const tokens = await devTokens(server.url, server.ca);
    await drive(server.url, server.ca, sample(seed + 1, 1000), tokens); // warm-up before the memory baseline
    const rss0 = server.rss();
    const report = await drive(server.url, server.ca, sample(seed, 10_000), tokens);
    assert.deepEqual(report.failures, [], `seed ${seed}`);
    assert.ok(server.alive(), "the server is still running");
    assert.ok(report.answered > 9_500, `only ${report.answered} of ${report.sent} answered`);
    for (const surface of ["arm", "face", "entra", "identity", "admin", "internal", "ui"]) {
      assert.ok(
        Object.keys(report.bySurface).some((k) => k.startsWith(`${surface} `)),
        `no request reached ${surface}: ${JSON.stringify(report.bySurface)}`,
      );
    }
    const growthMb = (server.rss() - rss0) / 1048576;
    assert.ok(growthMb < 80, `RSS grew ${growthMb.toFixed(1)} MB over 10 000 requests`);
  });
});
