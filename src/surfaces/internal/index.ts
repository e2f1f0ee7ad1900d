import { injectedLazuriteError } from "../../core/lazurite-error.js";
import type { Surface } from "../../core/surface.js";
import { internalErrors } from "./errors.js";
import { registerInternalRoutes } from "./routes.js";

/** Health, readiness, the Video Indexer and Face JWKS and the certificate: unauthenticated operational routes. */
export const internalSurface: Surface = {
  name: "internal",
  owns: ({ path }) => path.startsWith("/_lazurite/") || path === "/_lazurite" || path === "/.well-known/jwks.json",
  decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
  errors: {
    notFound: (req) => internalErrors.routeNotFound(req.method, req.url.split("?")[0]!),
    badBody: (m) => internalErrors.badJson(m),
    tooLarge: () => internalErrors.payloadTooLarge(),
    internal: () => internalErrors.internal(),
    injected: (f) => injectedLazuriteError(f),
  },
  register: async (app, ctx) => registerInternalRoutes(app, ctx),
};
