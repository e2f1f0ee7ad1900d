import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { adminErrors } from "../errors/admin.js";
import { isServiceError, type ServiceError } from "../errors/service-error.js";
import { redactUrl } from "../logging/redact.js";
import { surfaceOf, surfaceProfiles, type Surface, type SurfaceProfile } from "./surfaces.js";

declare module "fastify" {
  interface FastifyRequest {
    surface: Surface;
    startedAt: bigint;
  }
}

/**
 * The request pipeline, in the order a request meets it:
 *   1. request id          (genReqId in app.ts: a GUID, or the caller's x-ms-client-request-id is only echoed)
 *   2. surface routing     (onRequest here: which envelope and headers apply, decided from the path)
 *   3. authentication      (each surface plugin's onRequest/preHandler hook: admin token, bearer, key)
 *   4. validation          (each route, through its surface's error factory)
 *   5. handler
 *   6. error envelope      (setErrorHandler / setNotFoundHandler here, through the surface profile)
 *   7. access log          (onResponse here, credentials redacted)
 */
export function installPipeline(
  app: FastifyInstance,
  opts: { armRegion: string; now: () => Date; isAdminAuthorized: (req: FastifyRequest) => boolean; accessLog: boolean },
): void {
  const profiles = surfaceProfiles(opts);
  app.decorateRequest("surface", "internal");
  app.decorateRequest("startedAt", 0n);

  app.addHook("onRequest", async (req, reply) => {
    req.startedAt = process.hrtime.bigint();
    req.surface = surfaceOf(req.url);
    profiles[req.surface].decorate(req, reply);
  });

  app.setNotFoundHandler(async (req, reply) => {
    const profile = profiles[req.surface];
    // Admin paths reveal nothing, not even which routes exist, without the token.
    if (req.surface === "admin" && !opts.isAdminAuthorized(req)) return send(reply, adminErrors.unauthorized());
    return send(reply, profile.notFound(req));
  });

  app.setErrorHandler(async (err: FastifyError | ServiceError | Error, req, reply) => {
    const profile: SurfaceProfile = profiles[req.surface] ?? profiles.internal;
    if (isServiceError(err)) return send(reply, err);
    const fe = err as FastifyError;
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return send(reply, profile.tooLarge());
    if (fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || err instanceof SyntaxError) {
      return send(reply, profile.badBody(err.message));
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return send(reply, profile.badBody(`Unsupported content type '${req.headers["content-type"] ?? ""}'.`));
    if (fe.validation) return send(reply, profile.badBody(err.message));
    req.log.error({ err }, "unhandled error");
    return send(reply, profile.internal());
  });

  // No hook at all when the level drops access lines: it would only cost time on every request.
  if (opts.accessLog)
    app.addHook("onResponse", async (req, reply) => {
      const ms = Number(process.hrtime.bigint() - req.startedAt) / 1e6;
      req.log.info(
        { method: req.method, url: redactUrl(req.url), surface: req.surface, status: reply.statusCode, ms: Math.round(ms * 100) / 100 },
        "request",
      );
    });
}

export function send(reply: FastifyReply, err: ServiceError): FastifyReply {
  return reply.code(err.statusCode).headers(err.headers).send(err.body);
}
