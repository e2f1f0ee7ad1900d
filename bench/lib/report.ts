import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ColdStart } from "./cold-start.js";
import type { LoadResult } from "./load.js";

export interface Scenario {
  result: LoadResult;
  /** Requests per second the limit model allows on one core: 1 / (t_baseline + t_sign). */
  limitModel?: number;
  alg?: string;
  accounts?: number;
  /** The scenario's own baseline (same request, same response size). */
  baselineKey?: string;
  responseBytes?: number;
}

export interface Report {
  startedAt: string;
  machine: { cpus: number; model: string; node: string };
  load: { connections: number; seconds: number; warmupSeconds: number; runs: number };
  coldStart?: ColdStart;
  signing?: { ES256: number; RS256: number };
  scenarios: Record<string, Scenario>;
  memory?: { requests: number; rssBeforeMb: number; rssAfterMb: number; errors: number; non2xx: number };
  durationSeconds?: number;
  notes: string[];
}

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const f2 = (n: number) => n.toFixed(2);

const LABELS: Record<string, string> = {
  viSqliteBaseline: "1. Baseline for 2: bare Fastify, same request, constant body",
  viSqlite: "2. VI generateAccessToken, bearer + RBAC (SQLite)",
  faceBaseline: "1. Baseline for 3",
  face: "3. Face getClientAssetsAccessToken by key",
  entraBaseline: "1. Baseline for 4",
  entra: "4. Entra client_credentials (RS256)",
  viSqlite100k: "7. VI generateAccessToken with 100,000 accounts",
  viPostgres: "8. VI generateAccessToken (PostgreSQL)",
};

/** Markdown table plus the JSON, under bench/results/ (latest.md is the committed copy). */
export function writeReport(r: Report): { json: string; md: string } {
  const dir = join(process.cwd(), "bench/results");
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  lines.push(`# Lazurite benchmark`, "");
  lines.push(
    `${r.startedAt} · ${r.machine.cpus} × ${r.machine.model} · Node ${r.machine.node} · ${r.load.connections} connections, ${r.load.warmupSeconds} s warm-up, ${r.load.runs} × ${r.load.seconds} s runs (median [min–max])`,
    "",
  );
  lines.push("| Scenario | req/s | p50 ms | p99 ms | req/s vs baseline | p99 vs baseline | limit model req/s | fraction of model |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const [key, s] of Object.entries(r.scenarios)) {
    const m = s.result.median;
    const base = (s.baselineKey ? r.scenarios[s.baselineKey]! : s).result.median;
    const range = `${f0(m.rps)} [${f0(s.result.min.rps)}–${f0(s.result.max.rps)}]`;
    const errs = m.errors + m.non2xx > 0 ? ` ⚠ ${m.errors} errors, ${m.non2xx} non-2xx` : "";
    lines.push(
      `| ${LABELS[key] ?? key}${errs} | ${range} | ${m.p50} | ${m.p99} | ${f2(m.rps / base.rps)} | ${f2(m.p99 / Math.max(base.p99, 1))} | ${s.limitModel ? f0(s.limitModel) : "—"} | ${s.limitModel ? f2(m.rps / s.limitModel) : "—"} |`,
    );
  }
  lines.push("");
  if (r.signing)
    lines.push(
      `5. Signing ceiling on one core: ES256 ${f0(r.signing.ES256)}/s, RS256 ${f0(r.signing.RS256)}/s. Limit model per core: 1 / (1/baseline req/s + 1/signatures per s), with each scenario's own baseline (same request replayed, constant body of the same size as the scenario's response).`,
      "",
    );
  if (r.coldStart) {
    const c = r.coldStart;
    lines.push(
      `6. Cold start, spawn to first 200 from /_lazurite/health (median of 10 [min–max]): empty location ${f0(c.emptyMs.median)} ms [${f0(c.emptyMs.min)}–${f0(c.emptyMs.max)}], populated ${f0(c.populatedMs.median)} ms [${f0(c.populatedMs.min)}–${f0(c.populatedMs.max)}].`,
      "",
    );
  }
  const one = r.scenarios.viSqlite?.result.median;
  const big = r.scenarios.viSqlite100k;
  if (one && big)
    lines.push(
      `7. Flat cost: VI token p50 ${one.p50} ms with 1 account, ${big.result.median.p50} ms with ${f0(big.accounts ?? 0)} accounts (req/s ratio ${f2(big.result.median.rps / one.rps)}).`,
      "",
    );
  if (r.memory)
    lines.push(
      `7. Memory: RSS ${r.memory.rssBeforeMb.toFixed(1)} MB before and ${r.memory.rssAfterMb.toFixed(1)} MB after ${f0(r.memory.requests)} VI token requests (growth ${(r.memory.rssAfterMb - r.memory.rssBeforeMb).toFixed(1)} MB; ${r.memory.errors} errors, ${r.memory.non2xx} non-2xx).`,
      "",
    );
  const pg = r.scenarios.viPostgres?.result.median;
  if (one && pg) lines.push(`8. Stores: PostgreSQL at ${f2(pg.rps / one.rps)} of SQLite req/s on the VI hot path.`, "");
  for (const n of r.notes) lines.push(`Note: ${n}`, "");
  if (r.durationSeconds) lines.push(`Whole run: ${f0(r.durationSeconds)} s. Reproduce with \`npm run bench\`.`);
  const md = lines.join("\n") + "\n";
  const stamp = r.startedAt.replace(/[:.]/g, "-");
  const json = join(dir, `bench-${stamp}.json`);
  writeFileSync(json, JSON.stringify(r, null, 2));
  writeFileSync(join(dir, `bench-${stamp}.md`), md);
  writeFileSync(join(dir, "latest.md"), md);
  return { json, md: join(dir, "latest.md") };
}
