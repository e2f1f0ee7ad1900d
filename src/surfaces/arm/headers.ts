import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../core/context.js";

/** `WESTUS2:20200730T233856Z`: the region and time part of `x-ms-routing-request-id`. */
function routingPrefix(region: string, now: Date): string {
  const t = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `${region.toUpperCase()}:${t}`;
}

/** The prefix changes once a second: made once per second, not per request. */
let lastPrefix = { second: NaN, region: "", text: "" };
function routingPrefixAt(region: string, now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (lastPrefix.second !== second || lastPrefix.region !== region) lastPrefix = { second, region, text: routingPrefix(region, now) };
  return lastPrefix.text;
}

/**
 * The headers ARM puts on every response (docs/arm.md#response-headers): request, correlation and
 * routing ids, no caching, HSTS, nosniff; the caller's client request id only when asked for.
 */
export function decorateArm(req: FastifyRequest, reply: FastifyReply, ctx: AppContext): void {
  const correlation = (req.headers["x-ms-correlation-request-id"] as string | undefined) ?? req.id;
  reply.headers({
    "x-ms-request-id": req.id,
    "x-ms-correlation-request-id": correlation,
    "x-ms-routing-request-id": `${routingPrefixAt(ctx.settings.armRegion, ctx.now())}:${req.id}`,
    "cache-control": "no-cache",
    pragma: "no-cache",
    expires: "-1",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
  });
  if (req.headers["x-ms-return-client-request-id"] === "true" && req.headers["x-ms-client-request-id"]) {
    reply.header("x-ms-client-request-id", req.headers["x-ms-client-request-id"]);
  }
}
