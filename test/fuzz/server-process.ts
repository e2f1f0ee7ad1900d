import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * A Lazurite server in a child process, started with the README's command line on a free port and
 * a temporary location: what the fuzzers attack, so that a crash is seen as an exit and the
 * server's memory is its own (VmRSS from /proc).
 */
export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  location: string;
  adminToken: string;
  ca: string;
  /** Resident set size in bytes, from /proc/{pid}/status. */
  rss(): number;
  alive(): boolean;
  /** What the server printed so far (stdout and stderr, the last 200 KB). */
  output(): string;
  stop(): Promise<void>;
}

export async function startServerProcess(args: string[] = [], wrap?: (argv: string[]) => string[]): Promise<ServerProcess> {
  const location = mkdtempSync(join(tmpdir(), "lazurite-fuzz-"));
  const main = resolve(import.meta.dirname, "../../src/server/main.ts");
  const argv = [process.execPath, "--import", "tsx", main, "start", "--port", "0", "--location", location, "--log-level", "warn", ...args];
  const [cmd, ...rest] = wrap ? wrap(argv) : argv;
  const child: ChildProcess = spawn(cmd!, rest, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LAZURITE_ADMIN_TOKEN: "" } });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-200_000)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}\n${err}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out = (out + d.toString()).slice(-200_000);
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const pid = wrap ? Number(/pid (\d+)/.exec(out)?.[1] ?? child.pid) : child.pid!;
  // Through /proc/{pid}/root: the server may run in a mount namespace of its own (a tmpfs location).
  const inServer = (file: string) => readFileSync(`/proc/${pid}/root${join(location, file)}`, "utf8");
  let adminToken: string;
  let ca: string;
  try {
    adminToken = inServer("admin-token").trim();
    ca = inServer("lazurite-ca.pem");
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    location,
    adminToken,
    ca,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024,
    alive: () => !exited,
    output: () => out + err,
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(location, { recursive: true, force: true });
    },
  };
}
