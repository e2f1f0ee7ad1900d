import type {
  Application,
  ClientSecret,
  FaceResource,
  ResourceGroup,
  RoleAssignment,
  Subscription,
  Tenant,
  User,
  VideoIndexerAccount,
} from "../model/entities.js";
import { canon, guidFromName, newGuid } from "../model/ids.js";
import { findRole } from "../rbac/builtin-roles.js";
import { keyOf } from "../store/collections.js";
import type { Collections } from "../store/store.js";
import { toClientCertificate } from "./certificates.js";
import type {
  ApplicationDecl,
  FaceResourceDecl,
  ResourceGroupDecl,
  RoleAssignmentDecl,
  SubscriptionDecl,
  TenantDecl,
  UserDecl,
  VideoIndexerAccountDecl,
} from "./declarations.js";
import { hashPassword, newClientSecret, newResourceKey, secretMatches, sha256Hex, verifyPassword } from "./secrets.js";

export type ResourceErrorKind = "not-found" | "conflict" | "invalid";

/** A declaration that refers to something missing, or clashes with something present. */
export class ResourceError extends Error {
  constructor(
    readonly kind: ResourceErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ResourceError";
  }
}

export interface PutResult<T> {
  created: boolean;
  entity: T;
}

/**
 * Upserts and deletes of the resource model, shared by the config file, the admin API and ARM.
 * Declarations merge into what exists (nothing created at runtime is dropped), and ids that a
 * declaration leaves out are derived from names so a re-apply changes nothing.
 */
