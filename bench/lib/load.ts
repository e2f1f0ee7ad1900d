import autocannon from "autocannon";

export interface LoadSpec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
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
}

export interface LoadResult {
  runs: RunFigures[];
  median: RunFigures;
  min: RunFigures;
  max: RunFigures;
}

function once(spec: LoadSpec, seconds: number): Promise<RunFigures> {
  return new Promise((ok, fail) => {
    autocannon(
      {
        url: spec.url,
        method: spec.method ?? "GET",
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections ?? 50,
        duration: seconds,
      },
      (err, r) => {
        if (err) return fail(err instanceof Error ? err : new Error(String(err)));
        ok({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
      },
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Warm-up, then `runs` measured runs; medians with min and max of each figure. */
export async function measure(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await once(spec, spec.warmupSeconds);
  const runs: RunFigures[] = [];
  for (let i = 0; i < spec.runs; i++) runs.push(await once(spec, spec.seconds));
  const pick = (f: (xs: number[]) => number): RunFigures => ({
    rps: f(runs.map((r) => r.rps)),
    p50: f(runs.map((r) => r.p50)),
    p99: f(runs.map((r) => r.p99)),
    errors: f(runs.map((r) => r.errors)),
    non2xx: f(runs.map((r) => r.non2xx)),
  });
  return { runs, median: pick(median), min: pick((xs) => Math.min(...xs)), max: pick((xs) => Math.max(...xs)) };
}

/** Fires `total` requests as fast as 50 connections allow (for the memory scenario). */
export function fire(spec: Omit<LoadSpec, "seconds" | "warmupSeconds" | "runs">, total: number): Promise<RunFigures> {
  return new Promise((ok, fail) => {
    autocannon(
      {
        url: spec.url,
        method: spec.method ?? "GET",
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections ?? 50,
        amount: total,
      },
      (err, r) =>
        err
          ? fail(err instanceof Error ? err : new Error(String(err)))
          : ok({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx }),
    );
  });
}
