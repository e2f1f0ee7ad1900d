import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppContext } from "../core/context.js";
import "../core/decision.js";
import { isServiceError, send, type ServiceError } from "../core/service-error.js";
import { isStoreUnavailable } from "../store/store.js";
import type { Surface } from "../core/surface.js";
import { factsOf } from "../faults/request-facts.js";
import { entryOf } from "../inspector/entry.js";
import { traceOf, UNRECORDED } from "../inspector/trace.js";
import { redactUrl } from "../logging/redact.js";
import { requestTarget, surfaceFor } from "./surfaces.js";

declare module "fastify" {
  interface FastifyRequest {
    surface: Surface;
    startedAt: bigint;
    /** False for routes the request inspector leaves out (its own reads). */
    recorded: boolean;
    /** The fault rule that delayed or answered the request. */
    faultRule: string | undefined;
  }
  interface FastifyContextConfig {
    /** The surface whose plugin registered the route (set by app.ts for every route). */
    surface?: string;
  }
}

/**
 * The request pipeline, in the order a request meets it:
 *   1. request id          (genReqId in app.ts: a GUID; the caller's x-ms-client-request-id is only echoed)
 *   2. surface             (onRequest here: the surface that owns the path, its fixed headers, its gate)
 *   3. routing and body    (Fastify, inside the surface's own plugin: its routes and body parsers)
 *   4. fault rules         (preHandler here: a matching rule delays the request or answers in the surface's envelope)
 *   5. handler             (authentication, validation and the answer; for ARM, the ordered check chain)
 *   6. error envelope      (setErrorHandler / setNotFoundHandler here, through the surface's errors)
 *   7. inspector, metrics  (onSend here: before the first byte leaves, so a client that asks next finds its request)
 *   8. access log          (onResponse here, credentials redacted)
 */
/** How long a client should wait before retrying when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export function installPipeline(app: FastifyInstance, ctx: AppContext, opts: { accessLog: boolean }): void {
  app.decorateRequest("surface", null as unknown as Surface);
  app.decorateRequest("startedAt", 0n);
  app.decorateRequest("operation", undefined);
  app.decorateRequest("decision", undefined);
  app.decorateRequest("caller", undefined);
  app.decorateRequest("recorded", true);
  app.decorateRequest("faultRule", undefined);

  // Callback-style hooks here and below: no promise per request on the hot path.
  app.addHook("onRequest", (req, reply, done) => {
    req.startedAt = process.hrtime.bigint();
    const surface = surfaceFor(requestTarget(req.url, req.headers.host));
    req.surface = surface;
    // A route's operation is known before its handler runs: fault rules and metrics use it.
    const config = req.routeOptions.config as (typeof req.routeOptions.config & { url?: string }) | undefined;
    req.operation = config?.operation ?? config?.url;
    req.recorded = config?.record !== false;
    surface.decorate(req, reply, ctx);
    // A route answers only for its own surface: the router matches paths across surfaces, while a
    // request may belong to another by its host (management.azure.com/{tenant}/oauth2/… is ARM's).
    const refused =
      config?.surface !== undefined && config.surface !== surface.name ? surface.errors.notFound(req) : surface.gate?.(req, ctx);
    if (refused) {
      send(reply, refused);
      return;
    }
    done();
  });

  // The admin surface is never faulted: it is where rules are removed.
  app.addHook("preHandler", (req, _reply, done) => {
    if (ctx.faults.idle || req.surface.name === "admin") return done();
    injectFault(ctx, req).then(() => done(), done);
  });

  app.setNotFoundHandler(async (req, reply) => send(reply, req.surface.errors.notFound(req)));

  app.setErrorHandler(async (err: FastifyError | ServiceError | Error, req, reply) => {
    if (isServiceError(err)) return send(reply, err);
    const errors = req.surface.errors;
    if (isStoreUnavailable(err)) {
      req.log.warn({ err: err.message }, "store unavailable");
      return send(reply, errors.unavailable(STORE_RETRY_AFTER_SECONDS));
    }
    // The client went away: there is nobody to answer and nothing went wrong here.
    if (req.raw.destroyed || (err as NodeJS.ErrnoException).code === "ECONNRESET") {
      req.log.debug({ err: err.message }, "client aborted");
      return reply;
    }
    const fe = err as FastifyError;
    // An unknown route answers its 404 whatever its body or content type (Fastify parses bodies for 404s too).
    if (req.is404) return send(reply, errors.notFound(req));
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return send(reply, errors.tooLarge());
    if (fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || err instanceof SyntaxError) {
      return send(reply, errors.badBody(err.message));
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return send(reply, errors.badBody(`Unsupported content type '${req.headers["content-type"] ?? ""}'.`));
    }
    if (fe.validation) return send(reply, errors.badBody(err.message));
    // Any other refusal of the framework (a 4xx it raised) is about the request, in the surface's envelope.
    if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) return send(reply, errors.badBody(err.message));
    req.log.error({ err }, "unhandled error");
    return send(reply, errors.internal());
  });

  app.addHook("onSend", (req, reply, payload, done) => {
    const pending = record(ctx, req, reply);
    if (!pending) return done(null, payload);
    pending.then(
      () => done(null, payload),
      () => done(null, payload),
    );
  });

  // No hook at all when the level drops access lines: it would only cost time on every request.
  if (opts.accessLog) {
    app.addHook("onResponse", async (req, reply) => {
      const ms = Number(process.hrtime.bigint() - req.startedAt) / 1e6;
      req.log.info(
        {
          method: req.method,
          url: redactUrl(req.url),
          surface: req.surface.name,
          status: reply.statusCode,
          ms: Math.round(ms * 100) / 100,
        },
        "request",
      );
    });
  }
}

async function injectFault(ctx: AppContext, req: FastifyRequest): Promise<void> {
  const action = await ctx.faults.select(factsOf(req));
  if (!action) return;
  req.faultRule = action.ruleId;
  if (action.delayMs > 0) await sleep(action.delayMs);
  if (action.error) {
    req.decision = { check: "fault injection", reason: `fault rule ${action.ruleId} answered ${action.error.status}` };
    throw req.surface.errors.injected(action.error, req);
  }
}

/**
 * Counts the request and writes its inspector entry. A refusal's trace is built before the answer
 * goes out (from cached role assignments: a few microseconds), so the entry is complete when the
 * client sees the answer.
 */
function record(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
  const ms = Number(process.hrtime.bigint() - req.startedAt) / 1e6;
  const status = reply.statusCode;
  ctx.metrics.request(req.surface.name, req.operation, status, ms / 1000);
  if (!ctx.requests.enabled || !req.recorded) return undefined;
  const { entry, size } = entryOf(req, status, ms, Date.now() - Math.round(ms));
  entry.fault = req.faultRule;
  const decision = req.decision ?? (status === 401 || status === 403 ? UNRECORDED : undefined);
  if (!decision || status < 400) {
    ctx.requests.add(entry, size);
    return undefined;
  }
  return traceOf(ctx.store, decision).then((trace) => {
    entry.trace = trace;
    ctx.requests.add(entry, size + trace.explanation.length * 2 + 256);
  });
}
