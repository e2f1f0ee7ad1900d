import type { ArmProvider } from "../../chain/mount.js";
import { REGION_NAMES } from "../../locations.js";
import { RESOURCES_API_VERSIONS } from "./api-versions.js";
import { registerMetadataRoutes } from "./metadata.js";
import { resourcesOperationsList } from "./operations.js";
import { providerOperations } from "./providers.js";
import { resourceGroupOperations } from "./resource-groups.js";
import { resourceListOperations } from "./resources-list.js";
import { subscriptionOperations } from "./subscriptions.js";

export { RESOURCES_API_VERSIONS } from "./api-versions.js";

/**
 * Microsoft.Resources: subscriptions, tenants and locations; resource groups; resource lists;
 * resource providers and their registration; and the unauthenticated cloud metadata
 * (docs/resource-manager.md). Every tool's first calls land here.
 */
const types = (names: string[], locations: readonly string[] = []) =>
  names.map((resourceType) => ({ resourceType, locations, apiVersions: RESOURCES_API_VERSIONS }));

export const resourcesProvider: ArmProvider = {
  namespace: "Microsoft.Resources",
  registrationPolicy: "RegistrationFree",
  resourceTypes: [
    ...types(["tenants", "operations", "providers", "subscriptions", "subscriptions/locations", "subscriptions/operationresults"]),
    ...types([
      "subscriptions/providers",
      "subscriptions/resources",
      "subscriptions/resourceGroups",
      "subscriptions/resourceGroups/resources",
    ]),
    ...types(["resourceGroups"], REGION_NAMES),
  ],
  operations: [
    ...subscriptionOperations,
    ...resourceGroupOperations,
    ...resourceListOperations,
    ...providerOperations,
    resourcesOperationsList,
  ],
  plainRoutes: registerMetadataRoutes,
};
