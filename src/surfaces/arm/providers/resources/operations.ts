import { operation } from "../../chain/operation.js";
import { resourcesApiVersions } from "./api-versions.js";

/**
 * `GET /providers/Microsoft.Resources/operations`: the RBAC operations of what Lazurite serves of
 * Microsoft.Resources. Names are ARM's [D: built-in role and permission pages]; the display texts
 * follow their style [U].
 */
const OPERATIONS: [name: string, resource: string, operation: string, description: string][] = [
  ["Microsoft.Resources/subscriptions/read", "Subscription", "Get subscription", "Gets the list of subscriptions."],
  ["Microsoft.Resources/subscriptions/locations/read", "Location", "Get locations", "Gets the list of locations supported."],
  [
    "Microsoft.Resources/subscriptions/operationresults/read",
    "Subscription",
    "Get operation results",
    "Get the subscription operation results.",
  ],
  ["Microsoft.Resources/subscriptions/providers/read", "Provider", "Get providers", "Gets or lists resource providers."],
  ["Microsoft.Resources/subscriptions/resources/read", "Resource", "Get resources", "Gets resources of a subscription."],
  ["Microsoft.Resources/subscriptions/resourceGroups/read", "Resource group", "Get resource group", "Gets or lists resource groups."],
  [
    "Microsoft.Resources/subscriptions/resourceGroups/write",
    "Resource group",
    "Update resource group",
    "Creates or updates a resource group.",
  ],
  [
    "Microsoft.Resources/subscriptions/resourceGroups/delete",
    "Resource group",
    "Delete resource group",
    "Deletes a resource group and all its resources.",
  ],
  [
    "Microsoft.Resources/subscriptions/resourceGroups/resources/read",
    "Resource",
    "Get resources",
    "Gets the resources for the resource group.",
  ],
];

export const resourcesOperationsList = operation({
  id: "Operations_List",
  method: "GET",
  path: "/providers/Microsoft.Resources/operations",
  apiVersions: resourcesApiVersions,
  handle: async () => ({
    value: OPERATIONS.map(([name, resource, op, description]) => ({
      name,
      isDataAction: false,
      display: { provider: "Microsoft Resources", resource, operation: op, description },
      origin: "user,system",
    })),
  }),
});
