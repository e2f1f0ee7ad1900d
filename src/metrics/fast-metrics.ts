import { Counter, Histogram, type Registry } from "prom-client";

/**
 * Counters and histograms for the request path. prom-client validates and hashes the labels on
 * every increment and observation (microseconds each); these keep plain numbers per label set,
 * found by one map lookup, and hand them to prom-client's registry when it is scraped. The text
 * exposition stays prom-client's.
 */

/** Label sets kept at most: label values are bounded by design (surfaces, routes, statuses); this guards it. */
const MAX_SERIES = 10_000;

export interface FastCounter {
  inc(...values: string[]): void;
}

/** A counter whose counts live in a map and reach prom-client through `collect` when scraped. */
export function fastCounter(registry: Registry, name: string, help: string, labelNames: readonly string[]): FastCounter {
  const counts = new Map<string, { labels: Record<string, string>; n: number }>();
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const c of counts.values()) this.inc(c.labels, c.n);
    },
  });
  return {
    inc(...values) {
      const key = values.join("\u0000");
      const c = counts.get(key);
      if (c) c.n++;
      else if (counts.size < MAX_SERIES)
        counts.set(key, { labels: Object.fromEntries(labelNames.map((l, i) => [l, values[i] ?? ""])), n: 1 });
    },
  };
}

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last slot is above the largest bound. */
  counts: number[];
  sum: number;
  count: number;
}

type Value = { labels: Record<string, string | number>; value: number; metricName: string };

/**
 * A histogram with its series kept here: `observe` is a map lookup and a bucket search. It is a
 * prom-client Histogram for the registry, whose export methods are answered from these series.
 */
export class FastHistogram extends Histogram {
  private readonly series = new Map<string, Series>();

  constructor(
    registry: Registry,
    private readonly metricName: string,
    private readonly metricHelp: string,
    private readonly labelNamesList: readonly string[],
    private readonly bounds: readonly number[],
  ) {
    super({ name: metricName, help: metricHelp, labelNames: labelNamesList, buckets: [...bounds], registers: [registry] });
  }

  record(seconds: number, ...values: string[]): void {
    const key = values.join("\u0000");
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_SERIES) return;
      s = {
        labels: Object.fromEntries(this.labelNamesList.map((l, i) => [l, values[i] ?? ""])),
        counts: new Array<number>(this.bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    s.counts[i]!++;
    s.sum += seconds;
    s.count++;
  }

  private values(): Value[] {
    const out: Value[] = [];
    const bucket = `${this.metricName}_bucket`;
    for (const s of this.series.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i]!;
        out.push({ labels: { ...s.labels, le }, value: acc, metricName: bucket });
      });
      out.push({ labels: { ...s.labels, le: "+Inf" }, value: s.count, metricName: bucket });
      out.push({ labels: s.labels, value: s.sum, metricName: `${this.metricName}_sum` });
      out.push({ labels: s.labels, value: s.count, metricName: `${this.metricName}_count` });
    }
    return out;
  }

  /** What the registry formats (prom-client calls it, when present, instead of `get`): the shape its own Histogram returns. */
  async getForPromString(): ReturnType<Histogram["get"]> {
    const data = { name: this.metricName, help: this.metricHelp, type: "histogram", values: this.values(), aggregator: "sum" };
    return data as unknown as Awaited<ReturnType<Histogram["get"]>>;
  }

  override get(): ReturnType<Histogram["get"]> {
    return this.getForPromString();
  }
}
