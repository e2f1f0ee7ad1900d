import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../core/context.js";
import type { RequestEntry, RequestQuery } from "../../inspector/request-log.js";
import { adminErrors } from "./errors.js";
import type { Params } from "./kinds.js";

/** `401`, `4xx`, or several of them comma-separated. */
function statusFilter(value: string): (status: number) => boolean {
  const tests = value.split(",").map((part) => {
    const p = part.trim().toLowerCase();
    if (/^[1-5]\d\d$/.test(p)) return (s: number) => s === Number(p);
    if (/^[1-5]xx$/.test(p)) return (s: number) => Math.floor(s / 100) === Number(p[0]);
    throw adminErrors.invalid([`status: '${part.slice(0, 32)}' is not a status code (401) or class (4xx)`]);
  });
  return (s) => tests.some((t) => t(s));
}

/** `since`: a sequence number (entries after it, for paging on) or an ISO 8601 time (entries from then on). */
function sinceFilter(value: string): Pick<RequestQuery, "afterSeq" | "sinceMs"> {
  if (/^\d{1,15}$/.test(value)) return { afterSeq: Number(value) };
  const t = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw adminErrors.invalid([`since: '${value.slice(0, 64)}' is neither a sequence number nor an ISO 8601 time`]);
  return { sinceMs: t };
}

const view = ({ seq, at, ...e }: RequestEntry) => ({ seq, time: new Date(at).toISOString(), ...e });

/**
 * `GET /requests?status=&surface=&since=&limit=`: the request inspector's entries, oldest first
 * (docs/observability.md#request-inspector). Its own reads are not recorded, so following the log
 * does not fill it.
 */
export function registerRequestRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/requests", { config: { operation: "Requests_List", record: false } }, async (req) => {
    const q = req.query as Params;
    const query: RequestQuery = {
      ...(q.status ? { status: statusFilter(q.status) } : {}),
      ...(q.surface ? { surface: q.surface.toLowerCase() } : {}),
      ...(q.since ? sinceFilter(q.since) : {}),
    };
    if (q.limit !== undefined) {
      const n = Number(q.limit);
      if (!Number.isInteger(n) || n < 1 || n > 100_000) throw adminErrors.invalid(["limit: a whole number from 1"]);
      query.limit = n;
    }
    const { entries, bytes } = ctx.requests.size;
    return {
      value: ctx.requests.query(query).map(view),
      lastSeq: ctx.requests.lastSeq,
      capacity: { entries, bytes, maxEntries: ctx.requests.maxEntries, maxBytes: ctx.requests.maxBytes },
    };
  });
}
