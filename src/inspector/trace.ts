import type { Decision } from "../core/decision.js";
import { explainAuthorization, type RoleHolding } from "../rbac/explain.js";
import type { Collections } from "../store/store.js";

/** A refusal as the inspector shows it: the surface's decision and, for RBAC refusals, the explanation. */
export interface Trace {
  check: string;
  reason: string;
  /** The whole story in one line of plain words. */
  explanation: string;
  principal?: Decision["principal"];
  action?: string | undefined;
  scope?: string | undefined;
  dataAction?: boolean | undefined;
  /** RBAC refusals: the principal's role assignments, and the built-in roles that would grant the action. */
  held?: RoleHolding[] | undefined;
  grantedBy?: string[] | undefined;
}

/** When a 401 or 403 went out and no surface said why: a gap to fix, shown as such. */
export const UNRECORDED: Decision = { check: "unrecorded", reason: "the surface did not record why it refused this request" };

export async function traceOf(store: Pick<Collections, "roleAssignments" | "applications" | "users">, d: Decision): Promise<Trace> {
  const base: Trace = {
    check: d.check,
    reason: d.reason,
    explanation: d.reason,
    principal: d.principal,
    action: d.action,
    scope: d.scope,
    dataAction: d.dataAction,
  };
  if (!d.principal || !d.action || !d.scope) return base;
  try {
    const x = await explainAuthorization(store, {
      principal: d.principal,
      action: d.action,
      scope: d.scope,
      dataAction: d.dataAction,
      purpose: d.purpose,
    });
    return { ...base, explanation: x.text, held: x.held, grantedBy: x.grantedBy };
  } catch {
    // The store did not answer: the surface's own words still explain the refusal.
    return base;
  }
}
