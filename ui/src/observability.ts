import { admin, enc } from "./api";

/** The request inspector and the fault rules: the two admin APIs of docs/observability.md. */

export interface Caller {
  kind: string;
  id: string;
  name?: string;
  tenantId?: string;
}

export interface Trace {
  check: string;
  reason: string;
  explanation: string;
  action?: string;
  scope?: string;
  held?: { role: string; scope: string; covers: boolean }[];
  grantedBy?: string[];
}

export interface RequestEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  surface: string;
  operation?: string;
  status: number;
  ms: number;
  principal?: Caller;
  trace?: Trace;
  fault?: string;
}

export interface RequestPage {
  value: RequestEntry[];
  lastSeq: number;
}

export interface RequestFilter {
  status?: string;
  surface?: string;
}

/** `GET /requests`: the entries after `since` (a sequence number), or the newest `limit` ones. */
export function requests(f: RequestFilter, page: { since?: number; limit?: number }): Promise<RequestPage> {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.surface) q.set("surface", f.surface);
  if (page.since !== undefined) q.set("since", String(page.since));
  if (page.limit !== undefined) q.set("limit", String(page.limit));
  return admin("GET", `/requests?${q.toString()}`);
}

export interface FaultError {
  status: number;
  code?: string;
  message?: string;
  retryAfter?: number;
}

export interface FaultRuleInput {
  surface?: string;
  operation?: string;
  method?: string;
  path?: string;
  principal?: string;
  probability?: number;
  count?: number;
  latency_ms?: number;
  error?: FaultError;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  createdAt: string;
  probability: number;
  remaining?: number;
}

/** The surfaces a rule may name (the admin API is never faulted). */
export const FAULT_SURFACES = ["arm", "face", "entra", "identity", "internal", "metrics"];

export const faults = {
  list: async () => (await admin<{ value: FaultRule[] }>("GET", "/faults")).value,
  add: (rule: FaultRuleInput) => admin<FaultRule>("POST", "/faults", rule),
  remove: (id: string) => admin<void>("DELETE", `/faults/${enc(id)}`),
  clear: () => admin<{ deleted: number }>("DELETE", "/faults"),
};
