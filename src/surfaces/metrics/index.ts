import { adminTokenRefusal } from "../../auth/admin-token.js";
import { injectedLazuriteError, lazuriteProtocolErrors, lazuriteError } from "../../core/lazurite-error.js";
import { ServiceError } from "../../core/service-error.js";
import type { Surface } from "../../core/surface.js";

export const METRICS_PATH = "/_lazurite/metrics";

const unauthorized = () =>
  new ServiceError(
    401,
    "Unauthorized",
    {
      error: {
        code: "Unauthorized",
        message: "The metrics endpoint needs 'Authorization: Bearer <admin token>' unless the server runs with --metrics-public.",
      },
    },
    { "www-authenticate": 'Bearer realm="lazurite-metrics"' },
  );

/**
 * `GET /_lazurite/metrics`: Prometheus text exposition (docs/observability.md#metrics). Behind the
 * admin token, like the admin API, unless `--metrics-public` opens it (Prometheus scrapes with
 * `authorization: { credentials: <admin token> }`).
 */
export const metricsSurface: Surface = {
  name: "metrics",
  owns: ({ path }) => path === METRICS_PATH,
  decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
  gate(req, ctx) {
    if (ctx.settings.metricsPublic) return undefined;
    const refusal = adminTokenRefusal(req, ctx.adminTokenSha256);
    if (refusal === undefined) return undefined;
    req.decision = { check: "admin token", reason: `${refusal} (the metrics endpoint is not public)` };
    return unauthorized();
  },
  errors: {
    notFound: (req) => lazuriteError(404, "RouteNotFound", `No route for ${req.method} ${METRICS_PATH}.`),
    badBody: (m) => lazuriteError(400, "InvalidJson", m),
    tooLarge: () => lazuriteError(413, "PayloadTooLarge", "The request body is too large."),
    internal: () => lazuriteError(500, "InternalError", "An internal error occurred; see the server log."),
    protocol: (status, message) => lazuriteProtocolErrors.protocol(status, message),
    unavailable: (retryAfter) => lazuriteProtocolErrors.unavailable(retryAfter),
    injected: (f) => injectedLazuriteError(f),
  },
  async register(app, ctx) {
    app.get(METRICS_PATH, { config: { operation: "Metrics" } }, async (_req, reply) =>
      reply
        .header("cache-control", "no-store")
        .type(ctx.metrics.contentType)
        .send(await ctx.metrics.text()),
    );
  },
};
