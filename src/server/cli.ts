import { runCli, type CliIo } from "../cli/program.js";
import { startServer, type RunningServer } from "./start.js";

/** The CLI with the server plugged in: what the binary runs, and what tests call in-process. */
export function runLazurite(argv: string[], io: Omit<CliIo<RunningServer>, "start">): Promise<number> {
  return runCli(argv, { ...io, start: startServer });
}
