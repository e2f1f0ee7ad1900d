import type { Caller } from "../core/decision.js";
import type { Trace } from "./trace.js";

/** One answered request as the inspector keeps it: nothing in it is a secret (see entry.ts). */
export interface RequestEntry {
  /** Position in this instance's log, from 1; `since=` takes it to page on. */
  seq: number;
  /** Arrival time, epoch milliseconds. */
  at: number;
  method: string;
  /** Path and query, credential-bearing query values redacted. */
  path: string;
  surface: string;
  operation?: string | undefined;
  status: number;
  ms: number;
  principal?: Caller | undefined;
  headers: Record<string, string>;
  /** Form fields (token requests), secret fields redacted. */
  form?: Record<string, string> | undefined;
  /** A JSON text body, cut to a few kilobytes. */
  body?: string | undefined;
  /** For refusals: which check failed and why, in plain words. */
  trace?: Trace | undefined;
  /** The fault rule that answered or delayed this request. */
  fault?: string | undefined;
}

export interface RequestQuery {
  status?: ((status: number) => boolean) | undefined;
  surface?: string | undefined;
  /** Entries after this sequence number. */
  afterSeq?: number | undefined;
  /** Entries that arrived at or after this time (epoch ms). */
  sinceMs?: number | undefined;
  limit?: number | undefined;
}

export const DEFAULT_LOG_ENTRIES = 1000;
export const DEFAULT_LOG_BYTES = 8 * 1024 * 1024;

/**
 * The last requests, in a ring bounded in entries and in (estimated) bytes: the oldest go first
 * when either bound is reached, so the log never grows past them whatever the traffic.
 */
export class RequestLog {
  private readonly slots: (RequestEntry | undefined)[];
  private readonly sizes: number[];
  private start = 0;
  private length = 0;
  private bytes = 0;
  private seq = 0;

  constructor(
    readonly maxEntries: number = DEFAULT_LOG_ENTRIES,
    readonly maxBytes: number = DEFAULT_LOG_BYTES,
  ) {
    this.slots = new Array<RequestEntry | undefined>(Math.max(0, maxEntries));
    this.sizes = new Array<number>(Math.max(0, maxEntries)).fill(0);
  }

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  /** Appends an entry (its `seq` is assigned here) of about `size` bytes. */
  add(entry: Omit<RequestEntry, "seq">, size: number): void {
    if (!this.enabled || size > this.maxBytes) return;
    while (this.length > 0 && (this.length === this.maxEntries || this.bytes + size > this.maxBytes)) this.dropOldest();
    const i = (this.start + this.length) % this.maxEntries;
    (entry as RequestEntry).seq = ++this.seq;
    this.slots[i] = entry as RequestEntry;
    this.sizes[i] = size;
    this.bytes += size;
    this.length++;
  }

  private dropOldest(): void {
    this.bytes -= this.sizes[this.start]!;
    this.slots[this.start] = undefined;
    this.start = (this.start + 1) % this.maxEntries;
    this.length--;
  }

  /** Matching entries, oldest first; with `limit`, the newest `limit` of them. */
  query(q: RequestQuery = {}): RequestEntry[] {
    const out: RequestEntry[] = [];
    for (let n = 0; n < this.length; n++) {
      const e = this.slots[(this.start + n) % this.maxEntries]!;
      if (q.afterSeq !== undefined && e.seq <= q.afterSeq) continue;
      if (q.sinceMs !== undefined && e.at < q.sinceMs) continue;
      if (q.surface !== undefined && e.surface !== q.surface) continue;
      if (q.status && !q.status(e.status)) continue;
      out.push(e);
    }
    return q.limit !== undefined && out.length > q.limit ? out.slice(out.length - q.limit) : out;
  }

  /** The sequence number of the newest entry (0 when none was ever added). */
  get lastSeq(): number {
    return this.seq;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.length, bytes: this.bytes };
  }
}
