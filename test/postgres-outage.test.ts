import assert from "node:assert/strict";
import { createServer, connect, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { freshDatabase } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { TokenMint } from "./helpers/tokens.js";
import { accountPath } from "./helpers/vi.js";

/**
 * A PostgreSQL outage (issue 11, item 5), made real at the network: Lazurite reaches its database
 * through a TCP relay on loopback that the test cuts (every connection reset, new ones refused)
 * and restores. During the outage requests answer 503 with Retry-After and /_lazurite/ready flips;
 * afterwards everything answers again.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async up(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((ok) => this.server!.listen(port, "127.0.0.1", ok));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((ok) => this.server?.close(ok));
  }
}

describe("a PostgreSQL outage answers 503 with Retry-After, then recovers", () => {
  let relay: Relay;
  let s: TestServer;
  before(async () => {
    const db = new URL(await freshDatabase());
    relay = new Relay({ host: db.hostname, port: Number(db.port) });
    await relay.up();
    db.port = String(relay.port);
    s = await startTestServer({ db: db.toString(), inMemory: true });
  });
  after(async () => {
    await s?.close().catch(() => undefined);
    await relay?.down();
  });

  it("VI tokens: 503 ServiceUnavailable during the outage, 200 after; readiness follows", async () => {
    const token = await new TokenMint(s.store).sign(DEV.tenantId);
    const call = () =>
      s.call(`${accountPath()}/generateAccessToken?api-version=2025-04-01`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: { permissionType: "Reader", scope: "Account" },
      });
    assert.equal((await call()).status, 200);

    await relay.down();
    let r = await call();
    // The change feed notices within two heartbeats; until then the read cache may still answer.
    for (let i = 0; i < 50 && r.status === 200; i++) {
      await new Promise((w) => setTimeout(w, 100));
      r = await call();
    }
    assert.equal(r.status, 503, r.text);
    assert.equal(r.json.error.code, "ServiceUnavailable");
    assert.ok(Number(r.headers["retry-after"]) > 0);
    assert.equal((await s.call("/_lazurite/ready")).status, 503);

    await relay.up(relay.port);
    let back = await call();
    for (let i = 0; i < 100 && back.status !== 200; i++) {
      await new Promise((w) => setTimeout(w, 100));
      back = await call();
    }
    assert.equal(back.status, 200, back.text);
    assert.equal((await s.call("/_lazurite/ready")).status, 200);
  });
});
