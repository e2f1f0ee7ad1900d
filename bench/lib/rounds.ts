import { median, runFor, summarise, type LoadResult, type RequestSpec } from "./load.js";

/** Something the load generator drives: one request against one server. */
export interface Target {
  key: string;
  request: RequestSpec;
  /** The server processes whose CPU is charged to this target. */
  pids: () => readonly number[];
}

export interface RoundsOptions {
  connections: number;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /** Told before each run (progress). */
  onRun?: (key: string, round: number) => void;
}

/**
 * Interleaved runs: every target is warmed up, then each round drives every target once, in an
 * order rotated from round to round, so that a slow spell of the shared machine falls on all of
 * them alike. Ratios are taken within a round (see pairedRatio).
 */
export async function interleave(targets: readonly Target[], o: RoundsOptions): Promise<Record<string, LoadResult>> {
  const runs = new Map(targets.map((t) => [t.key, [] as LoadResult["runs"]]));
  for (const t of targets) await runFor({ ...t.request, connections: o.connections }, o.warmupSeconds);
  for (let round = 0; round < o.rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(i + round) % targets.length]!;
      o.onRun?.(t.key, round);
      runs.get(t.key)!.push(await runFor({ ...t.request, connections: o.connections }, o.seconds, t.pids()));
    }
  }
  return Object.fromEntries([...runs].map(([k, r]) => [k, summarise(r)]));
}

export interface Ratio {
  median: number;
  min: number;
  max: number;
}

/** The ratio a ÷ b of requests per second, round by round (both measured in the same round): median [min–max]. */
export function pairedRatio(a: LoadResult, b: LoadResult): Ratio {
  const n = Math.min(a.runs.length, b.runs.length);
  const xs = Array.from({ length: n }, (_, i) => a.runs[i]!.rps / Math.max(b.runs[i]!.rps, 1e-9));
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}
