import { aadErrors } from "../errors.js";
import type { Application, Tenant, User } from "../../../model/entities.js";
import { isValidResource, OIDC_SCOPES, splitScope, splitScopeParam } from "../../../issuance/audiences.js";
import { delegatedGrant } from "../scopes.js";
import { clientInfo, idTokenClaims, userAccessTokenClaims, type AppIdAcr } from "../../../issuance/entra-claims.js";
import { issueRefreshToken } from "../refresh-token.js";
import { signEntraJwt, type IssuedToken } from "../../../issuance/entra-tokens.js";
import type { GrantResult, TokenRequest } from "./types.js";

/** The scopes a user grant asks for, plus the v1 `resource` to echo. */
export interface RequestedScopes {
  scopes: string[];
  resource?: string | undefined;
}

/**
 * The scopes of a delegated request. v2 reads `scope`; v1 reads `resource` (turned into
 * `{resource}/.default`) plus any OpenID scopes in `scope`. A refresh may name none and then
 * reuses `fallback`, the scopes of the original request.
 */
export function requestedUserScopes(r: TokenRequest, fallback?: string[]): RequestedScopes {
  if (r.version === "v2") {
    const scope = r.form.get("scope");
    if (scope === undefined) {
      if (fallback) return { scopes: fallback };
      throw aadErrors.missingParameter(r.c, "scope");
    }
    return { scopes: splitScopeParam(scope) };
  }
  const resource = r.form.get("resource");
  if (resource === undefined) {
    if (fallback) return { scopes: fallback };
    throw aadErrors.missingParameter(r.c, "resource");
  }
  if (!isValidResource(resource)) throw aadErrors.resourceNotFound(r.c, resource, r.tenant?.displayName ?? r.tenantSegment);
  const oidc = splitScopeParam(r.form.get("scope")).filter((s) => OIDC_SCOPES.has(s.toLowerCase()));
  return { scopes: [`${resource}/.default`, ...oidc], resource };
}

export interface UserTokenGrant {
  tenant: Tenant;
  app: Application;
  user: User;
  appidacr: AppIdAcr;
  requested: RequestedScopes;
}

/**
 * Issues what a user sign-in returns: the v1.0 access token and, for v2, what msal's account
 * cache needs (`id_token` when `openid` was asked, `client_info`) and a refresh token when
 * `offline_access` was asked. v1 always returns a refresh token, as Entra's v1 endpoint does.
 */
export async function issueUserTokens(r: TokenRequest, g: UserTokenGrant): Promise<GrantResult> {
  const { keys } = r.ctx;
  const now = r.c.now;
  const grant = delegatedGrant(g.requested.scopes, r.origin, r.c);
  const claims = userAccessTokenClaims({
    tenantId: g.tenant.id,
    audience: grant.audience,
    app: g.app,
    user: g.user,
    appidacr: g.appidacr,
    scp: grant.scp,
    now,
  }) as IssuedToken["claims"];
  const access: IssuedToken = { token: await signEntraJwt(keys, g.tenant.id, claims), claims };

  const wantsRefresh = r.version === "v1" || grant.oidc.has("offline_access");
  const refreshToken = wantsRefresh
    ? await issueRefreshToken(
        keys,
        { tenantId: g.tenant.id, clientId: g.app.clientId, userObjectId: g.user.objectId, scope: g.requested.scopes.join(" ") },
        now,
      )
    : undefined;
  const firstResource = grant.granted[0] !== undefined ? splitScope(grant.granted[0]).resource : grant.audience;

  if (r.version === "v1") {
    return { access, resource: g.requested.resource ?? firstResource, scope: grant.scp, refreshToken };
  }
  const idToken = grant.oidc.has("openid")
    ? await signEntraJwt(
        keys,
        g.tenant.id,
        idTokenClaims({ origin: r.origin, tenantId: g.tenant.id, app: g.app, user: g.user, now }),
        "JWT",
        "id",
      )
    : undefined;
  return {
    access,
    resource: firstResource,
    scope: [...grant.granted, ...grant.oidc].join(" "),
    refreshToken,
    idToken,
    clientInfo: clientInfo(g.user),
  };
}
