import { aadErrors } from "../errors.js";
import type { Tenant, User } from "../../../model/entities.js";
import { verifyPassword } from "../../../resources/secrets.js";
import { keyOf } from "../../../store/collections.js";
import type { Store } from "../../../store/store.js";
import { authenticateOptionalClient, requireApplication } from "../client-auth.js";
import { issueUserTokens, requestedUserScopes } from "./delegated.js";
import type { GrantResult, TokenRequest } from "./types.js";

/**
 * The resource-owner password grant (ROPC), what `UsernamePasswordCredential` uses. The client
 * may be public; `client_id` must still be an application of the user's tenant.
 */
export async function passwordGrant(r: TokenRequest): Promise<GrantResult> {
  const clientId = r.form.require("client_id");
  const username = r.form.require("username");
  const password = r.form.require("password");
  const requested = requestedUserScopes(r);
  const { store } = r.ctx;

  const tenant = r.tenant ?? (await homeTenantOf(store, username));
  if (!tenant) throw aadErrors.unknownUser(r.c, r.tenantSegment);
  const app = await requireApplication(store, tenant, clientId, r.c);
  const appidacr = await authenticateOptionalClient({ ...r, app, tenant });
  const user = await store.users.getByAlt(keyOf.userUpn(tenant.id, username));
  if (!user) throw aadErrors.unknownUser(r.c, tenant.displayName);
  if (!(await verifyPassword(password, user.passwordHash))) throw aadErrors.badPassword(r.c);
  return issueUserTokens(r, { tenant, app, user, appidacr, requested });
}

/** At `/common` or `/organizations` the user's principal name decides the tenant, as in Entra. */
async function homeTenantOf(store: Store, upn: string): Promise<Tenant | undefined> {
  const wanted = upn.toLowerCase();
  const user: User | undefined = (await store.users.list()).find((u) => u.userPrincipalName.toLowerCase() === wanted);
  return user ? store.tenants.get(keyOf.tenant(user.tenantId)) : undefined;
}
