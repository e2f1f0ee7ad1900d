import type { FastifyInstance, FastifyRequest } from "fastify";
import { armErrors } from "../../errors/arm.js";
import type { ResourceGroup, Subscription } from "../../model/entities.js";
import type { AppContext } from "../../server/context.js";
import { ArmGuard } from "./guard.js";

/**
 * The few Microsoft.Resources operations a client of the media surfaces touches: read a
 * subscription, list and read resource groups. Enough for `@azure/arm-resources` and for tools
 * that check a subscription before use. api-versions: those ARM serves for these types.
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

export function registerResourceManagerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = new ArmGuard(ctx);

  /** Common prefix of the three routes: the ordered checks up to RBAC. */
  async function begin(req: FastifyRequest, action: string, scope: (s: Subscription) => string) {
    const { subscriptionId } = req.params as { subscriptionId: string };
    const apiVersion = guard.apiVersion(req);
    const principal = await guard.authenticate(req, subscriptionId);
    const sub = await guard.subscription(subscriptionId, principal);
    if (!RESOURCES_API_VERSIONS.includes(apiVersion)) throw armErrors.invalidApiVersion(apiVersion, RESOURCES_API_VERSIONS);
    await guard.authorize(principal, action, scope(sub));
    return sub;
  }

  app.get("/subscriptions/:subscriptionId", async (req) => {
    const sub = await begin(req, "Microsoft.Resources/subscriptions/read", (s) => `/subscriptions/${s.id}`);
    return subscriptionView(sub);
  });

  app.get("/subscriptions/:subscriptionId/resourcegroups", async (req) => {
    const sub = await begin(req, "Microsoft.Resources/subscriptions/resourceGroups/read", (s) => `/subscriptions/${s.id}`);
    const groups = await ctx.store.resourceGroups.list({ scope: sub.id });
    return { value: groups.map(groupView) };
  });

  app.get("/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName", async (req) => {
    const { resourceGroupName } = req.params as { resourceGroupName: string };
    const sub = await begin(
      req,
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      (s) => `/subscriptions/${s.id}/resourceGroups/${resourceGroupName}`,
    );
    return groupView(await guard.resourceGroup(sub.id, resourceGroupName));
  });
}
