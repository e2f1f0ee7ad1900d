import type { FastifyError, FastifyInstance } from "fastify";
import type { AppContext } from "../core/context.js";
import "../core/decision.js";
import { isServiceError, send, type ServiceError } from "../core/service-error.js";
import { isStoreUnavailable } from "../store/store.js";
import type { Surface } from "../core/surface.js";
import { redactUrl } from "../logging/redact.js";
import { requestTarget, surfaceFor } from "./surfaces.js";

declare module "fastify" {
  interface FastifyRequest {
    surface: Surface;
    startedAt: bigint;
  }
}

/**
 * The request pipeline, in the order a request meets it:
 *   1. request id          (genReqId in app.ts: a GUID; the caller's x-ms-client-request-id is only echoed)
 *   2. surface             (onRequest here: the surface that owns the path, its fixed headers, its gate)
 *   3. routing and body    (Fastify, inside the surface's own plugin: its routes and body parsers)
 *   4. handler             (authentication, validation and the answer; for ARM, the ordered check chain)
 *   5. error envelope      (setErrorHandler / setNotFoundHandler here, through the surface's errors)
 *   6. access log          (onResponse here, credentials redacted)
 */
/** How long a client should wait before retrying when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export function installPipeline(app: FastifyInstance, ctx: AppContext, opts: { accessLog: boolean }): void {
  app.decorateRequest("surface", null as unknown as Surface);
  app.decorateRequest("startedAt", 0n);
  app.decorateRequest("operation", undefined);
  app.decorateRequest("decision", undefined);

  app.addHook("onRequest", async (req, reply) => {
    req.startedAt = process.hrtime.bigint();
    const surface = surfaceFor(requestTarget(req.url, req.headers.host));
    req.surface = surface;
    surface.decorate(req, reply, ctx);
    const refused = surface.gate?.(req, ctx);
    if (refused) return send(reply, refused);
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
