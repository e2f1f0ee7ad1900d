import type { FastifyReply, FastifyRequest } from "fastify";
import { adminErrors } from "../errors/admin.js";
import { armErrors } from "../errors/arm.js";
import { entraErrors } from "../errors/entra.js";
import { faceErrors } from "../errors/face.js";
import type { ServiceError } from "../errors/service-error.js";

/** The surfaces that share the HTTPS origin; each has its own error envelope and headers. */
export type Surface = "arm" | "face" | "entra" | "identity" | "admin" | "internal";

/**
 * Which surface a path belongs to, decided before routing so that even an unknown path or an
 * unparsable body is answered in the right envelope. The path spaces do not collide (contract §1).
 */
export function surfaceOf(rawPath: string): Surface {
  const path = rawPath
    .replace(/\/{2,}/g, "/")
    .split("?")[0]!
    .toLowerCase();
  if (path.startsWith("/_lazurite/admin/") || path === "/_lazurite/admin") return "admin";
  if (path.startsWith("/_lazurite/") || path === "/.well-known/jwks.json") return "internal";
  if (path.startsWith("/subscriptions/") || path.startsWith("/providers/") || path === "/subscriptions") return "arm";
  if (path.startsWith("/msi/") || path.startsWith("/metadata/identity/")) return "identity";
  const seg = path.split("/");
  if (seg[1] === "face" || seg[2] === "face") return "face";
  return "entra";
}

export interface SurfaceProfile {
  /** Headers every response of the surface carries, set before the handler runs. */
  decorate(req: FastifyRequest, reply: FastifyReply): void;
  notFound(req: FastifyRequest): ServiceError;
  badBody(message: string): ServiceError;
  tooLarge(): ServiceError;
  internal(): ServiceError;
}

function routingId(location: string, now: Date): string {
  const t = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `${location.toUpperCase()}:${t}`;
}

export function surfaceProfiles(opts: { armRegion: string; now: () => Date }): Record<Surface, SurfaceProfile> {
  const internalProfile: SurfaceProfile = {
    decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
    notFound: (req) => adminErrors.routeNotFound(req.method, req.url.split("?")[0]!),
    badBody: (m) => adminErrors.badJson(m),
    tooLarge: () => adminErrors.payloadTooLarge(),
    internal: () => adminErrors.internal(),
  };
  return {
    arm: {
      decorate(req, reply) {
        // ARM echoes the caller's correlation id or makes one (contract §4.4).
        const correlation = (req.headers["x-ms-correlation-request-id"] as string | undefined) ?? req.id;
        reply.headers({
          "x-ms-request-id": req.id,
          "x-ms-correlation-request-id": correlation,
          "x-ms-routing-request-id": `${routingId(opts.armRegion, opts.now())}:${req.id}`,
          "cache-control": "no-cache",
          pragma: "no-cache",
          expires: "-1",
          "strict-transport-security": "max-age=31536000; includeSubDomains",
          "x-content-type-options": "nosniff",
        });
        if (req.headers["x-ms-return-client-request-id"] === "true" && req.headers["x-ms-client-request-id"]) {
          reply.header("x-ms-client-request-id", req.headers["x-ms-client-request-id"]);
        }
      },
      notFound: (req) => armErrors.noRouteFound(req.url.split("?")[0]!),
      badBody: (m) => armErrors.invalidRequestContent(m),
      tooLarge: () => armErrors.payloadTooLarge(),
      internal: () => armErrors.internal(),
    },
    face: {
      decorate(req, reply) {
        reply.header("apim-request-id", req.id);
        if (req.headers["x-ms-client-request-id"]) reply.header("x-ms-client-request-id", req.headers["x-ms-client-request-id"]);
      },
      notFound: () => faceErrors.notFound(),
      badBody: () => faceErrors.badArgument("JSON parsing error."),
      tooLarge: () => faceErrors.badArgument("Request body is invalid."),
      internal: () => faceErrors.internal(),
    },
    entra: {
      decorate(req, reply) {
        reply.headers({
          "x-ms-request-id": req.id,
          "cache-control": "no-store, no-cache",
          pragma: "no-cache",
          "x-content-type-options": "nosniff",
        });
      },
      notFound: () => entraErrors.notFound(),
      badBody: (m) => entraErrors.invalidRequest(m),
      tooLarge: () => entraErrors.invalidRequest("The request body is too large."),
      internal: () => entraErrors.internal(),
    },
    identity: {
      decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
      notFound: () => entraErrors.notFound(),
      badBody: (m) => entraErrors.invalidRequest(m),
      tooLarge: () => entraErrors.invalidRequest("The request body is too large."),
      internal: () => entraErrors.internal(),
    },
    admin: internalProfile,
    internal: internalProfile,
  };
}
