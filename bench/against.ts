// `npm run bench:against -- <checkout>`: this build against another build of Lazurite (an earlier
// commit, checked out and built with `npm ci && npm run build`), on the hot paths both serve: VI
// generateAccessToken (bearer + RBAC) and Face getClientAssetsAccessToken by key. Both servers run
// side by side with fresh locations and the development set; the targets are interleaved and each
// ratio is taken within a round, as in `npm run bench`. Loopback only; every run is bounded.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnServer, type Spawned } from "./lib/processes.js";
import { armToken, faceRequest, viRequest } from "./lib/requests.js";
import { interleave, pairedRatio, type Target } from "./lib/rounds.js";

const other = process.argv[2];
if (!other) {
  console.error("usage: npm run bench:against -- <path of another Lazurite checkout, built>");
  process.exit(2);
}
const binOf = (dir: string) =>
  join(dir, (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { bin: { lazurite: string } }).bin.lazurite);
const builds = { this: binOf(process.cwd()), other: binOf(resolve(other)) };
const QUICK = process.env.BENCH_QUICK === "1";
const LOAD = { connections: 50, seconds: QUICK ? 1 : 3, warmupSeconds: QUICK ? 1 : 2, rounds: QUICK ? 2 : 6 };

const tmp = mkdtempSync(join(tmpdir(), "lazurite-against-"));
const servers: Spawned[] = [];
try {
  const targets: Target[] = [];
  for (const [name, bin] of Object.entries(builds)) {
    const s = await spawnServer([bin, "start", "--port", "0", "--location", join(tmp, name), "--log-level", "silent"]);
    servers.push(s);
    const pids = () => [s.child.pid!];
    targets.push({ key: `${name} vi`, request: viRequest(s.url, await armToken(s.url)), pids });
    targets.push({ key: `${name} face`, request: faceRequest(s.url), pids });
  }
  const r = await interleave(targets, { ...LOAD, onRun: (k, round) => console.error(`round ${round + 1}: ${k}`) });
  const fmt = (x: number) => x.toFixed(2);
  console.log(
    `\nThis build (${process.cwd()}) against ${resolve(other)}: ${LOAD.rounds} interleaved rounds of ${LOAD.seconds} s, 50 connections\n`,
  );
  console.log("| Route | this req/s | other req/s | this ÷ other | this p99 ms | other p99 ms | this CPU µs/req | other CPU µs/req |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const [route, label] of [
    ["vi", "VI generateAccessToken (bearer + RBAC)"],
    ["face", "Face getClientAssetsAccessToken by key"],
  ] as const) {
    const a = r[`this ${route}`]!;
    const b = r[`other ${route}`]!;
    const ratio = pairedRatio(a, b);
    for (const x of [a, b]) if (x.median.non2xx > 0 || x.median.errors > 0) throw new Error(`${label}: non-2xx or errors`);
    console.log(
      `| ${label} | ${Math.round(a.median.rps)} | ${Math.round(b.median.rps)} | ${fmt(ratio.median)} [${fmt(ratio.min)}–${fmt(ratio.max)}] | ${a.median.p99} | ${b.median.p99} | ${Math.round(a.median.cpuUsPerRequest ?? 0)} | ${Math.round(b.median.cpuUsPerRequest ?? 0)} |`,
    );
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(tmp, { recursive: true, force: true });
}
