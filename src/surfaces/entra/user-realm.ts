import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../core/context.js";
import { tenantByDomain } from "./tenant-resolver.js";

/**
 * Home-realm discovery (`GET /common/userrealm/{user}?api-version=1.0`), what MSAL Python (and so
 * the Azure CLI) asks before a username/password sign-in: whether the user's domain is managed by
 * Entra (then ROPC goes on) or federated. Lazurite's tenants are all managed; a domain no tenant
 * has is `Unknown`, as Entra answers for domains it does not know [U: field set as MSAL reads it,
 * docs/entra.md].
 */
export function registerUserRealm(app: FastifyInstance, ctx: AppContext): void {
  app.get("/:tenant/userrealm/:user", async (req, reply) => {
    const user = (req.params as { user: string }).user;
    const domain = user.includes("@") ? user.slice(user.lastIndexOf("@") + 1).slice(0, 253) : "";
    const known = domain !== "" && (await tenantByDomain(ctx.store, domain)) !== undefined;
    return reply.header("cache-control", "no-store").send({
      ver: "1.0",
      account_type: known ? "Managed" : "Unknown",
      domain_name: domain,
      cloud_instance_name: "microsoftonline.com",
      cloud_audience_urn: "urn:federation:MicrosoftOnline",
    });
  });
}
