import { randomUUID } from "node:crypto";
import type { InjectedFault } from "../core/surface.js";
import type { FaultRule } from "../model/entities.js";
import { keyOf } from "../store/collections.js";
import type { Store } from "../store/store.js";
import { compileRule, type CompiledRule } from "./matcher.js";
import type { RequestFacts } from "./request-facts.js";
import { MAX_FAULT_RULES, type FaultRuleDecl } from "./rule-schema.js";

/** What a matching rule does to a request: wait, then (optionally) answer with an error. */
export interface FaultAction {
  ruleId: string;
  delayMs: number;
  error?: InjectedFault | undefined;
}

export class FaultRuleLimitError extends Error {
  constructor() {
    super(`at most ${MAX_FAULT_RULES} fault rules may exist at once`);
  }
}

/** While the change feed is not live, rules are read from the database at most this often. */
const STALE_MS = 1000;

/**
 * Fault rules (docs/observability.md#fault-injection): kept in the store, so every instance on a
 * shared PostgreSQL database applies the same ones, and held here as a compiled snapshot that the
 * change feed drops on every change to the table (by this instance or another) and on a reset.
 * While the feed is not live the rules are read again at most once a second.
 *
 * `count`: each hit is claimed in a store transaction that decrements `remaining` only while it is
 * above zero. Store transactions are serialised (SQLite: one connection; PostgreSQL: an advisory
 * lock across instances), so a rule with count N answers at most N requests across the cluster,
 * and exactly N when N matching requests come.
 *
 * A store that does not answer never fails a request: fault injection is a test aid; the last
 * rules read go on applying, and a hit that cannot be claimed is not applied.
 */
export class FaultInjector {
  /** The rules as the change feed last vouched for them; dropped by every change. */
  private snapshot: CompiledRule[] | undefined;
  /** The last rules read, and when: what applies while the feed is down. */
  private lastRead: { rules: CompiledRule[]; at: number } | undefined;
  /** The read in flight, shared by the requests that need it, unless a change came after it started. */
  private reading: { generation: number; rules: Promise<CompiledRule[]> } | undefined;
  /** Bumped by every invalidation, so a read that raced one is not kept as the snapshot. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    /** Surfaces a rule may name (the admin surface is never faulted: it is how rules are removed). */
    readonly surfaces: readonly string[],
    private readonly random: () => number = Math.random,
  ) {
    store.changes.on("fault_rules", () => {
      this.generation++;
      this.snapshot = undefined;
    });
  }

  /** True when no rule can apply to any request: all the hot path costs when faults are not in use. */
  get idle(): boolean {
    return this.snapshot !== undefined && this.snapshot.length === 0 && this.store.changes.live;
  }

  /** The first rule (oldest first) that matches, passes its probability and still has a hit to give. */
  async select(facts: RequestFacts): Promise<FaultAction | undefined> {
    for (const c of await this.rules()) {
      const r = c.rule;
      if (r.remaining !== undefined && r.remaining <= 0) continue;
      if (!c.matches(facts)) continue;
      if (r.probability < 1 && !(this.random() < r.probability)) continue;
      if (r.count !== undefined && !(await this.claim(r.id).catch(() => false))) continue;
      return { ruleId: r.id, delayMs: r.latency_ms ?? 0, error: r.error };
    }
    return undefined;
  }

  /** Reads the rules now (start-up), so the first requests find the hot path idle. */
  async load(): Promise<void> {
    await this.read();
  }

  private rules(): Promise<CompiledRule[]> {
    const last = this.lastRead;
    if (this.store.changes.live) {
      return this.snapshot ? Promise.resolve(this.snapshot) : this.read().catch(() => last?.rules ?? []);
    }
    // The feed may miss changes: read again, at most once a second, and without making requests
    // wait for a database that may be away when earlier rules are known.
    if (last && Date.now() - last.at < STALE_MS) return Promise.resolve(last.rules);
    const reading = this.read().catch(() => last?.rules ?? []);
    return last ? Promise.resolve(last.rules) : reading;
  }

  /** One read of the rules at a time; a read that no change overtook becomes the snapshot. */
  private read(): Promise<CompiledRule[]> {
    const generation = this.generation;
    if (this.reading?.generation === generation) return this.reading.rules;
    const rules = this.readStore(generation);
    this.reading = { generation, rules };
    const done = () => {
      if (this.reading?.rules === rules) this.reading = undefined;
    };
    rules.then(done, done);
    return rules;
  }

  private async readStore(generation: number): Promise<CompiledRule[]> {
    const stored = await this.store.faultRules.list();
    const compiled = [...stored].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map(compileRule);
    this.lastRead = { rules: compiled, at: Date.now() };
    if (generation === this.generation && this.store.changes.live) this.snapshot = compiled;
    return compiled;
  }

  private claim(id: string): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const r = await tx.faultRules.get(keyOf.faultRule(id));
      if (!r || r.remaining === undefined || r.remaining <= 0) return false;
      await tx.faultRules.upsert({ ...r, remaining: r.remaining - 1 });
      return true;
    });
  }

  // ---- the admin API's reads and writes (through the store, not the snapshot) ----

  async add(decl: FaultRuleDecl, now: Date): Promise<FaultRule> {
    const rule: FaultRule = {
      id: randomUUID(),
      createdAt: now.toISOString(),
      ...decl,
      ...(decl.count !== undefined ? { remaining: decl.count } : {}),
    };
    return this.store.transaction(async (tx) => {
      if ((await tx.faultRules.count()) >= MAX_FAULT_RULES) throw new FaultRuleLimitError();
      await tx.faultRules.insert(rule);
      return rule;
    });
  }

  /** Every rule, oldest first. */
  async list(): Promise<FaultRule[]> {
    return [...(await this.store.faultRules.list())].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  get(id: string): Promise<FaultRule | undefined> {
    return this.store.faultRules.get(keyOf.faultRule(id));
  }

  remove(id: string): Promise<boolean> {
    return this.store.faultRules.delete(keyOf.faultRule(id));
  }

  /** Deletes every rule; returns how many there were. */
  clear(): Promise<number> {
    return this.store.transaction(async (tx) => {
      const all = await tx.faultRules.list();
      for (const r of all) await tx.faultRules.delete(keyOf.faultRule(r.id));
      return all.length;
    });
  }
}
