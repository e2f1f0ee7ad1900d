import { runCli, type CliIo } from "../cli/program.js";
import { startServer, type RunningServer } from "./start.js";

/** The CLI with the server plugged in, in-process (tests, library use); the binary (bin.ts) adds --workers. */
export function runLazurite(argv: string[], io: Omit<CliIo<RunningServer>, "start">): Promise<number> {
  return runCli(argv, {
    ...io,
    start: (opts, print) =>
      (opts.workers ?? 1) > 1
        ? Promise.reject(new Error("--workers is for the lazurite binary, not in-process use"))
        : startServer(opts, print),
  });
}
