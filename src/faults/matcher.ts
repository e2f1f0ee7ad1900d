import picomatch from "picomatch";
import type { FaultRule } from "../model/entities.js";
import type { RequestFacts } from "./request-facts.js";

/** A rule with its path glob compiled once. */
export interface CompiledRule {
  rule: FaultRule;
  matches(facts: RequestFacts): boolean;
}

const lower = (s: string | undefined) => s?.toLowerCase();

/**
 * Compiles a rule's matchers. Names compare case-insensitively (ARM paths and operation ids do);
 * the path glob is picomatch's: `*` within one segment, `**` across segments, `?`, `[…]` and
 * `{a,b}` as in a shell.
 */
export function compileRule(rule: FaultRule): CompiledRule {
  const surface = lower(rule.surface);
  const operation = lower(rule.operation);
  const method = rule.method?.toUpperCase();
  const principal = lower(rule.principal);
  const path = rule.path !== undefined ? picomatch(rule.path, { nocase: true, dot: true }) : undefined;
  return {
    rule,
    matches(f) {
      if (surface !== undefined && f.surface !== surface) return false;
      if (operation !== undefined && lower(f.operation) !== operation) return false;
      if (method !== undefined && f.method !== method) return false;
      if (path && !path(f.path)) return false;
      if (principal !== undefined && !f.principals().includes(principal)) return false;
      return true;
    },
  };
}
