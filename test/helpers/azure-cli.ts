import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startServerProcess, type ServerProcess } from "../fuzz/server-process.js";
import { tempDir } from "./server.js";

/**
 * The Azure CLI (Debian's azure-cli) against a Lazurite server in a network and mount namespace
 * of the test's own (`unshare --net --mount`): loopback is its only network, and a hosts file of
 * the test's is bind-mounted over /etc/hosts there, so the machine's /etc/hosts is never touched
 * and nothing leaves the machine. Every client command enters the same namespaces (`nsenter`).
 */
const hasAz = spawnSync("sh", ["-c", "command -v az"]).status === 0;
const canNamespace = spawnSync("unshare", ["--net", "--mount", "true"]).status === 0;
export const azureCliSkip: string | false = !hasAz
  ? "the Azure CLI (`az`) is not installed (apt-get install azure-cli)"
  : !canNamespace
    ? "needs `unshare --net --mount` (root)"
    : false;

const REPO = resolve(import.meta.dirname, "../..");

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface AzureCliSandbox {
  server: ServerProcess;
  /** The directory that holds the CA file, the hosts file and the CLI configurations. */
  dir: string;
  caFile: string;
  /** Starts a fresh, quiet CLI configuration (no telemetry, no version check) for the next commands. */
  freshConfig(): void;
  /** Runs a command inside the namespaces with the CLI's environment only. */
  run(cmd: string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  /** `az … --output json`, asserted to succeed, its JSON output parsed. */
  az(...args: string[]): Promise<any>;
  stop(): Promise<void>;
}

/**
 * Starts Lazurite with `args` in a fresh namespace. `hosts` are extra /etc/hosts lines there;
 * `port` replaces the server's `--port 0` (443 for hostname mode: the namespace's ports are ours).
 */
export async function startAzureCliSandbox(opts: { args?: string[]; hosts?: string[]; port?: number } = {}): Promise<AzureCliSandbox> {
  const tmp = tempDir();
  const dir = tmp.path;
  writeFileSync(join(dir, "hosts"), ["127.0.0.1 localhost", "::1 localhost", ...(opts.hosts ?? [])].join("\n") + "\n");
  writeFileSync(join(dir, "resolv.conf"), "nameserver 127.0.0.1\n"); // any other name fails at once
  const server = await startServerProcess(opts.args ?? [], (argv) => {
    if (opts.port !== undefined) argv.splice(argv.indexOf("--port"), 2, "--port", String(opts.port));
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    const bind = (f: string) => `mount --bind '${join(dir, f)}' /etc/${f}`;
    return [
      "unshare",
      "--net",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      `${bind("hosts")} && ${bind("resolv.conf")} && ip link set lo up && echo "pid $$" && exec ${quoted}`,
    ];
  });
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, server.ca);
  let configDir = "";

  const sandbox: AzureCliSandbox = {
    server,
    dir,
    caFile,
    freshConfig() {
      configDir = join(dir, `az-${Math.random().toString(36).slice(2)}`);
      mkdirSync(configDir);
      writeFileSync(join(configDir, "config"), "[core]\ncollect_telemetry = false\nsurvey_message = false\nfirst_run = no\n");
      const now = new Date().toISOString().replace("T", " ").replace("Z", "");
      const local = (v: string) => ({ local: v });
      writeFileSync(
        join(configDir, "versionCheck.json"),
        JSON.stringify({ versions: { "azure-cli": local("2.45.0"), core: local("2.45.0"), telemetry: local("1.0.8") }, update_time: now }),
      );
    },
    run(cmd, extraEnv = {}) {
      const env = {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: dir,
        AZURE_CONFIG_DIR: configDir,
        AZURE_CORE_COLLECT_TELEMETRY: "0",
        REQUESTS_CA_BUNDLE: caFile,
        NODE_EXTRA_CA_CERTS: caFile,
        ...extraEnv,
      };
      return new Promise((ok) => {
        const args = [
          "-t",
          String(server.pid),
          "-n",
          "-m",
          `--wd=${REPO}`,
          "--",
          "env",
          "-i",
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          ...cmd,
        ];
        const child = spawn("nsenter", args);
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => ok({ code: code ?? 1, out, err }));
      });
    },
    async az(...args) {
      const r = await sandbox.run(["az", ...args, "--output", "json"]);
      assert.equal(r.code, 0, `az ${args.join(" ")}\n${r.err}`);
      return r.out.trim() ? JSON.parse(r.out) : undefined;
    },
    async stop() {
      await server.stop();
      tmp.remove();
    },
  };
  sandbox.freshConfig();
  return sandbox;
}

/** The claims of a JWT, unverified (the tests check what the CLI was given). */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, any>;
}
