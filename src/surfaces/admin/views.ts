import type { Application, FaceResource, ResourceGroup, Subscription, Tenant, User, VideoIndexerAccount } from "../../model/entities.js";
import { findRole, roleById } from "../../rbac/builtin-roles.js";
import type { RoleAssignment } from "../../model/entities.js";
import type { ApplicationView, RoleAssignmentView, UserView } from "../../client/admin-types.js";

/**
 * Admin JSON for each entity: everything a user may see, never a secret hash or password hash.
 * `toDecl` gives the declaration an update merges over. The shapes are src/client/admin-types.ts,
 * what the typed admin client reads.
 */
export const views = {
  tenant: (t: Tenant) => t,
  application: (a: Application): ApplicationView => ({
    tenantId: a.tenantId,
    clientId: a.clientId,
    objectId: a.objectId,
    displayName: a.displayName,
    secrets: a.secrets.map(({ sha256: _h, ...s }) => s),
    certificates: a.certificates.map((c) => ({
      id: c.id,
      x5t: c.x5t,
      x5tS256: c.x5tS256,
      jwkThumbprint: c.jwkThumbprint,
      createdAt: c.createdAt,
      pem: c.pem,
    })),
  }),
  user: ({ passwordHash: _p, ...u }: User): UserView => u,
  subscription: (s: Subscription) => s,
  resourceGroup: (g: ResourceGroup) => g,
  videoIndexerAccount: (a: VideoIndexerAccount) => a,
  faceResource: (f: FaceResource) => f,
  roleAssignment: (r: RoleAssignment): RoleAssignmentView => ({
    ...r,
    roleName: roleById(r.roleDefinitionId)?.roleName ?? findRole(r.roleDefinitionId)?.roleName,
  }),
};

export const toDecl = {
  tenant: (t: Tenant) => ({ id: t.id, displayName: t.displayName, domain: t.domain }),
  application: (a: Application) => ({ clientId: a.clientId, objectId: a.objectId, displayName: a.displayName }),
  user: (u: User) => ({ objectId: u.objectId, userPrincipalName: u.userPrincipalName, displayName: u.displayName }),
  subscription: (s: Subscription) => ({ id: s.id, tenantId: s.tenantId, displayName: s.displayName }),
  resourceGroup: (g: ResourceGroup) => ({ name: g.name, location: g.location, ...(g.tags ? { tags: g.tags } : {}) }),
  videoIndexerAccount: (a: VideoIndexerAccount) => ({
    subscriptionId: a.subscriptionId,
    resourceGroup: a.resourceGroup,
    name: a.name,
    location: a.location,
    accountId: a.accountId,
    ...(a.tags ? { tags: a.tags } : {}),
  }),
  faceResource: (f: FaceResource) => ({
    subscriptionId: f.subscriptionId,
    resourceGroup: f.resourceGroup,
    name: f.name,
    location: f.location,
    keys: f.keys,
    ...(f.tags ? { tags: f.tags } : {}),
  }),
};
