import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS, type StartOptions } from "../../src/config/start-options.js";
import { startServer, type RunningServer } from "../../src/server/start.js";
import { http, type HttpOptions } from "./http.js";
import { databaseForLocation, freshDatabase } from "./postgres.js";
import { TEST_STORE } from "./store.js";

export function tempDir(prefix = "lazurite-test-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer extends RunningServer {
  lines: string[];
  /** HTTPS call to this server, trusting its certificate. */
  call(path: string, opts?: HttpOptions): ReturnType<typeof http>;
  /** Admin API call with the admin token. */
  admin(method: string, path: string, body?: unknown): ReturnType<typeof http>;
}

/**
 * A real server on port 0 with a temp location (unless given), silent logs. On the PostgreSQL
 * pass (TEST_STORE) it gets `--db` too: a fresh database, or, for an explicit on-disk location,
 * the database of that location, so a restart on the same location finds the same data.
 */
export async function startTestServer(opts: Partial<StartOptions> = {}): Promise<TestServer> {
  const lines: string[] = [];
  if (TEST_STORE === "postgres" && opts.db === undefined) {
    opts = {
      ...opts,
      db: opts.location !== undefined && !opts.inMemory ? await databaseForLocation(opts.location) : await freshDatabase(),
    };
  }
  const server = await startServer(
    {
      host: "127.0.0.1",
      port: 0,
      location: opts.location ?? tempDir().path,
      inMemory: false,
      logLevel: "silent",
      tokenAlg: DEFAULTS.tokenAlg,
      armRegion: DEFAULTS.armRegion,
      ...opts,
    },
    (l) => lines.push(l),
  );
  const call = (path: string, o: HttpOptions = {}) => http(`${server.url}${path}`, { ca: server.certificatePem, ...o });
  const t: TestServer = {
    ...server,
    lines,
    call,
    // Read at each call: a cluster member that did not make the admin token is told it by the test.
    admin: (method, path, body) => call(`/_lazurite/admin${path}`, { method, body, headers: { authorization: `Bearer ${t.adminToken}` } }),
  };
  return t;
}
