import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ColdStart } from "./cold-start.js";
import type { LoadResult } from "./load.js";
import type { Ratio } from "./rounds.js";

/** What a row of the throughput table is: its label and, for Lazurite's scenarios, its baseline. */
export interface TargetInfo {
  label: string;
  /** The bare-Fastify baseline replaying the same request (same response size). */
  baseline?: string;
  /** The signature the scenario makes per request (for the limit model). */
  alg?: "ES256" | "RS256";
  responseBytes?: number;
}

export interface Goal {
  what: string;
  /** The measured value (a ratio, MB…), median [min–max] when it comes from rounds. */
  value: Ratio | number;
  goal: string;
  met: boolean;
  unit?: string;
}

export interface Memory {
  warmupRequests: number;
  requests: number;
  seconds: number;
  rssSettledMb: number;
  rssAfterMb: number;
  errors: number;
  non2xx: number;
}

export interface Report {
  startedAt: string;
  machine: { cpus: number; model: string; node: string; loadAverage: number[] };
  load: { connections: number; seconds: number; warmupSeconds: number; rounds: number };
  coldStart?: ColdStart;
  signing?: { ES256: number; RS256: number };
  targets: Record<string, TargetInfo>;
  results: Record<string, LoadResult>;
  goals: Goal[];
  memory?: Memory;
  durationSeconds?: number;
  notes: string[];
}

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const f2 = (n: number) => n.toFixed(2);
const range = (r: Ratio) => `${f2(r.median)} [${f2(r.min)}–${f2(r.max)}]`;

/** Markdown plus the JSON, under bench/results/ (latest.md is the committed copy). */
export function writeReport(r: Report): { json: string; md: string } {
  const dir = join(process.cwd(), "bench/results");
  mkdirSync(dir, { recursive: true });
  const L: string[] = [];
  L.push(`# Lazurite benchmark`, "");
  L.push(
    `${r.startedAt} · ${r.machine.cpus} × ${r.machine.model} · Node ${r.machine.node} · load average at start ${r.machine.loadAverage.map((x) => x.toFixed(1)).join(" ")}`,
    "",
    `Every server on loopback over TLS with the same certificate; ${r.load.connections} connections; each target warmed up ${r.load.warmupSeconds} s, then ${r.load.rounds} interleaved rounds of ${r.load.seconds} s per target (every target once per round, the order rotated). Figures are medians [min–max] over the rounds; ratios are taken within each round, then their median [min–max]. The machine is shared with other work: compare ratios from one run, not absolute numbers across runs.`,
    "",
  );

  L.push("## Goals", "");
  L.push("| Ratio | measured | goal | met |", "|---|---|---|---|");
  for (const g of r.goals) {
    const v = typeof g.value === "number" ? `${g.value.toFixed(2)}${g.unit ?? ""}` : range(g.value);
    L.push(`| ${g.what} | ${v} | ${g.goal} | ${g.met ? "yes" : "**no**"} |`);
  }
  L.push("");

  L.push("## Throughput", "");
  L.push("| Target | req/s | p50 ms | p99 ms | server CPU µs/req | others' cores | answer bytes |", "|---|---|---|---|---|---|---|");
  for (const [key, info] of Object.entries(r.targets)) {
    const res = r.results[key];
    if (!res) continue;
    const m = res.median;
    const errs = m.errors + m.non2xx > 0 ? ` ⚠ ${m.errors} errors, ${m.non2xx} non-2xx` : "";
    L.push(
      `| ${info.label}${errs} | ${f0(m.rps)} [${f0(res.min.rps)}–${f0(res.max.rps)}] | ${m.p50} | ${m.p99} | ${m.cpuUsPerRequest !== undefined ? f0(m.cpuUsPerRequest) : "—"} | ${m.otherCores !== undefined ? m.otherCores.toFixed(2) : "—"} | ${info.responseBytes !== undefined ? f0(info.responseBytes) : "—"} |`,
    );
  }
  L.push(
    "",
    "Server CPU: user + system time of the server process (and of its workers), thread pool included, per answered request. Others' cores: CPU used meanwhile by everything but the servers and the load generator, i.e. other work on this shared machine.",
    "",
  );
  if (r.signing)
    L.push(
      `Signing on one core: ES256 ${f0(r.signing.ES256)}/s, RS256 ${f0(r.signing.RS256)}/s. The limit model of a scenario, per round: 1 / (1 / its baseline's req/s + 1 / signatures per second); a baseline is a bare Fastify route with the same TLS certificate answering a constant body of the scenario's answer size to the scenario's own request.`,
      "",
    );
  if (r.coldStart) {
    L.push("## Cold start", "");
    L.push(
      `Spawn to the first 200: Lazurite's \`/_lazurite/health\`, Azurite's List Containers (account SAS). Both over HTTPS, ${r.coldStart.network}; configurations interleaved; "populated" is a location after a first start with 1,000 VI accounts (Lazurite) or 1,000 blobs (Azurite).`,
      "",
    );
    L.push("| Configuration | ms, median [min–max] |", "|---|---|");
    const names: Record<string, string> = {
      lazuriteEmpty: "Lazurite, empty location (makes its CA, certificate, keys and development set)",
      lazuritePopulated: "Lazurite, populated location",
      azuriteEmpty: "Azurite (blob), empty location",
      azuritePopulated: "Azurite (blob), populated location",
    };
    for (const [k, s] of Object.entries(r.coldStart.configs)) L.push(`| ${names[k] ?? k} | ${f0(s.median)} [${f0(s.min)}–${f0(s.max)}] |`);
    L.push("");
  }
  if (r.memory) {
    const m = r.memory;
    L.push("## Memory", "");
    L.push(
      `RSS of one Lazurite process: ${m.rssSettledMb.toFixed(1)} MB after ${f0(m.warmupRequests)} VI token requests (settled), ${m.rssAfterMb.toFixed(1)} MB after ${f0(m.requests)} more in ${f0(m.seconds)} s (growth ${(m.rssAfterMb - m.rssSettledMb).toFixed(1)} MB; ${m.errors} errors, ${m.non2xx} non-2xx).`,
      "",
    );
  }
  for (const n of r.notes) L.push(`Note: ${n}`, "");
  if (r.durationSeconds) L.push(`Whole run: ${f0(r.durationSeconds)} s. Reproduce with \`npm run bench\`.`);
  const md = L.join("\n") + "\n";
  const stamp = r.startedAt.replace(/[:.]/g, "-");
  const json = join(dir, `bench-${stamp}.json`);
  writeFileSync(json, JSON.stringify(r, null, 2));
  writeFileSync(join(dir, `bench-${stamp}.md`), md);
  writeFileSync(join(dir, "latest.md"), md);
  return { json, md: join(dir, "latest.md") };
}
