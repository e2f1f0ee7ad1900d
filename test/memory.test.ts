import assert from "node:assert/strict";
import { Agent, request } from "node:https";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { startServerProcess, type ServerProcess } from "./fuzz/server-process.js";

/**
 * Memory stays bounded whatever callers send (issue 11, item 1): values a caller chooses (a client
 * id, a Host label) never become unbounded cache entries. The server runs in its own process so
 * that its resident set is measured alone.
 */
function send(
  p: ServerProcess,
  agent: Agent,
  opts: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<number> {
  return new Promise((ok) => {
    const req = request({ host: "127.0.0.1", port: p.port, ca: p.ca, servername: "localhost", agent, ...opts }, (res) => {
      res.resume();
      res.on("end", () => ok(res.statusCode ?? 0));
      res.on("error", () => ok(0));
    });
    req.on("error", () => ok(0)); // the server may close the socket while a refused body is still being sent
    req.end(opts.body);
  });
}

async function pool<T>(n: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) out[i] = await job(i);
    }),
  );
  return out;
}

describe("memory stays bounded under caller-chosen values", () => {
  let p: ServerProcess;
  before(async () => {
    p = await startServerProcess();
  });
  after(async () => {
    await p?.stop();
  });

  it("2 000 token requests with a unique 1 MB client_id and 50 000 unique Face host labels: RSS within 100 MB", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const face = (host: string) =>
      send(p, agent, {
        method: "GET",
        path: "/face/v1.3-preview.1/settings/getClientAssetsAccessToken",
        headers: { host, "ocp-apim-subscription-key": "x" },
      });
    const token = (i: number) =>
      send(p, agent, {
        method: "POST",
        path: `/${DEV.tenantId}/oauth2/v2.0/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.from(
          `grant_type=client_credentials&scope=https%3A%2F%2Fmanagement.azure.com%2F.default&client_secret=x&client_id=${i}-${"c".repeat(1 << 20)}`,
        ),
      });
    // Warm-up: the same kinds of request, so the baseline has the heap they need.
    await pool(1000, 8, (i) => token(100_000 + i));
    await pool(5000, 16, (i) => face(i % 2 ? `${"w".repeat(12_000)}${i}.face.localhost` : `warm-${i}-${"x".repeat(40)}.face.localhost`));
    const rss0 = p.rss();
    const statuses = await pool(2000, 8, token);
    assert.ok(
      statuses.every((s) => s === 0 || s === 400),
      `statuses: ${[...new Set(statuses)].join(",")}`,
    );
    const labels = await pool(50_000, 16, (i) =>
      // Half a long label (12 KB, no lookup at all), half a plausible resource name (looked up, then forgotten in bounded caches).
      face(i % 2 ? `${"h".repeat(12_000)}${i}.face.localhost` : `face-${i}-${"x".repeat(40)}.face.localhost`),
    );
    assert.ok(
      labels.every((s) => s === 401),
      `statuses: ${[...new Set(labels)].join(",")}`,
    );
    agent.destroy();
    const growthMb = (p.rss() - rss0) / 1048576;
    assert.ok(p.alive());
    // Kept, these values would take at least 2 GB (client ids) and 300 MB (the long labels); what
    // remains is the heap settling, 15-70 MB from run to run on a busy 2-core machine.
    assert.ok(growthMb < 100, `RSS grew ${growthMb.toFixed(1)} MB`);
  });
});
