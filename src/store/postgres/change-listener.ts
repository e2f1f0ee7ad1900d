import pg from "pg";
import { LocalChangeFeed } from "../change-feed.js";
import { CHANGE_CHANNEL } from "../migrations.js";

/**
 * Changes from every instance on the database: one dedicated connection LISTENs on the channel
 * the change trigger NOTIFYs (migration 2). A heartbeat query checks that connection; when it
 * fails or does not answer within `heartbeatMs` the feed stops being live (caches read through),
 * announces a reset, and reconnects with backoff; reconnecting announces a reset again, since
 * changes may have been missed meanwhile. Worst case before caches stop trusting a silently dead
 * listener: two heartbeat periods (1 s by default).
 */
export class PostgresChangeFeed extends LocalChangeFeed {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private backoffMs = 100;
  private beating = false;
  private stopped = false;
  private isLive = false;
  /** The schema this store's tables live in (the first of search_path). */
  private schema: string | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    /** This instance's application_name: notifications it caused were already announced locally. */
    private readonly origin: string,
    private readonly heartbeatMs: number,
  ) {
    super();
  }

  override get live(): boolean {
    return this.isLive;
  }

  async start(): Promise<void> {
    await this.connect();
    this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    const c = new pg.Client(this.config);
    c.on("notification", (msg) => this.onNotification(msg));
    c.on("error", () => this.lost(c));
    c.on("end", () => this.lost(c));
    try {
      await c.connect();
      this.schema = (await c.query<{ s: string }>("SELECT current_schema() AS s")).rows[0]?.s;
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (e) {
      c.removeAllListeners("end");
      await c.end().catch(() => {});
      throw e;
    }
    if (this.stopped) {
      await c.end().catch(() => {});
      return;
    }
    this.client = c;
    this.isLive = true;
    this.backoffMs = 100;
    // Anything may have changed while nobody listened.
    this.reset();
  }

  private onNotification(msg: pg.Notification): void {
    if (msg.channel !== CHANGE_CHANNEL || !msg.payload) return;
    try {
      const p = JSON.parse(msg.payload) as { table?: string; key?: string; schema?: string; origin?: string; at?: number };
      if (typeof p.table !== "string" || typeof p.key !== "string") return;
      if (p.origin === this.origin || (p.schema !== undefined && p.schema !== this.schema)) return;
      // `at` (migration 4) is the database clock at the start of the writing transaction: the lag includes the transaction.
      const lagSeconds = typeof p.at === "number" ? Math.max(0, Date.now() / 1000 - p.at) : undefined;
      this.emit({ table: p.table, key: p.key, remote: true, lagSeconds });
    } catch {
      this.reset();
    }
  }

  private async heartbeat(): Promise<void> {
    const c = this.client;
    if (!c || this.beating || this.stopped) return;
    this.beating = true;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        c.query("SELECT 1"),
        new Promise((_, reject) => {
          timeout = setTimeout(() => reject(new Error("heartbeat timed out")), this.heartbeatMs);
        }),
      ]);
    } catch {
      this.lost(c);
    } finally {
      clearTimeout(timeout);
      this.beating = false;
    }
  }

  private lost(c: pg.Client): void {
    if (c !== this.client) return;
    this.client = undefined;
    this.isLive = false;
    this.reset();
    c.removeAllListeners("end");
    c.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch(() => {
        this.backoffMs = Math.min(this.backoffMs * 2, 5000);
        this.scheduleReconnect();
      });
    }, this.backoffMs);
    this.reconnectTimer.unref();
  }

  /** Test hook: drops the listener connection as a network failure would. */
  simulateConnectionLoss(): void {
    if (this.client) this.lost(this.client);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.isLive = false;
    clearInterval(this.timer);
    clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = undefined;
    if (c) {
      c.removeAllListeners("end");
      await c.end().catch(() => {});
    }
    this.removeAll();
  }
}
