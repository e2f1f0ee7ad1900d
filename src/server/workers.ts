import type { Cluster, Worker } from "node:cluster";
import { createRequire } from "node:module";
import type { Stoppable } from "../cli/program.js";
import type { StartOptions } from "../config/start-options.js";
import { LocalChangeFeed } from "../store/change-feed.js";
import { startServer, type RunningServer } from "./start.js";

/**
 * `--workers N` (docs/scale-out.md#workers): N processes serve the same port through node:cluster
 * (the primary accepts connections and hands them round-robin to the workers), each a full Lazurite
 * instance on the same store. On PostgreSQL the instances tell each other of their writes through
 * the database, as separate hosts do. On SQLite (WAL: any number of readers, one writer at a time,
 * busy writers wait) the primary relays each worker's change announcements to the others, so that
 * their read caches drop what changed. The first worker starts alone (migrations, development set,
 * keys, certificate); the others start once it is up; the primary prints the first worker's banner
 * when all are listening.
 */
type Message =
  { lazurite: "change"; table: string; key: string } | { lazurite: "ready"; banner: string[] } | { lazurite: "failed"; message: string };

/** Set in the workers' environment by the primary (node:cluster itself is loaded only with --workers). */
const WORKER_ENV = "LAZURITE_WORKER";
export const isWorkerProcess = (): boolean => process.env[WORKER_ENV] === "1";

const isMessage = (m: unknown): m is Message => typeof m === "object" && m !== null && "lazurite" in m;

/** In a worker: starts this instance, wires its change relay, and tells the primary it is ready. */
async function startWorker(opts: StartOptions): Promise<RunningServer> {
  const banner: string[] = [];
  let server: RunningServer;
  try {
    server = await startServer(opts, (line) => banner.push(line));
  } catch (e) {
    process.send?.({ lazurite: "failed", message: (e as Error).message } satisfies Message);
    throw e;
  }
  const feed = server.store.changes;
  if (server.store.dialect === "sqlite" && feed instanceof LocalChangeFeed) {
    feed.relay = (table, key) => process.send?.({ lazurite: "change", table, key } satisfies Message);
    process.on("message", (m: unknown) => {
      if (isMessage(m) && m.lazurite === "change") feed.emit({ table: m.table, key: m.key, remote: true });
    });
  }
  process.send?.({ lazurite: "ready", banner } satisfies Message);
  return server;
}

/** In the primary: forks the workers, relays their changes, and stops them all on close. */
async function startPrimary(n: number, print: (line: string) => void): Promise<Stoppable> {
  // Required, not imported: the bundle runs as a vm.Script, where import() needs Node 20.12 or later.
  const cluster = createRequire(import.meta.url)("node:cluster") as Cluster;
  const workers = new Set<Worker>();
  let stopping = false;

  const fork = () =>
    new Promise<string[]>((ok, fail) => {
      const w = cluster.fork({ [WORKER_ENV]: "1" });
      workers.add(w);
      let ready = false;
      w.on("message", (m: unknown) => {
        if (!isMessage(m)) return;
        if (m.lazurite === "change") {
          for (const other of workers) if (other !== w && other.isConnected()) other.send(m);
        } else if (m.lazurite === "ready") {
          ready = true;
          ok(m.banner);
        } else fail(new Error(m.message));
      });
      w.once("exit", (code, signal) => {
        workers.delete(w);
        if (!ready) return fail(new Error(`worker ${w.id} exited with ${signal ?? code} before it was ready`));
        if (stopping) return;
        // A worker that died is replaced: the store holds everything acknowledged.
        process.stderr.write(`worker ${w.id} exited with ${signal ?? code}; starting another\n`);
        fork().catch((e: unknown) => process.stderr.write(`a replacement worker failed: ${(e as Error).message}\n`));
      });
    });

  const close = async () => {
    stopping = true;
    await Promise.all(
      [...workers].map(
        (w) =>
          new Promise<void>((done) => {
            if (w.isDead()) return done();
            w.once("exit", () => done());
            w.process.kill("SIGTERM");
          }),
      ),
    );
  };

  try {
    const banner = await fork();
    await Promise.all(Array.from({ length: n - 1 }, fork));
    for (const line of banner) print(line);
    print(`  workers     ${n} processes sharing the port (node:cluster)`);
  } catch (e) {
    await close();
    throw e;
  }
  return { close };
}

/** What the binary's `start` runs: one instance, or with `--workers N` (N > 1) a primary and its workers. */
export function startInstances(opts: StartOptions, print: (line: string) => void): Promise<Stoppable> {
  const n = opts.workers ?? 1;
  if (n <= 1) return startServer(opts, print);
  if (opts.inMemory && !opts.db) {
    return Promise.reject(new Error("--workers needs a store the processes share: a location on disk, or --db (not --in-memory)"));
  }
  return isWorkerProcess() ? startWorker(opts) : startPrimary(n, print);
}
