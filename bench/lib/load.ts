import autocannon from "autocannon";
import { cpuWindow } from "./cpu.js";

/** One request, replayed by every connection. */
export interface RequestSpec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec extends RequestSpec {
  connections?: number;
  /** Seconds per measured run. */
  seconds: number;
  warmupSeconds: number;
  runs: number;
}

export interface RunFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU (every thread of the server processes) per answered request, µs. */
  cpuUsPerRequest?: number | undefined;
  /** Cores' worth of CPU used meanwhile by processes other than the server and the load generator. */
  otherCores?: number | undefined;
}

export interface LoadResult {
  runs: RunFigures[];
  median: RunFigures;
  min: RunFigures;
  max: RunFigures;
}

type Limit = { duration: number } | { amount: number };

function drive(spec: RequestSpec & { connections?: number }, limit: Limit, pids: readonly number[] = []): Promise<RunFigures> {
  const cpu = cpuWindow(pids);
  return new Promise((ok, fail) => {
    autocannon(
      {
        url: spec.url,
        method: spec.method ?? "GET",
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections ?? 50,
        ...limit,
      },
      (err, r) => {
        if (err) return fail(err instanceof Error ? err : new Error(String(err)));
        const w = cpu();
        const answered = r.requests.total;
        ok({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
          cpuUsPerRequest: pids.length > 0 && answered > 0 ? (w.serverMs * 1000) / answered : undefined,
          otherCores: w.otherCores,
        });
      },
    );
  });
}

/** One timed run of `seconds`; `pids` are the server processes whose CPU is counted. */
export const runFor = (spec: RequestSpec & { connections?: number }, seconds: number, pids?: readonly number[]) =>
  drive(spec, { duration: seconds }, pids);

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Medians with min and max of each figure over runs. */
export function summarise(runs: RunFigures[]): LoadResult {
  const pick = (f: (xs: number[]) => number): RunFigures => {
    const of = (g: (r: RunFigures) => number | undefined) => {
      const xs = runs.map(g).filter((x): x is number => x !== undefined);
      return xs.length ? f(xs) : undefined;
    };
    return {
      rps: of((r) => r.rps)!,
      p50: of((r) => r.p50)!,
      p99: of((r) => r.p99)!,
      errors: of((r) => r.errors)!,
      non2xx: of((r) => r.non2xx)!,
      cpuUsPerRequest: of((r) => r.cpuUsPerRequest),
      otherCores: of((r) => r.otherCores),
    };
  };
  return { runs, median: pick(median), min: pick((xs) => Math.min(...xs)), max: pick((xs) => Math.max(...xs)) };
}

/** Warm-up, then `runs` measured runs; medians with min and max of each figure. */
export async function measure(spec: LoadSpec, pids?: readonly number[]): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await runFor(spec, spec.warmupSeconds);
  const runs: RunFigures[] = [];
  for (let i = 0; i < spec.runs; i++) runs.push(await runFor(spec, spec.seconds, pids));
  return summarise(runs);
}

/** Fires `total` requests as fast as the connections allow (for the memory scenario). */
export const fire = (spec: RequestSpec & { connections?: number }, total: number) => drive(spec, { amount: total });
