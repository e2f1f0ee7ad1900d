import { spawn, type ChildProcess } from "node:child_process";

/** A `lazurite start --workers N` process, once its primary has printed the banner. */
export interface WorkersProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** SIGKILL and wait, if it still runs. */
  kill(): Promise<void>;
}

/** Spawns `node ...entry start ... --workers N` and resolves when all N workers listen (the primary's banner). */
export async function startWorkersProcess(entry: string[], args: string[], workers: number, env = process.env): Promise<WorkersProcess> {
  const child = spawn(process.execPath, [...entry, "start", ...args, "--workers", String(workers)], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let out = "";
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((ok, fail) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m && out.includes(`workers     ${workers}`)) ok(m[1]!);
    });
    child.once("exit", (code) => fail(new Error(`exited with ${code}:\n${out}`)));
  });
  return {
    child,
    url,
    output: () => out,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
