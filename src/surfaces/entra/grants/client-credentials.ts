import { aadErrors } from "../errors.js";
import { audienceForResource, isValidResource } from "../../../issuance/audiences.js";
import { clientCredentialsAudience } from "../scopes.js";
import { authenticateConfidentialClient, requireApplication } from "../client-auth.js";
import { issueAppAccessToken } from "../../../issuance/entra-tokens.js";
import type { GrantResult, TokenRequest } from "./types.js";

/** The client-credentials grant: an app-only token for a confidential client (secret or assertion). */
export async function clientCredentialsGrant(r: TokenRequest): Promise<GrantResult> {
  const clientId = r.form.require("client_id");
  const { audience, resource } = appAudience(r);
  // An app has a home tenant only through the URL: `/common` cannot say which.
  if (!r.tenant) throw aadErrors.noTenantInformation(r.c);
  const app = await requireApplication(r.ctx.store, r.tenant, clientId, r.c);
  const appidacr = await authenticateConfidentialClient({ ...r, app, tenant: r.tenant });
  const access = await issueAppAccessToken(r.ctx.keys, { tenantId: r.tenant.id, app, audience, appidacr, now: r.c.now });
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
