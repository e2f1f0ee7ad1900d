import type { ResourceGroup, Subscription } from "../../../../model/entities.js";
import type { ArmProvider } from "../../chain/mount.js";
import { operation, type ApiProfile, type ApiVersionPolicy } from "../../chain/operation.js";
import { armErrors } from "../../errors.js";

/**
 * The few Microsoft.Resources operations a client of the media surfaces touches: read a
 * subscription, list and read resource groups. Enough for `@azure/arm-resources` and for tools
 * that check a subscription before use. api-versions: those ARM serves for these types; an
 * unknown one is ARM's InvalidApiVersionParameter (docs/arm.md#error-catalogue).
 */
export const RESOURCES_API_VERSIONS = [
  "2014-04-01",
  "2015-01-01",
  "2016-02-01",
  "2016-06-01",
  "2016-09-01",
  "2017-05-10",
  "2018-02-01",
  "2018-05-01",
  "2019-05-01",
  "2019-10-01",
  "2020-01-01",
  "2020-06-01",
  "2021-01-01",
  "2021-04-01",
  "2022-01-01",
  "2022-09-01",
  "2022-12-01",
  "2023-07-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
  "2025-01-01",
  "2025-03-01",
  "2025-04-01",
];

const resourcesApiVersions: ApiVersionPolicy<ApiProfile> = {
  resolve(raw) {
    if (!RESOURCES_API_VERSIONS.includes(raw)) throw armErrors.invalidApiVersion(raw, RESOURCES_API_VERSIONS);
    return { version: raw };
  },
};

function subscriptionView(s: Subscription) {
  return {
    id: `/subscriptions/${s.id}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

function groupView(g: ResourceGroup) {
  return {
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: "Microsoft.Resources/resourceGroups",
    location: g.location,
    ...(g.tags ? { tags: g.tags } : {}),
    properties: { provisioningState: "Succeeded" },
  };
}

const subscriptionScope = (call: { params: Record<string, string> }) => `/subscriptions/${call.params["subscriptionId"]}`;

export const resourcesProvider: ArmProvider = {
  namespace: "Microsoft.Resources",
  operations: [
    operation({
      id: "Subscriptions_Get",
      method: "GET",
      path: "/subscriptions/:subscriptionId",
      apiVersions: resourcesApiVersions,
      authorize: { action: "Microsoft.Resources/subscriptions/read", scope: subscriptionScope },
      handle: async (call) => subscriptionView(call.subscription),
    }),
    operation({
      id: "ResourceGroups_List",
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourcegroups",
      apiVersions: resourcesApiVersions,
      authorize: { action: "Microsoft.Resources/subscriptions/resourceGroups/read", scope: subscriptionScope },
      async handle(call) {
        const groups = await call.ctx.store.resourceGroups.list({ scope: call.subscription.id });
        return { value: groups.map(groupView) };
      },
    }),
    operation({
      id: "ResourceGroups_Get",
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName",
      apiVersions: resourcesApiVersions,
      authorize: {
        action: "Microsoft.Resources/subscriptions/resourceGroups/read",
        scope: (call) => `${subscriptionScope(call)}/resourceGroups/${call.params["resourceGroupName"]}`,
      },
      resourceGroup: true,
      handle: async (call) => groupView(call.resourceGroup),
    }),
  ],
};
