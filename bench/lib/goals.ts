import { median, type LoadResult } from "./load.js";
import type { Goal, Report } from "./report.js";
import { pairedRatio, type Ratio } from "./rounds.js";

/** Round by round: the scenario's req/s over its limit model, 1 / (1/baseline + 1/signatures per s). */
function ofModel(s: LoadResult, baseline: LoadResult, signsPerSecond: number): Ratio {
  const n = Math.min(s.runs.length, baseline.runs.length);
  const xs = Array.from({ length: n }, (_, i) => s.runs[i]!.rps * (1 / baseline.runs[i]!.rps + 1 / signsPerSecond));
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** The goals of the performance issue, judged on this run's figures (a goal is met when its median is). */
export function goalsOf(r: Report, o: { memoryRequests: number }): Goal[] {
  const goals: Goal[] = [];
  const res = r.results;
  const at = (what: string, value: Ratio | number, goal: string, ok: (x: number) => boolean, unit?: string) =>
    goals.push({ what, value, goal, met: ok(typeof value === "number" ? value : value.median), ...(unit ? { unit } : {}) });

  if (res.vi && res.oidcES256)
    at(
      "Lazurite VI generateAccessToken ÷ oidc-provider client_credentials (ES256 both)",
      pairedRatio(res.vi, res.oidcES256),
      "≥ 4",
      (x) => x >= 4,
    );
  if (res.entra && res.oidcRS256)
    at(
      "Lazurite Entra client_credentials ÷ oidc-provider client_credentials (RS256 both)",
      pairedRatio(res.entra, res.oidcRS256),
      "≥ 3",
      (x) => x >= 3,
    );
  if (res.vi && res.oidcRS256) at("(for reference) Lazurite VI ÷ oidc-provider RS256", pairedRatio(res.vi, res.oidcRS256), "—", () => true);
  for (const key of ["face", "liveness", "vi", "entra"]) {
    const s = res[key];
    const t = r.targets[key];
    const b = t?.baseline ? res[t.baseline] : undefined;
    if (!s || !b || !t?.alg || !r.signing) continue;
    const model = ofModel(s, b, r.signing[t.alg]);
    if (key === "face" || key === "liveness") at(`${t.label} ÷ its limit model`, model, "≥ 0.85", (x) => x >= 0.85);
    else at(`(for reference) ${t.label} ÷ its limit model`, model, "—", () => true);
  }
  for (const key of ["vi", "entra", "face", "liveness"]) {
    const s = res[key];
    const t = r.targets[key];
    const b = t?.baseline ? res[t.baseline] : undefined;
    if (!s || !b || !t) continue;
    at(`${t.label}: p99 ÷ its baseline's p99`, s.median.p99 / Math.max(b.median.p99, 1), "≤ 3", (x) => x <= 3);
  }
  const c = r.coldStart?.configs;
  if (c?.lazuriteEmpty && c.azuriteEmpty)
    at("Cold start, empty location: Lazurite ÷ Azurite", c.lazuriteEmpty.median / c.azuriteEmpty.median, "≤ 0.3", (x) => x <= 0.3);
  if (c?.lazuritePopulated && c.azuritePopulated)
    at(
      "Cold start, populated location: Lazurite ÷ Azurite",
      c.lazuritePopulated.median / c.azuritePopulated.median,
      "≤ 0.3",
      (x) => x <= 0.3,
    );
  if (res.viBig && res.vi) at(`Flat cost: ${r.targets.viBig?.label} ÷ 1 account`, pairedRatio(res.viBig, res.vi), "≥ 0.9", (x) => x >= 0.9);
  if (res.faceBig && res.face)
    at(`Flat cost: ${r.targets.faceBig?.label} ÷ 1 resource`, pairedRatio(res.faceBig, res.face), "≥ 0.9", (x) => x >= 0.9);
  if (res.viWorkers2 && res.vi) at("(for reference) VI at --workers 2 ÷ at 1 worker", pairedRatio(res.viWorkers2, res.vi), "—", () => true);
  if (res.viWorkers2 && res.oidcES256)
    at(
      "(for reference) VI at --workers 2 ÷ oidc-provider ES256 (one process)",
      pairedRatio(res.viWorkers2, res.oidcES256),
      "—",
      () => true,
    );
  if (res.viPostgres && res.vi) at("Stores: VI on PostgreSQL ÷ on SQLite", pairedRatio(res.viPostgres, res.vi), "≥ 0.9", (x) => x >= 0.9);
  if (r.memory) {
    const grew = r.memory.rssAfterMb - r.memory.rssSettledMb;
    const full = r.memory.requests >= o.memoryRequests;
    at(
      `RSS growth over ${r.memory.requests.toLocaleString("en-US")} VI tokens from a settled heap`,
      grew,
      "< 20 MB over 1,000,000",
      (x) => x < 20 && full,
      " MB",
    );
  }
  return goals;
}
