import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { runCli } from "../src/cli/program.js";
import { DEV } from "../src/config/dev-defaults.js";
import { http } from "./helpers/http.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("CLI against a running server", () => {
  let s: TestServer;
  let dir: ReturnType<typeof tempDir>;
  let conn: string[];
  before(async () => {
    dir = tempDir();
    s = await startTestServer({ location: dir.path });
    // The CLI finds the admin token and the certificate in the server's location.
    conn = ["--url", s.url, "--server-location", dir.path];
  });
  after(async () => {
    await s.close();
    dir.remove();
  });

  it("lists, creates, updates and deletes through the admin API", async () => {
    const list = await cli(["tenant", "list", ...conn]);
    assert.equal(list.code, 0, list.err);
    assert.equal(JSON.parse(list.out).value[0].id, DEV.tenantId);

    const created = await cli([
      "group",
      "create",
      ...conn,
      "--subscription",
      DEV.subscriptionId,
      "--name",
      "cli-rg",
      "--location",
      "northeurope",
      "--tag",
      "env=ci",
    ]);
    assert.equal(created.code, 0, created.err);
    assert.deepEqual(JSON.parse(created.out).tags, { env: "ci" });

    const face = await cli([
      "face",
      "create",
      ...conn,
      "--subscription",
      DEV.subscriptionId,
      "--group",
      "cli-rg",
      "--name",
      "cli-face",
      "--location",
      "northeurope",
    ]);
    assert.equal(face.code, 0, face.err);
    const before = JSON.parse(face.out).keys;
    const regen = await cli([
      "face",
      "regenerate-key",
      "cli-face",
      ...conn,
      "--subscription",
      DEV.subscriptionId,
      "--group",
      "cli-rg",
      "--which",
      "key2",
    ]);
    assert.equal(regen.code, 0, regen.err);
    assert.equal(JSON.parse(regen.out).key1, before[0]);
    assert.notEqual(JSON.parse(regen.out).key2, before[1]);

    const secret = await cli(["app", "add-secret", DEV.clientId, ...conn, "--tenant", DEV.tenantId]);
    assert.equal(secret.code, 0, secret.err);
    assert.equal(JSON.parse(secret.out).secret.length, 40);

    const del = await cli(["group", "delete", "cli-rg", ...conn, "--subscription", DEV.subscriptionId]);
    assert.equal(del.code, 0, del.err);
    const gone = await cli(["face", "show", "cli-face", ...conn, "--subscription", DEV.subscriptionId, "--group", "cli-rg"]);
    assert.equal(gone.code, 1);
    assert.match(gone.err, /NotFound/);
  });

  it("fails clearly with a wrong token or a missing required option", async () => {
    const denied = await cli(["tenant", "list", "--url", s.url, "--server-location", dir.path, "--admin-token", "nope"]);
    assert.equal(denied.code, 1);
    assert.match(denied.err, /Unauthorized/);
    const missing = await cli(["app", "list", ...conn]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--tenant/);
  });

  it("applies a config file to the running server", async () => {
    const { writeFileSync } = await import("node:fs");
    const file = `${dir.path}/extra.yaml`;
    writeFileSync(file, `subscriptions:\n  - id: 0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d\n    tenantId: ${DEV.tenantId}\n`);
    const r = await cli(["apply", file, ...conn]);
    assert.equal(r.code, 0, r.err);
    assert.equal((await s.admin("GET", "/subscriptions/0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d")).status, 200);
  });
});

describe("lazurite start (the binary)", () => {
  it("starts with environment variables only, prints one ready line, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts", "start"], {
      env: { ...process.env, LAZURITE_PORT: "0", LAZURITE_IN_MEMORY: "true", LAZURITE_LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ready line:\n${out}`)), 20000);
      child.stdout.on("data", () => {
        const m = /listening on (https:\/\/\S+)/.exec(out);
        if (m && out.includes("authority host")) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
    });
    const pem = await new Promise<string>((ok) => {
      // The ephemeral certificate is served for exactly this situation.
      void import("node:https").then(({ get }) =>
        get(`${url}/_lazurite/certificate`, { rejectUnauthorized: false }, (res) => {
          let b = "";
          res.on("data", (c: Buffer) => (b += c.toString()));
          res.on("end", () => ok(b));
        }),
      );
    });
    assert.equal((await http(`${url}/_lazurite/health`, { ca: pem })).status, 200);
    const code = await new Promise<number | null>((ok) => {
      child.on("exit", (c) => ok(c));
      child.kill("SIGTERM");
    });
    assert.equal(code, 0, out);
    assert.match(out, /SIGTERM: finishing in-flight requests/);
  });
});
