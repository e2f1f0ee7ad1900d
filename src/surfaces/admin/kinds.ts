import type { z } from "zod";
import type {
  Application,
  FaceResource,
  ResourceGroup,
  RoleAssignment,
  Subscription,
  Tenant,
  User,
  VideoIndexerAccount,
} from "../../model/entities.js";
import {
  applicationDecl,
  faceResourceDecl,
  resourceGroupDecl,
  roleAssignmentDecl,
  subscriptionDecl,
  tenantDecl,
  userDecl,
  videoIndexerAccountDecl,
} from "../../resources/declarations.js";
import type { PutResult, ResourceService } from "../../resources/resource-service.js";
import { keyOf } from "../../store/collections.js";
import type { Collection, Collections } from "../../store/store.js";
import { toDecl, views } from "./views.js";

export type Params = Record<string, string>;

/**
 * One entity kind on the admin surface: list and create on the collection path; get, update
 * (PUT merges over what exists) and delete on the item path. `E` is the stored entity, `S` the
 * declaration schema its bodies are checked with.
 */
export interface Kind<E, S extends z.ZodType> {
  collection: string;
  item: string;
  list(c: Collections, p: Params, q: Params): Promise<E[]>;
  get(c: Collections, p: Params): Promise<E | undefined>;
  /** Declaration fields fixed by the path (the parent's ids, the item's own key). */
  fromPath(p: Params): Record<string, string>;
  /** The item's own path parameters, read from a declaration (to refuse a POST that would overwrite). */
  keyFromDecl(d: z.infer<S>): Params;
  schema: S;
  put(svc: ResourceService, p: Params, decl: z.infer<S>): Promise<PutResult<E>>;
  remove(svc: ResourceService, p: Params): Promise<boolean>;
  view(e: E): unknown;
  /** The declaration an update merges over; kinds without it have no PUT. */
  toDecl?(e: E): Record<string, unknown>;
  what(p: Params): string;
}

/** Declares a kind with its types inferred from its schema and loaders. */
function kind<E, S extends z.ZodType>(k: Kind<E, S>): Kind<E, S> {
  return k;
}

const p = (params: Params, name: string): string => params[name] ?? "";

function armResourceKind<E extends VideoIndexerAccount | FaceResource, S extends typeof videoIndexerAccountDecl | typeof faceResourceDecl>(
  segment: "videoIndexerAccounts" | "faceResources",
  collection: (c: Collections) => Collection<E>,
  schema: S,
  put: (svc: ResourceService, d: z.infer<S>) => Promise<PutResult<E>>,
  view: (e: E) => unknown,
  decl: (e: E) => Record<string, unknown>,
  label: string,
): Kind<E, S> {
  return {
    collection: `/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/${segment}`,
    item: `/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/${segment}/:name`,
    list: (c, x) => collection(c).list({ scope: `${p(x, "subscriptionId")}/${p(x, "resourceGroup")}`.toLowerCase() }),
    get: (c, x) => collection(c).get(keyOf.resource(p(x, "subscriptionId"), p(x, "resourceGroup"), p(x, "name"))),
    fromPath: (x) => ({
      subscriptionId: p(x, "subscriptionId"),
      resourceGroup: p(x, "resourceGroup"),
      ...(x.name ? { name: x.name } : {}),
    }),
    keyFromDecl: (d) => ({ name: d.name }),
    schema,
    put: (svc, _x, d) => put(svc, d),
    remove: (svc, x) => svc.deleteResource(segment, p(x, "subscriptionId"), p(x, "resourceGroup"), p(x, "name")),
    view,
    toDecl: decl,
    what: (x) => `${label} '${p(x, "name")}' in resource group '${p(x, "resourceGroup")}'`,
  };
}

export const tenantsKind = kind<Tenant, typeof tenantDecl>({
  collection: "/tenants",
  item: "/tenants/:tenantId",
  list: (c) => c.tenants.list(),
  get: (c, x) => c.tenants.get(keyOf.tenant(p(x, "tenantId"))),
  fromPath: (x): Record<string, string> => (x.tenantId ? { id: x.tenantId } : {}),
  keyFromDecl: (d) => ({ tenantId: d.id }),
  schema: tenantDecl,
  put: (svc, _x, d) => svc.directory.putTenant(d),
  remove: (svc, x) => svc.directory.deleteTenant(p(x, "tenantId")),
  view: views.tenant,
  toDecl: toDecl.tenant,
  what: (x) => `Tenant '${p(x, "tenantId")}'`,
});

export const applicationsKind = kind<Application, typeof applicationDecl>({
  collection: "/tenants/:tenantId/applications",
  item: "/tenants/:tenantId/applications/:clientId",
  list: (c, x) => c.applications.list({ scope: p(x, "tenantId").toLowerCase() }),
  get: (c, x) => c.applications.get(keyOf.application(p(x, "tenantId"), p(x, "clientId"))),
  fromPath: (x): Record<string, string> => (x.clientId ? { clientId: x.clientId } : {}),
  keyFromDecl: (d) => ({ clientId: d.clientId }),
  schema: applicationDecl,
  put: (svc, x, d) => svc.directory.putApplication(p(x, "tenantId"), d),
  remove: (svc, x) => svc.directory.deleteApplication(p(x, "tenantId"), p(x, "clientId")),
  view: views.application,
  toDecl: toDecl.application,
  what: (x) => `Application '${p(x, "clientId")}' in tenant '${p(x, "tenantId")}'`,
});

