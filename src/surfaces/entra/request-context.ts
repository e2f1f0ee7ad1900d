import type { FastifyRequest } from "fastify";
import type { AadErrorContext } from "./errors.js";
import { isGuid } from "../../model/ids.js";
import type { AppContext } from "../../core/context.js";

/**
 * The clock and correlation id of an Entra request. Entra uses the caller's `client-request-id`
 * (msal sends it as a header and in the query) as the correlation id of its answer, errors
 * included, so a client can match them up.
 */
export function aadContext(ctx: AppContext, req: FastifyRequest): AadErrorContext {
  const header = req.headers["client-request-id"];
  const query = (req.query as Record<string, unknown> | undefined)?.["client-request-id"];
  const candidate = typeof header === "string" ? header : typeof query === "string" ? query : undefined;
  return { now: ctx.now(), correlationId: isGuid(candidate) ? candidate.toLowerCase() : undefined };
}
