import type { Application, Tenant } from "../../model/entities.js";
import { guidFromName } from "../../model/ids.js";

/**
 * Microsoft's own public clients, which exist in every Entra tenant without being registered
 * there: a user signs in to them with the tenant's credentials. Their ids are Microsoft's [D]
 * (learn.microsoft.com, "Verify first-party Microsoft applications in sign-in reports"). They
 * have no secret, so only public-client grants (password, refresh token) work for them.
 */
export const FIRST_PARTY_CLIENTS: ReadonlyMap<string, string> = new Map([
  ["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"],
  ["1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell"],
]);

/** The first-party client `clientId` as an application of `tenant`, or undefined when it is not one. */
export function firstPartyApplication(tenant: Tenant, clientId: string): Application | undefined {
  const id = clientId.toLowerCase();
  const displayName = FIRST_PARTY_CLIENTS.get(id);
  if (!displayName) return undefined;
  return {
    tenantId: tenant.id,
    clientId: id,
    // The service principal's object id differs per tenant on Azure; derived here so it is stable.
    objectId: guidFromName("first-party-service-principal", `${tenant.id}/${id}`),
    displayName,
    secrets: [],
    certificates: [],
  };
}
