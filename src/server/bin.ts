import { runLazurite } from "./cli.js";
import type { RunningServer } from "./start.js";

let server: RunningServer | undefined;
const code = await runLazurite(process.argv.slice(2), {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
  onStarted: (s) => (server = s),
});

if (server) {
  const running = server;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight requests and closing the store…\n`);
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} else {
  process.exitCode = code;
}
