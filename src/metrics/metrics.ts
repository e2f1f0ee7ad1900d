import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ChangeFeed } from "../store/change-feed.js";
import { fastCounter, FastHistogram } from "./fast-metrics.js";

/**
 * The server's Prometheus metrics (docs/observability.md#metrics), in a registry of its own so
 * that several servers in one process (tests, library mode) never mix their counts. Process
 * metrics are per process, so they live in one registry shared by every server of the process.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Seconds: from a fraction of a millisecond (a cached token check) to a slow store or an injected delay. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = fastCounter(
    this.registry,
    "lazurite_requests_total",
    "Requests answered, by surface, operation and status code.",
    ["surface", "operation", "status"],
  );
  private readonly latency = new FastHistogram(
    this.registry,
    "lazurite_request_duration_seconds",
    "Time from the request's arrival to its answer being sent, by surface and operation.",
    ["surface", "operation"],
    LATENCY_BUCKETS,
  );
  private readonly tokens = fastCounter(
    this.registry,
    "lazurite_tokens_issued_total",
    "Tokens signed, by issuer (entra, videoIndexer, face) and kind.",
    ["issuer", "kind"],
  );
  private readonly bearerCache = fastCounter(
    this.registry,
    "lazurite_bearer_validation_cache_total",
    "Bearer token signature checks, by whether the validation cache answered (hit) or the signature was verified (miss).",
    ["result"],
  );
  private readonly storeOps = new Histogram({
    name: "lazurite_store_operation_duration_seconds",
    help: "Store operations that reached the database (reads the change-feed cache answered are not counted), by table and operation.",
    labelNames: ["table", "operation"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly feedLag = new Histogram({
    name: "lazurite_change_feed_lag_seconds",
    help: "PostgreSQL: time from another instance's writing transaction (database clock) to its change notification arriving here.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** The store's change feed: its lag (remote changes) and whether it is live. */
  watch(feed: ChangeFeed): void {
    feed.on("*", (c) => {
      if (c.remote && c.lagSeconds !== undefined) this.feedLag.observe(c.lagSeconds);
    });
    new Gauge({
      name: "lazurite_change_feed_live",
      help: "1 while the change feed delivers every change (always on SQLite); 0 while caches read through.",
      registers: [this.registry],
      collect() {
        this.set(feed.live ? 1 : 0);
      },
    });
  }

  request(surface: string, operation: string | undefined, status: number, seconds: number): void {
    const op = operation ?? "";
    this.requests.inc(surface, op, String(status));
    this.latency.record(seconds, surface, op);
  }

  tokenIssued(issuer: string, kind: string): void {
    // One label value for every Entra tenant: tenants are data, label values must stay few.
    this.tokens.inc(issuer.startsWith("entra:") ? "entra" : issuer, kind);
  }

  bearerValidation(hit: boolean): void {
    this.bearerCache.inc(hit ? "hit" : "miss");
  }

  storeOperation(table: string, operation: string, seconds: number): void {
    this.storeOps.labels(table, operation).observe(seconds);
  }

  readonly contentType = this.registry.contentType;

  /** The text exposition: this server's metrics, then the process's. */
  async text(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }
}
