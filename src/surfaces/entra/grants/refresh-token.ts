import { aadErrors } from "../errors.js";
import { keyOf } from "../../../store/collections.js";
import { splitScopeParam } from "../../../issuance/audiences.js";
import { authenticateOptionalClient, requireApplication } from "../client-auth.js";
import { claimedRefreshTenant, verifyRefreshToken } from "../refresh-token.js";
import { issueUserTokens, requestedUserScopes } from "./delegated.js";
import type { GrantResult, TokenRequest } from "./types.js";

/**
 * The refresh-token grant: a new access token (for any resource, as Entra's multi-resource
 * refresh tokens allow) and a new refresh token; the old one stays valid until it expires.
 */
export async function refreshTokenGrant(r: TokenRequest): Promise<GrantResult> {
  const clientId = r.form.require("client_id");
  const token = r.form.require("refresh_token");
  const { store, keys } = r.ctx;

  let tenant = r.tenant;
  if (!tenant) {
    const tid = claimedRefreshTenant(token);
    tenant = tid === undefined ? undefined : await store.tenants.get(keyOf.tenant(tid));
    if (!tenant) throw aadErrors.invalidRefreshToken(r.c);
  }
  const app = await requireApplication(store, tenant, clientId, r.c);
  const grant = await verifyRefreshToken(keys, token, { clientId: app.clientId, tenantId: tenant.id }, r.c);
  const appidacr = await authenticateOptionalClient({ ...r, app, tenant });
  const user = await store.users.get(keyOf.user(tenant.id, grant.userObjectId));
  if (!user) throw aadErrors.unknownUser(r.c, tenant.displayName);
  const requested = requestedUserScopes(r, splitScopeParam(grant.scope));
  return issueUserTokens(r, { tenant, app, user, appidacr, requested });
}
