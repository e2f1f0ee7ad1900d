import { REGIONS, type Region } from "../../locations.js";
import type { Subscription, Tenant } from "../../../../model/entities.js";
import { canon } from "../../../../model/ids.js";
import { keyOf } from "../../../../store/collections.js";
import { operation, type ArmCall } from "../../chain/operation.js";
import { resourcesApiVersions } from "./api-versions.js";
import { newerShapes, subscriptionScope } from "./common.js";

/**
 * Subscriptions, tenants and locations (the `subscriptions.json` operations). `GET /subscriptions`
 * and `GET /tenants` are not authorized over a scope: ARM lists what the caller can see
 * (docs/resource-manager.md#subscriptions-and-tenants).
 */

export function subscriptionView(s: Subscription) {
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

function tenantView(t: Tenant, newer: boolean) {
  return {
    id: `/tenants/${t.id}`,
    tenantId: t.id,
    tenantCategory: "Home",
    countryCode: "US", // [U] Lazurite's tenants have no country
    displayName: t.displayName,
    domains: [t.domain],
    ...(newer ? { defaultDomain: t.domain, tenantType: "AAD" } : {}),
  };
}

function locationView(subscriptionId: string, r: Region, newer: boolean) {
  const sub = `/subscriptions/${subscriptionId}`;
  return {
    id: `${sub}/locations/${r.name}`,
    name: r.name,
    ...(newer ? { type: "Region" } : {}),
    displayName: r.displayName,
    regionalDisplayName: `(${r.geographyGroup}) ${r.displayName}`,
    metadata: {
      regionType: "Physical",
      regionCategory: "Recommended",
      geographyGroup: r.geographyGroup,
      physicalLocation: r.physicalLocation,
      ...(r.pairedRegion ? { pairedRegion: [{ name: r.pairedRegion, id: `${sub}/locations/${r.pairedRegion}` }] } : {}),
    },
  };
}

/**
 * The subscriptions of the caller's tenant on which the caller holds a role assignment, at the
 * subscription, below it, or at the root scope [U: what ARM is commonly seen to list].
 */
async function visibleSubscriptions(call: ArmCall): Promise<Subscription[]> {
  const oid = canon(call.principal.objectId);
  const scopes = (await call.ctx.store.roleAssignments.list()).filter((a) => a.principalId === oid).map((a) => canon(a.scope));
  const root = scopes.some((s) => s === "/" || s === "");
  const subs = await call.ctx.store.subscriptions.list({ scope: canon(call.principal.tenantId) });
  return subs.filter((s) => root || scopes.some((x) => x === `/subscriptions/${s.id}` || x.startsWith(`/subscriptions/${s.id}/`)));
}

export const subscriptionOperations = [
  operation({
    id: "Subscriptions_List",
    method: "GET",
    path: "/subscriptions",
    apiVersions: resourcesApiVersions,
    // One page and no nextLink, as the real service answers a single page [O]; its `count`
    // member is left out, as the spec has no such property.
    handle: async (call) => ({ value: (await visibleSubscriptions(call)).map(subscriptionView) }),
  }),
  operation({
    id: "Subscriptions_Get",
    method: "GET",
    path: "/subscriptions/:subscriptionId",
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/read", scope: subscriptionScope },
    handle: async (call) => subscriptionView(call.subscription),
  }),
  operation({
    id: "Subscriptions_ListLocations",
    method: "GET",
    path: "/subscriptions/:subscriptionId/locations",
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/locations/read", scope: subscriptionScope },
    handle: async (call) => ({ value: REGIONS.map((r) => locationView(call.subscription.id, r, newerShapes(call))) }),
  }),
  operation({
    id: "Tenants_List",
    method: "GET",
    path: "/tenants",
    apiVersions: resourcesApiVersions,
    async handle(call) {
      // The caller's home tenant: Lazurite's principals belong to one tenant, and a token of
      // another tenant is refused on every subscription of this one.
      const t = await call.ctx.store.tenants.get(keyOf.tenant(call.principal.tenantId));
      return { value: t ? [tenantView(t, newerShapes(call))] : [] };
    },
  }),
];
