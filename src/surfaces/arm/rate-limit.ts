import { armErrors } from "./errors.js";

/**
 * ARM's legacy hourly request limits, per principal and subscription (docs/arm.md#rate-limit-headers; Azure docs:
 * request-limits-and-throttling): 12000 reads, 1200 writes, 15000 deletes an hour. Every ARM
 * response to an authenticated caller carries the remaining count, e.g. the first read of the hour
 * answers `x-ms-ratelimit-remaining-subscription-reads: 11999`. Requests without a subscription
 * (Operations_List) count against the tenant (`-tenant-reads`).
 *
 * Lazurite's choices [U]: POST actions count as writes (ARM's own classification of non-GET
 * methods); the window is the clock hour (fixed, not sliding); counters live in memory, per
 * process. With `--arm-throttling`, an exhausted count answers 429 with `Retry-After` (seconds to the
 * next hour) so SDK pipelines retry it (docs/arm.md#sdk-retries-for-429-and-503). Without it (the default) the headers still
 * count down, to 0, but nothing is refused: a local emulator that starts refusing after 1200 token
 * requests an hour would break test suites and benchmarks for no benefit.
 */
export type RateKind = "reads" | "writes" | "deletes";

export const ARM_HOURLY_LIMITS: Record<RateKind, number> = { reads: 12000, writes: 1200, deletes: 15000 };

const HOUR_MS = 3600_000;

export function rateKindOf(method: string): RateKind {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "reads";
  if (m === "DELETE") return "deletes";
  return "writes";
}

export interface RateScope {
  /** The subscription the request targets; absent for tenant-level requests. */
  subscriptionId?: string | undefined;
  tenantId: string;
}

export class ArmRateLimiter {
  private readonly counters = new Map<string, { window: number; used: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly enforce: boolean,
    private readonly limits: Record<RateKind, number> = ARM_HOURLY_LIMITS,
  ) {}

  /**
   * Counts one request of `kind` by `principalId` and returns the headers to send. Throws 429
   * SubscriptionRequestsThrottled (or TenantRequestsThrottled) when the hour's budget is spent.
   */
  take(scope: RateScope, principalId: string, kind: RateKind): Record<string, string> {
    const t = this.now().getTime();
    const window = Math.floor(t / HOUR_MS);
    const level = scope.subscriptionId ? "subscription" : "tenant";
    const key = `${level}|${(scope.subscriptionId ?? scope.tenantId).toLowerCase()}|${principalId.toLowerCase()}|${kind}`;
    let c = this.counters.get(key);
    if (!c || c.window !== window) {
      if (this.counters.size > 50_000) this.prune(window);
      c = { window, used: 0 };
      this.counters.set(key, c);
    }
    const header = `x-ms-ratelimit-remaining-${level}-${kind}`;
    if (c.used >= this.limits[kind]) {
      if (!this.enforce) return { [header]: "0" };
      const retryAfter = Math.max(1, Math.ceil(((window + 1) * HOUR_MS - t) / 1000));
      throw armErrors.throttled(level, scope.subscriptionId ?? scope.tenantId, principalId, kind, retryAfter);
    }
    c.used++;
    return { [header]: String(this.limits[kind] - c.used) };
  }

  private prune(window: number): void {
    for (const [k, v] of this.counters) if (v.window !== window) this.counters.delete(k);
  }
}
