import { lazuriteProtocolErrors } from "../../core/lazurite-error.js";
import { injectedLazuriteError } from "../../core/lazurite-error.js";
import type { Surface } from "../../core/surface.js";
import { adminTokenRefusal } from "../../auth/admin-token.js";
import { adminErrors } from "./errors.js";
import { registerFaceSessionRoutes } from "./face-sessions.js";
import { registerAdminOperations } from "./operations.js";
import { registerFaultRoutes } from "./faults.js";
import { registerRequestRoutes } from "./requests.js";
import { registerEntityRoutes } from "./routes.js";
import { registerServerInfoRoute } from "./server-info.js";

export const ADMIN_PREFIX = "/_lazurite/admin";
const ADMIN_CALLER = { kind: "admin" as const, id: "admin token" };

/**
 * Lazurite's admin API: every entity of the resource model, signing keys and config documents,
 * behind the admin token. The token is checked before routing and body parsing, so a caller
 * without it learns nothing, not even which routes exist.
 */
export const adminSurface: Surface = {
  name: "admin",
  owns: ({ path }) => path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`),
  decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
  gate(req, ctx) {
    const refusal = adminTokenRefusal(req, ctx.adminTokenSha256);
    if (refusal === undefined) {
      req.caller = ADMIN_CALLER;
      return undefined;
    }
    req.decision = { check: "admin token", reason: refusal };
    return adminErrors.unauthorized();
  },
  errors: {
    notFound: (req) => adminErrors.routeNotFound(req.method, req.url.split("?")[0]!),
    badBody: (m) => adminErrors.badJson(m),
    tooLarge: () => adminErrors.payloadTooLarge(),
    protocol: (status, message) => lazuriteProtocolErrors.protocol(status, message),
    unavailable: (retryAfter) => lazuriteProtocolErrors.unavailable(retryAfter),
    internal: () => adminErrors.internal(),
    injected: (f) => injectedLazuriteError(f),
  },
  async register(app, ctx) {
    await app.register(
      async (admin) => {
        // POST /config also takes a YAML document as text.
        admin.addContentTypeParser(
          ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"],
          { parseAs: "string" },
          (_req, body, done) => done(null, body),
        );
        registerEntityRoutes(admin, ctx);
        registerAdminOperations(admin, ctx);
        registerFaceSessionRoutes(admin, ctx);
        registerServerInfoRoute(admin, ctx);
        registerRequestRoutes(admin, ctx);
        registerFaultRoutes(admin, ctx);
      },
      { prefix: ADMIN_PREFIX },
    );
  },
};
