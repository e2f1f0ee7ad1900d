import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Spawned {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Resident set size of the child, in MB (Linux /proc). */
  rssMb: () => number;
}

/** Spawns a server process and resolves when it prints `listening on <url>`. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30000): Promise<Spawned> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`server did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      ok({
        child,
        url: m[1]!,
        output: () => out,
        rssMb: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
          return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
        },
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      });
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before it was ready:\n${out}`));
    });
  });
}
