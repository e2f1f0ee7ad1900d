import { lazuriteProtocolErrors } from "../../core/lazurite-error.js";
import { AZURE_HOSTNAMES } from "../../core/azure.js";
import { injectedLazuriteError } from "../../core/lazurite-error.js";
import type { Surface } from "../../core/surface.js";
import { internalErrors } from "./errors.js";
import { registerInternalRoutes } from "./routes.js";

/** Health, readiness, the Video Indexer and Face JWKS and the certificate: unauthenticated operational routes. */
export const internalSurface: Surface = {
  name: "internal",
  // Video Indexer's token issuer: its JWKS, where a resource server in hostname mode looks for it.
  ownsHost: (host) => (AZURE_HOSTNAMES.videoIndexer as readonly string[]).includes(host),
  // `/_lazurite/face/` is the Face surface's (the liveness device stand-in answers in Face's envelope).
  owns: ({ path }) =>
    (path.startsWith("/_lazurite/") && !path.startsWith("/_lazurite/face/")) || path === "/_lazurite" || path === "/.well-known/jwks.json",
  decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
  errors: {
    notFound: (req) => internalErrors.routeNotFound(req.method, req.url.split("?")[0]!),
    badBody: (m) => internalErrors.badJson(m),
    tooLarge: () => internalErrors.payloadTooLarge(),
    protocol: (status, message) => lazuriteProtocolErrors.protocol(status, message),
    unavailable: (retryAfter) => lazuriteProtocolErrors.unavailable(retryAfter),
    internal: () => internalErrors.internal(),
    injected: (f) => injectedLazuriteError(f),
  },
  register: async (app, ctx) => registerInternalRoutes(app, ctx),
};
