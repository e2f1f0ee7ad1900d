import { runCli, type Stoppable } from "../cli/program.js";
import { isWorkerProcess, startInstances } from "./workers.js";

/** The command line as the `lazurite` binary runs it: a started server runs until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let server: Stoppable | undefined;
  const code = await runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + "\n"),
    err: (l) => process.stderr.write(l + "\n"),
    start: startInstances,
    onStarted: (s) => (server = s),
  });
  if (!server) {
    process.exitCode = code;
    return;
  }
  const running = server;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    if (!isWorkerProcess()) process.stdout.write(`${signal}: finishing in-flight requests and closing the store…\n`);
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  // A worker (--workers) is stopped by its primary, which Ctrl-C reaches as well.
  if (!isWorkerProcess()) process.on("SIGINT", () => stop("SIGINT"));
  else process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => stop("SIGTERM"));
}

// No top-level await: the bundle (scripts/bundle.mjs) is a CommonJS script, which can be compiled from V8's code cache.
main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