export const usersKind = kind<User, typeof userDecl>({
  collection: "/tenants/:tenantId/users",
  item: "/tenants/:tenantId/users/:objectId",
  list: (c, x) => c.users.list({ scope: p(x, "tenantId").toLowerCase() }),
  get: (c, x) => c.users.get(keyOf.user(p(x, "tenantId"), p(x, "objectId"))),
  fromPath: (x): Record<string, string> => (x.objectId ? { objectId: x.objectId } : {}),
  // Users may be declared by UPN alone; their object id is then derived, so look up by UPN.
  keyFromDecl: (d) => ({ objectId: d.objectId ?? "" }),
  schema: userDecl,
  put: (svc, x, d) => svc.directory.putUser(p(x, "tenantId"), d),
  remove: (svc, x) => svc.directory.deleteUser(p(x, "tenantId"), p(x, "objectId")),
  view: views.user,
  toDecl: toDecl.user,
  what: (x) => `User '${p(x, "objectId")}' in tenant '${p(x, "tenantId")}'`,
});

export const subscriptionsKind = kind<Subscription, typeof subscriptionDecl>({
  collection: "/subscriptions",
  item: "/subscriptions/:subscriptionId",
  list: (c, _x, q) => c.subscriptions.list(q.tenantId ? { scope: q.tenantId.toLowerCase() } : undefined),
  get: (c, x) => c.subscriptions.get(keyOf.subscription(p(x, "subscriptionId"))),
  fromPath: (x): Record<string, string> => (x.subscriptionId ? { id: x.subscriptionId } : {}),
  keyFromDecl: (d) => ({ subscriptionId: d.id }),
  schema: subscriptionDecl,
  put: (svc, _x, d) => svc.putSubscription(d),
  remove: (svc, x) => svc.deleteSubscription(p(x, "subscriptionId")),
  view: views.subscription,
  toDecl: toDecl.subscription,
  what: (x) => `Subscription '${p(x, "subscriptionId")}'`,
});

export const resourceGroupsKind = kind<ResourceGroup, typeof resourceGroupDecl>({
  collection: "/subscriptions/:subscriptionId/resourceGroups",
  item: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroup",
  list: (c, x) => c.resourceGroups.list({ scope: p(x, "subscriptionId").toLowerCase() }),
  get: (c, x) => c.resourceGroups.get(keyOf.resourceGroup(p(x, "subscriptionId"), p(x, "resourceGroup"))),
  fromPath: (x): Record<string, string> => (x.resourceGroup ? { name: x.resourceGroup } : {}),
  keyFromDecl: (d) => ({ resourceGroup: d.name }),
  schema: resourceGroupDecl,
  put: (svc, x, d) => svc.putResourceGroup(p(x, "subscriptionId"), d),
  remove: (svc, x) => svc.deleteResourceGroup(p(x, "subscriptionId"), p(x, "resourceGroup")),
  view: views.resourceGroup,
  toDecl: toDecl.resourceGroup,
  what: (x) => `Resource group '${p(x, "resourceGroup")}' in subscription '${p(x, "subscriptionId")}'`,
});

export const videoIndexerAccountsKind = armResourceKind<VideoIndexerAccount, typeof videoIndexerAccountDecl>(
  "videoIndexerAccounts",
  (c) => c.videoIndexerAccounts,
  videoIndexerAccountDecl,
  (svc, d) => svc.putVideoIndexerAccount(d),
  views.videoIndexerAccount,
  toDecl.videoIndexerAccount,
  "Video Indexer account",
);

export const faceResourcesKind = armResourceKind<FaceResource, typeof faceResourceDecl>(
  "faceResources",
  (c) => c.faceResources,
  faceResourceDecl,
  (svc, d) => svc.putFaceResource(d),
  views.faceResource,
  toDecl.faceResource,
  "Face resource",
);

export const roleAssignmentsKind = kind<RoleAssignment, typeof roleAssignmentDecl>({
  collection: "/roleAssignments",
  item: "/roleAssignments/:assignmentId",
  list: async (c, _x, q) =>
    (await c.roleAssignments.list()).filter(
      (r) =>
        (!q.principalId || r.principalId === q.principalId.toLowerCase()) && (!q.scope || r.scope.toLowerCase() === q.scope.toLowerCase()),
    ),
  get: (c, x) => c.roleAssignments.get(keyOf.roleAssignment(p(x, "assignmentId"))),
  fromPath: (x): Record<string, string> => (x.assignmentId ? { id: x.assignmentId } : {}),
  keyFromDecl: (d) => ({ assignmentId: d.id ?? "" }),
  schema: roleAssignmentDecl,
  put: (svc, _x, d) => svc.putRoleAssignment(d),
  remove: (svc, x) => svc.deleteRoleAssignment(p(x, "assignmentId")),
  view: views.roleAssignment,
  what: (x) => `Role assignment '${p(x, "assignmentId")}'`,
});