export class ResourceService {
  constructor(
    private readonly c: Collections,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ---- tenants, applications, users -------------------------------------------------------

  async putTenant(d: TenantDecl): Promise<PutResult<Tenant>> {
    const existing = await this.c.tenants.get(keyOf.tenant(d.id));
    const entity: Tenant = {
      id: d.id.toLowerCase(),
      displayName: d.displayName ?? existing?.displayName ?? "Lazurite Tenant",
      domain: d.domain ?? existing?.domain ?? `lazurite${d.id.slice(0, 8).toLowerCase()}.onmicrosoft.com`,
    };
    const created = await this.c.tenants.upsert(entity);
    for (const a of d.applications ?? []) await this.putApplication(entity.id, a);
    for (const u of d.users ?? []) await this.putUser(entity.id, u);
    return { created, entity };
  }

  async requireTenant(tenantId: string): Promise<Tenant> {
    const t = await this.c.tenants.get(keyOf.tenant(tenantId));
    if (!t) throw new ResourceError("not-found", `Tenant '${tenantId}' does not exist.`);
    return t;
  }

  async putApplication(tenantId: string, d: ApplicationDecl): Promise<PutResult<Application>> {
    await this.requireTenant(tenantId);
    const now = this.now();
    const existing = await this.c.applications.get(keyOf.application(tenantId, d.clientId));
    const secrets: ClientSecret[] = [...(existing?.secrets ?? [])];
    for (const s of d.clientSecrets ?? []) {
      const value = typeof s === "string" ? s : s.value;
      if (secrets.some((x) => secretMatches(value, x.sha256))) continue;
      secrets.push({
        id: guidFromName("client-secret", `${tenantId}/${d.clientId}/${sha256Hex(value)}`),
        hint: value.slice(0, 3),
        sha256: sha256Hex(value),
        displayName: typeof s === "string" ? undefined : s.displayName,
        expiresAt: typeof s === "string" ? undefined : s.expiresAt,
        createdAt: now.toISOString(),
      });
    }
    const certificates = [...(existing?.certificates ?? [])];
    for (const pem of d.certificates ?? []) {
      const cert = await toClientCertificate(pem, now);
      if (!certificates.some((c) => c.jwkThumbprint === cert.jwkThumbprint)) certificates.push(cert);
    }
    const entity: Application = {
      tenantId: tenantId.toLowerCase(),
      clientId: d.clientId.toLowerCase(),
      objectId: (d.objectId ?? existing?.objectId ?? guidFromName("application-object", canon(`${tenantId}/${d.clientId}`))).toLowerCase(),
      displayName: d.displayName ?? existing?.displayName ?? `app-${d.clientId.slice(0, 8)}`,
      secrets,
      certificates,
    };
    await this.assertObjectIdFree(entity.objectId, "application", keyOf.application(tenantId, d.clientId));
    return { created: await this.c.applications.upsert(entity), entity };
  }

  /** Adds a generated secret; the only time its value is visible is in the return value. */
  async addClientSecret(
    tenantId: string,
    clientId: string,
    opts: { displayName?: string; expiresAt?: string },
  ): Promise<{ secret: string; record: ClientSecret }> {
    const app = await this.requireApplication(tenantId, clientId);
    const secret = newClientSecret();
    const record: ClientSecret = {
      id: newGuid(),
      hint: secret.slice(0, 3),
      sha256: sha256Hex(secret),
      displayName: opts.displayName,
      expiresAt: opts.expiresAt,
      createdAt: this.now().toISOString(),
    };
    await this.c.applications.upsert({ ...app, secrets: [...app.secrets, record] });
    return { secret, record };
  }

  async removeClientSecret(tenantId: string, clientId: string, secretId: string): Promise<boolean> {
    const app = await this.requireApplication(tenantId, clientId);
    const secrets = app.secrets.filter((s) => s.id !== secretId.toLowerCase());
    if (secrets.length === app.secrets.length) return false;
    await this.c.applications.upsert({ ...app, secrets });
    return true;
  }

  async requireApplication(tenantId: string, clientId: string): Promise<Application> {
    const app = await this.c.applications.get(keyOf.application(tenantId, clientId));
    if (!app) throw new ResourceError("not-found", `Application '${clientId}' does not exist in tenant '${tenantId}'.`);
    return app;
  }

  async putUser(tenantId: string, d: UserDecl): Promise<PutResult<User>> {
    await this.requireTenant(tenantId);
    const byUpn = await this.c.users.getByAlt(keyOf.userUpn(tenantId, d.userPrincipalName));
    const objectId = (
      d.objectId ??
      byUpn?.objectId ??
      guidFromName("user-object", canon(`${tenantId}/${d.userPrincipalName}`))
    ).toLowerCase();
    const existing = await this.c.users.get(keyOf.user(tenantId, objectId));
    if (byUpn && byUpn.objectId !== objectId) {
      throw new ResourceError("conflict", `User principal name '${d.userPrincipalName}' already belongs to user '${byUpn.objectId}'.`);
    }
    if (d.password === undefined && !existing) throw new ResourceError("invalid", "password: required for a new user");
    const keepHash = existing && (d.password === undefined || (await verifyPassword(d.password, existing.passwordHash)));
    const entity: User = {
      tenantId: tenantId.toLowerCase(),
      objectId,
      userPrincipalName: d.userPrincipalName,
      displayName: d.displayName ?? existing?.displayName ?? d.userPrincipalName.split("@")[0]!,
      passwordHash: keepHash ? existing.passwordHash : await hashPassword(d.password!),
    };
    await this.assertObjectIdFree(objectId, "user", keyOf.user(tenantId, objectId));
    return { created: await this.c.users.upsert(entity), entity };
  }

  /** Object ids are unique across applications and users: they are what role assignments name. */
  private async assertObjectIdFree(objectId: string, kind: "application" | "user", ownKey: string): Promise<void> {
    const app = await this.c.applications.getByAlt(objectId);
    if (app && !(kind === "application" && keyOf.application(app.tenantId, app.clientId) === ownKey)) {
      throw new ResourceError("conflict", `Object id '${objectId}' is already used by application '${app.clientId}'.`);
    }
    if (kind === "application") {
      const users = await this.c.users.list();
      const u = users.find((x) => x.objectId === objectId);
      if (u) throw new ResourceError("conflict", `Object id '${objectId}' is already used by user '${u.userPrincipalName}'.`);
    } else {
      const u = (await this.c.users.list()).find((x) => x.objectId === objectId && keyOf.user(x.tenantId, x.objectId) !== ownKey);
      if (u) throw new ResourceError("conflict", `Object id '${objectId}' is already used by user '${u.userPrincipalName}'.`);
    }
  }

  async deleteTenant(tenantId: string): Promise<boolean> {
    const subs = await this.c.subscriptions.list({ scope: canon(tenantId) });
    if (subs.length > 0) {
      throw new ResourceError("conflict", `Tenant '${tenantId}' still owns subscriptions: ${subs.map((s) => s.id).join(", ")}.`);
    }
    for (const a of await this.c.applications.list({ scope: canon(tenantId) }))
      await this.c.applications.delete(keyOf.application(a.tenantId, a.clientId));
    for (const u of await this.c.users.list({ scope: canon(tenantId) })) await this.c.users.delete(keyOf.user(u.tenantId, u.objectId));
    return this.c.tenants.delete(keyOf.tenant(tenantId));
  }

  // ---- subscriptions and resource groups --------------------------------------------------

  async putSubscription(d: SubscriptionDecl): Promise<PutResult<Subscription>> {
    await this.requireTenant(d.tenantId);
    const existing = await this.c.subscriptions.get(keyOf.subscription(d.id));
    const entity: Subscription = {
      id: d.id.toLowerCase(),
      tenantId: d.tenantId.toLowerCase(),
      displayName: d.displayName ?? existing?.displayName ?? "Lazurite Subscription",
      state: existing?.state ?? "Enabled",
    };
    const created = await this.c.subscriptions.upsert(entity);
    for (const rg of d.resourceGroups ?? []) await this.putResourceGroup(entity.id, rg);
    return { created, entity };
  }

  async requireSubscription(id: string): Promise<Subscription> {
    const s = await this.c.subscriptions.get(keyOf.subscription(id));
    if (!s) throw new ResourceError("not-found", `Subscription '${id}' does not exist.`);
    return s;
  }

  async putResourceGroup(subscriptionId: string, d: ResourceGroupDecl): Promise<PutResult<ResourceGroup>> {
    await this.requireSubscription(subscriptionId);
    const existing = await this.c.resourceGroups.get(keyOf.resourceGroup(subscriptionId, d.name));
    const entity: ResourceGroup = {
      subscriptionId: subscriptionId.toLowerCase(),
      name: existing?.name ?? d.name, // ARM keeps the casing used at creation
      location: d.location,
      tags: d.tags ?? existing?.tags,
    };
    return { created: await this.c.resourceGroups.upsert(entity), entity };
  }

  async requireResourceGroup(subscriptionId: string, name: string): Promise<ResourceGroup> {
    await this.requireSubscription(subscriptionId);
    const rg = await this.c.resourceGroups.get(keyOf.resourceGroup(subscriptionId, name));
    if (!rg) throw new ResourceError("not-found", `Resource group '${name}' does not exist in subscription '${subscriptionId}'.`);
    return rg;
  }

  async deleteResourceGroup(subscriptionId: string, name: string): Promise<boolean> {
    const scope = canon(`${subscriptionId}/${name}`);
    for (const a of await this.c.videoIndexerAccounts.list({ scope }))
      await this.c.videoIndexerAccounts.delete(keyOf.resource(a.subscriptionId, a.resourceGroup, a.name));
    for (const f of await this.c.faceResources.list({ scope }))
      await this.c.faceResources.delete(keyOf.resource(f.subscriptionId, f.resourceGroup, f.name));
    await this.deleteAssignmentsUnder(`/subscriptions/${subscriptionId}/resourceGroups/${name}`);
    return this.c.resourceGroups.delete(keyOf.resourceGroup(subscriptionId, name));
  }

  async deleteSubscription(id: string): Promise<boolean> {
    for (const rg of await this.c.resourceGroups.list({ scope: canon(id) })) await this.deleteResourceGroup(id, rg.name);
    await this.deleteAssignmentsUnder(`/subscriptions/${id}`);
    return this.c.subscriptions.delete(keyOf.subscription(id));
  }

  // ---- Video Indexer accounts and Face resources --------------------------------------------

  async putVideoIndexerAccount(d: VideoIndexerAccountDecl): Promise<PutResult<VideoIndexerAccount>> {
    const rg = await this.requireResourceGroup(d.subscriptionId, d.resourceGroup);
    const key = keyOf.resource(d.subscriptionId, d.resourceGroup, d.name);
    const existing = await this.c.videoIndexerAccounts.get(key);
    const now = this.now().toISOString();
    const accountId = (d.accountId ?? existing?.accountId ?? guidFromName("vi-account", key)).toLowerCase();
    const other = await this.c.videoIndexerAccounts.getByAlt(accountId);
    if (other && keyOf.resource(other.subscriptionId, other.resourceGroup, other.name) !== key) {
      throw new ResourceError("conflict", `Account id '${accountId}' is already used by account '${other.name}'.`);
    }
    const entity: VideoIndexerAccount = {
      ...existing,
      subscriptionId: d.subscriptionId.toLowerCase(),
      resourceGroup: rg.name,
      name: existing?.name ?? d.name,
      location: d.location,
      accountId,
      tags: d.tags ?? existing?.tags,
      systemData: existing ? { ...existing.systemData, lastModifiedAt: now } : { createdAt: now, lastModifiedAt: now },
    };
    return { created: await this.c.videoIndexerAccounts.upsert(entity), entity };
  }

  async putFaceResource(d: FaceResourceDecl): Promise<PutResult<FaceResource>> {
    const rg = await this.requireResourceGroup(d.subscriptionId, d.resourceGroup);
    const key = keyOf.resource(d.subscriptionId, d.resourceGroup, d.name);
    const other = await this.c.faceResources.getByAlt(canon(d.name));
    if (other && keyOf.resource(other.subscriptionId, other.resourceGroup, other.name) !== key) {
      throw new ResourceError("conflict", `Face resource name '${d.name}' is already taken (it is also the custom subdomain).`);
    }
    const existing = await this.c.faceResources.get(key);
    const entity: FaceResource = {
      subscriptionId: d.subscriptionId.toLowerCase(),
      resourceGroup: rg.name,
      name: existing?.name ?? d.name,
      location: d.location,
      keys: d.keys ?? existing?.keys ?? [newResourceKey(), newResourceKey()],
      tags: d.tags ?? existing?.tags,
    };
    return { created: await this.c.faceResources.upsert(entity), entity };
  }

  /** Replaces key1 or key2 with a new random key; the old one stops working at once. */
  async regenerateFaceKey(subscriptionId: string, rg: string, name: string, which: "key1" | "key2"): Promise<FaceResource> {
    const f = await this.c.faceResources.get(keyOf.resource(subscriptionId, rg, name));
    if (!f) throw new ResourceError("not-found", `Face resource '${name}' does not exist.`);
    const keys: [string, string] = which === "key1" ? [newResourceKey(), f.keys[1]] : [f.keys[0], newResourceKey()];
    const updated = { ...f, keys };
    await this.c.faceResources.upsert(updated);
    return updated;
  }

  /** Deletes a VI account or Face resource and the role assignments scoped to it. */
  async deleteResource(kind: "videoIndexerAccounts" | "faceResources", subscriptionId: string, rg: string, name: string): Promise<boolean> {
    const deleted = await this.c[kind].delete(keyOf.resource(subscriptionId, rg, name));
    if (deleted) {
      const type = kind === "videoIndexerAccounts" ? "Microsoft.VideoIndexer/accounts" : "Microsoft.CognitiveServices/accounts";
      await this.deleteAssignmentsUnder(`/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/${type}/${name}`);
    }
    return deleted;
  }

  // ---- role assignments -------------------------------------------------------------------

  async putRoleAssignment(d: RoleAssignmentDecl): Promise<PutResult<RoleAssignment>> {
    const role = findRole(d.role);
    if (!role) throw new ResourceError("not-found", `Role '${d.role}' is not a built-in role.`);
    const base = { principalId: d.principalId.toLowerCase(), roleDefinitionId: role.id, scope: d.scope };
    const same = await this.c.roleAssignments.getByAlt(keyOf.roleAssignmentAlt(base));
    if (same && d.id && same.id !== d.id.toLowerCase()) {
      throw new ResourceError("conflict", `The role assignment already exists with id '${same.id}'.`);
    }
    const id = (d.id ?? same?.id ?? guidFromName("role-assignment", keyOf.roleAssignmentAlt(base))).toLowerCase();
    const entity: RoleAssignment = { id, ...base };
    return { created: await this.c.roleAssignments.upsert(entity), entity };
  }

  private async deleteAssignmentsUnder(scope: string): Promise<void> {
    const prefix = canon(scope);
    for (const a of await this.c.roleAssignments.list({ scopePrefix: prefix })) {
      const s = canon(a.scope);
      if (s === prefix || s.startsWith(prefix + "/")) await this.c.roleAssignments.delete(keyOf.roleAssignment(a.id));
    }
  }
}
