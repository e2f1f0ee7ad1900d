import type { ArmProvider } from "../../chain/mount.js";
import { REGION_NAMES } from "../../locations.js";
import { csAccountOperations } from "./accounts.js";
import { CS_PROVIDER, CS_VERSION_NAMES } from "./api-versions.js";
import { csAvailabilityOperations } from "./availability.js";
import { csKeyOperations } from "./keys.js";
import { csOperationsList } from "./operations.js";

/**
 * Microsoft.CognitiveServices on ARM, for accounts of kind Face: a Face account created here is a
 * Lazurite Face resource (docs/resource-manager.md#cognitive-services-accounts).
 */
export const cognitiveServicesProvider: ArmProvider = {
  namespace: CS_PROVIDER,
  registrationPolicy: "RegistrationRequired",
  resourceTypes: [
    { resourceType: "accounts", locations: REGION_NAMES, apiVersions: CS_VERSION_NAMES, capabilities: "SupportsTags, SupportsLocation" },
    { resourceType: "operations", locations: [], apiVersions: CS_VERSION_NAMES },
    { resourceType: "skus", locations: [], apiVersions: CS_VERSION_NAMES },
    { resourceType: "checkDomainAvailability", locations: [], apiVersions: CS_VERSION_NAMES },
    { resourceType: "locations", locations: [], apiVersions: CS_VERSION_NAMES },
    { resourceType: "locations/checkSkuAvailability", locations: REGION_NAMES, apiVersions: CS_VERSION_NAMES },
    { resourceType: "locations/operationResults", locations: REGION_NAMES, apiVersions: CS_VERSION_NAMES },
  ],
  operations: [...csAccountOperations, ...csKeyOperations, ...csAvailabilityOperations, csOperationsList],
};
