import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isServiceError } from "../../core/service-error.js";
import { aadErrors } from "./errors.js";
import { entraDecision } from "./refusals.js";
import type { AppContext } from "../../core/context.js";
import { TokenForm } from "./form.js";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { passwordGrant } from "./grants/password.js";
import { refreshTokenGrant } from "./grants/refresh-token.js";
import type { EndpointVersion, GrantHandler, GrantResult } from "./grants/types.js";
import { requestOrigin } from "../../core/request-origin.js";
import { aadContext } from "./request-context.js";
import { namesNoTenant, parseTenantSegment, resolveTenant } from "./tenant-resolver.js";

/** The grants Lazurite serves; any other `grant_type` is AADSTS70003. */
export const GRANTS: ReadonlyMap<string, GrantHandler> = new Map([
  ["client_credentials", clientCredentialsGrant],
  ["password", passwordGrant],
  ["refresh_token", refreshTokenGrant],
]);

/** `POST /{tenant}/oauth2/v2.0/token` and the v1 `POST /{tenant}/oauth2/token`. */
export function registerTokenEndpoints(app: FastifyInstance, ctx: AppContext): void {
  app.post("/:tenant/oauth2/v2.0/token", { config: { operation: "Token_V2" } }, (req, reply) => answerTokenRequest(ctx, req, reply, "v2"));
  app.post("/:tenant/oauth2/token", { config: { operation: "Token_V1" } }, (req, reply) => answerTokenRequest(ctx, req, reply, "v1"));
}

/** The token request, with the reason for a refusal recorded for the request inspector. */
async function answerTokenRequest(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  version: EndpointVersion,
): Promise<FastifyReply> {
  try {
    return await handleTokenRequest(ctx, req, reply, version);
  } catch (e) {
    if (isServiceError(e)) req.decision ??= entraDecision(e);
    throw e;
  }
}

async function handleTokenRequest(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  version: EndpointVersion,
): Promise<FastifyReply> {
  const c = aadContext(ctx, req);
  const tenantSegment = (req.params as { tenant: string }).tenant;
  const segment = parseTenantSegment(tenantSegment);
  const tenant = namesNoTenant(segment) ? undefined : await resolveTenant(ctx.store, tenantSegment, c);
  // The body parsers of this surface hand over the raw form text, or "" for anything that is not a form.
  const form = TokenForm.parse(typeof req.body === "string" ? req.body : "", c);
  const clientId = form.get("client_id");
  if (clientId !== undefined) req.caller = { kind: "client", id: clientId.slice(0, 128), tenantId: tenant?.id };
  const grantType = form.require("grant_type");
  const grant = GRANTS.get(grantType);
  if (!grant) throw aadErrors.unsupportedGrant(c, grantType);

  const origin = requestOrigin(req);
  const endpoint = `${origin}/${tenantSegment}/oauth2/${version === "v2" ? "v2.0/" : ""}token`;
  const result = await grant({
    ctx,
    form,
    version,
    origin,
    tenantSegment,
    tenant,
    customHost: segment.kind === "custom-host",
    endpoint,
    c,
  });
  return reply.header("expires", "-1").send(version === "v2" ? v2Response(result) : v1Response(result));
}

/** The v2 endpoint's success body, fields in Entra's order. */
export function v2Response(r: GrantResult): Record<string, unknown> {
  const lifetime = lifetimeOf(r);
  return {
    token_type: "Bearer",
    ...(r.scope !== undefined ? { scope: r.scope } : {}),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: r.access.token,
    ...(r.refreshToken !== undefined ? { refresh_token: r.refreshToken } : {}),
    ...(r.idToken !== undefined ? { id_token: r.idToken } : {}),
    ...(r.clientInfo !== undefined ? { client_info: r.clientInfo } : {}),
  };
}

/** The v1 endpoint's success body: numbers as strings, plus `expires_on`, `not_before` and `resource`, as Entra v1 sends them. */
export function v1Response(r: GrantResult): Record<string, unknown> {
  const lifetime = String(lifetimeOf(r));
  return {
    token_type: "Bearer",
    ...(r.scope !== undefined ? { scope: r.scope } : {}),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    expires_on: String(r.access.claims.exp),
    not_before: String(r.access.claims.nbf),
    resource: r.resource,
    access_token: r.access.token,
    ...(r.refreshToken !== undefined ? { refresh_token: r.refreshToken } : {}),
  };
}

function lifetimeOf(r: GrantResult): number {
  return r.access.claims.exp - r.access.claims.nbf;
}
