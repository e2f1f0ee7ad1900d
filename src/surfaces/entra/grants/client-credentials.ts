import { aadErrors } from "../errors.js";
import { audienceForResource, isValidResource } from "../../../issuance/audiences.js";
import { clientCredentialsAudience } from "../scopes.js";
import { authenticateConfidentialClient, requireApplication } from "../client-auth.js";
import { issueAppAccessToken } from "../../../issuance/entra-tokens.js";
import type { GrantResult, TokenRequest } from "./types.js";
import { homeTenantOfClient } from "../tenant-resolver.js";

/** The client-credentials grant: an app-only token for a confidential client (secret or assertion). */
export async function clientCredentialsGrant(r: TokenRequest): Promise<GrantResult> {
  const clientId = r.form.require("client_id");
  const { audience, resource } = appAudience(r);
  // At Entra an app has a tenant only through the URL (`/common` cannot say which); the
  // custom-host authority takes the one tenant that registered the client id.
  const tenant = r.tenant ?? (r.customHost ? await homeTenantOfClient(r.ctx.store, clientId) : undefined);
  if (!tenant) throw aadErrors.noTenantInformation(r.c);
  const app = await requireApplication(r.ctx.store, tenant, clientId, r.c);
  const appidacr = await authenticateConfidentialClient({ ...r, app, tenant });
  const access = await issueAppAccessToken(r.ctx.keys, { tenantId: tenant.id, app, audience, appidacr, now: r.c.now });
  return { access, resource };
}

function appAudience(r: TokenRequest): { audience: string; resource: string } {
  if (r.version === "v2") {
    const audience = clientCredentialsAudience(r.form.get("scope") ?? "", r.origin, r.c);
    return { audience, resource: audience };
  }
  const resource = r.form.require("resource");
  if (!isValidResource(resource)) throw aadErrors.resourceNotFound(r.c, resource, r.tenant?.displayName ?? r.tenantSegment);
  return { audience: audienceForResource(resource, r.origin), resource };
}
