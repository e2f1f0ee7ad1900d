import type { FastifyReply, FastifyRequest } from "fastify";
import type { Surface } from "../../core/surface.js";
import { appServiceIdentityError, identityErrors, imdsIdentityError } from "./errors.js";
import { retryAfterHeader } from "../../core/lazurite-error.js";
import { ServiceError } from "../../core/service-error.js";
import type { InjectedFault } from "../../core/surface.js";
import { safeEqual } from "../../core/constant-time.js";
import type { AppContext } from "../../core/context.js";
import { audienceForManagedIdentityResource, isValidResource } from "../../issuance/audiences.js";
import { requestOrigin } from "../../core/request-origin.js";
import { issueAppAccessToken } from "../../issuance/entra-tokens.js";
import { appService, imds, type IdentityFlavour } from "./flavours.js";
import { findIdentity, identitySelector } from "./select-identity.js";

/**
 * The managed-identity endpoints (docs/entra.md#managed-identity-wire-format): App Service's
 * `GET /msi/token` (what `IDENTITY_ENDPOINT` points at) and IMDS's
 * `GET /metadata/identity/oauth2/token`. Both hand out the same app-only v1.0 token as a
 * client-credentials grant, for the selected application; each answers errors in its own shape.
 */
export const identitySurface: Surface = {
  name: "identity",
  owns: ({ path }) => path.startsWith("/msi/") || path === "/msi" || path.startsWith("/metadata/identity/"),
  decorate: (req, reply) => void reply.header("x-ms-request-id", req.id),
  errors: {
    notFound: () => identityErrors.notFound(),
    badBody: (m) => identityErrors.badRequest(m),
    tooLarge: () => identityErrors.badRequest("The request body is too large."),
    protocol: (status, message) => identityErrors.protocol(status, message),
    unavailable: (retryAfter) => identityErrors.unavailable(retryAfter),
    internal: () => identityErrors.internal(),
    injected: (f, req) => injectedIdentityError(f, req.url.toLowerCase().startsWith("/metadata/")),
  },
  async register(app, ctx) {
    const handler = (flavour: IdentityFlavour) => (req: FastifyRequest, reply: FastifyReply) => issue(ctx, flavour, req, reply);
    const appServiceRoute = { config: { operation: "AppService_Token" } };
    app.get("/msi/token", appServiceRoute, handler(appService));
    app.get("/msi/token/", appServiceRoute, handler(appService));
    app.get("/metadata/identity/oauth2/token", { config: { operation: "Imds_Token" } }, handler(imds));
  },
};

/** An injected fault in the flavour's own shape: App Service's `{statusCode, message}` or IMDS's OAuth one [U: texts]. */
function injectedIdentityError(f: InjectedFault, isImds: boolean): ServiceError {
  const message = f.message ?? (f.status === 429 ? "Too many requests. Please retry later." : "Fault injected by a Lazurite fault rule.");
  const e = isImds
    ? imdsIdentityError(
        f.status,
        f.code ?? (f.status === 429 ? "too_many_requests" : f.status >= 500 ? "server_error" : "invalid_request"),
        message,
      )
    : appServiceIdentityError(f.status, message);
  return new ServiceError(e.statusCode, e.code, e.body, { ...e.headers, ...retryAfterHeader(f) });
}

async function issue(ctx: AppContext, flavour: IdentityFlavour, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const pre = flavour.precondition(req.headers);
  if (pre) {
    req.decision = { check: "metadata header", reason: "IMDS requests must carry 'Metadata: true'" };
    throw pre;
  }
  // The shared secret is what keeps other local processes (or an SSRF) from minting tokens.
  const presented = req.headers["x-identity-header"];
  if (typeof presented !== "string" || !safeEqual(presented, ctx.settings.managedIdentity.header)) {
    req.decision = {
      check: "identity header",
      reason:
        typeof presented === "string" ? "X-IDENTITY-HEADER does not match this server's IDENTITY_HEADER" : "X-IDENTITY-HEADER is missing",
    };
    throw flavour.errors.unauthorized();
  }

  const query = req.query as Record<string, unknown>;
  const apiVersion = typeof query["api-version"] === "string" ? query["api-version"] : "";
  if (!flavour.supportsApiVersion(apiVersion)) {
    throw flavour.errors.badRequest(
      apiVersion
        ? `The api-version '${apiVersion}' is not supported by the ${flavour.name} managed-identity endpoint.`
        : "The 'api-version' query parameter is required.",
    );
  }
  const resource = typeof query["resource"] === "string" ? query["resource"] : "";
  if (!isValidResource(resource))
    throw flavour.errors.badRequest("The 'resource' query parameter is required and must be a resource URI or application id.");

  const selector = identitySelector(query, flavour.selectors);
  if (!selector) throw flavour.errors.badRequest(`Only one of ${Object.keys(flavour.selectors).join(", ")} may be given.`);
  const identity = await findIdentity(ctx.store, ctx.settings.managedIdentity, selector);
  if (!identity) {
    req.decision = {
      check: "identity",
      reason:
        selector.kind === "default"
          ? "no default identity is configured (--managed-identity-client-id) or it names no application"
          : `no application is the identity the request names (${selector.kind} '${selector.value.slice(0, 128)}')`,
    };
    throw flavour.errors.unknownIdentity();
  }
  req.caller = { kind: "managed-identity", id: identity.clientId, name: identity.displayName, tenantId: identity.tenantId };

  const token = await issueAppAccessToken(ctx.keys, {
    tenantId: identity.tenantId,
    app: identity,
    audience: audienceForManagedIdentityResource(resource, requestOrigin(req)),
    // Entra records a managed identity's credential as a certificate (research §3, decoded MI token).
    appidacr: "2",
    now: ctx.now(),
  });
  return reply
    .headers({ "cache-control": "no-store, no-cache", pragma: "no-cache" })
    .send(flavour.body(token, resource, identity.clientId));
}
