import type {
  FaceResource,
  ProviderRegistration,
  ResourceGroup,
  RoleAssignment,
  Subscription,
  SystemData,
  VideoIndexerAccount,
} from "../model/entities.js";
import { FACE_RESOURCE_TYPE, VI_ACCOUNT_TYPE } from "../core/azure.js";
import { canon, guidFromName } from "../model/ids.js";
import { findRole } from "../rbac/builtin-roles.js";
import { collectionDefs, keyOf } from "../store/collections.js";
import type { Collections } from "../store/store.js";
import type { FaceResourceDecl, ResourceGroupDecl, RoleAssignmentDecl, SubscriptionDecl, VideoIndexerAccountDecl } from "./declarations.js";
import { DirectoryService } from "./directory-service.js";
import { ResourceError, type PutResult } from "./resource-error.js";
import { newResourceKey } from "./secrets.js";
import { randomBytes } from "node:crypto";
import { faceSubdomain } from "../model/face.js";

export { ResourceError, type PutResult, type ResourceErrorKind } from "./resource-error.js";

/** What ARM keeps about a Video Indexer account besides its declaration. */
export interface ViAccountArmState {
  properties?: Record<string, unknown> | undefined;
  identity?: Record<string, unknown> | undefined;
  systemData?: SystemData | undefined;
}

/** What an ARM PUT of a `Microsoft.CognitiveServices/accounts` resource of kind Face writes. */
export interface FaceAccountWrite {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sku: string;
  tags: Record<string, string>;
  /** Only honoured when the account has none yet: a custom subdomain cannot change once set. */
  customSubDomainName: string | null;
  properties: Record<string, unknown>;
  systemData: SystemData;
}

/** What an ARM PUT or PATCH of a resource group writes. */
export interface ResourceGroupWrite {
  name: string;
  location: string;
  tags: Record<string, string> | undefined;
  managedBy: string | undefined;
}

/** What an ARM PUT of a role assignment records besides the declaration. */
export interface RoleAssignmentArmState {
  principalType?: string | undefined;
  description?: string | undefined;
  /** Object id of the caller. */
  by: string;
}

/**
 * Upserts and deletes of the resource model, shared by the config file, the admin API and ARM:
 * every write of an entity goes through here (or `directory`, for tenants, applications and
 * users). Declarations merge into what exists (nothing created at runtime is dropped), and ids
 * that a declaration leaves out are derived from names so a re-apply changes nothing.
 *
 * Longer than a module should be, on purpose: deletes cascade (role assignments and liveness
 * sessions scoped below a resource) and uniqueness rules span kinds, and keeping every write in
 * one class keeps those rules in one place.
 */
export class ResourceService {
  readonly directory: DirectoryService;

  constructor(
    private readonly c: Collections,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.directory = new DirectoryService(c, now);
  }

  // ---- subscriptions and resource groups --------------------------------------------------

  async putSubscription(d: SubscriptionDecl): Promise<PutResult<Subscription>> {
    await this.directory.requireTenant(d.tenantId);
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

  /**
   * An ARM PUT or PATCH of a resource group: tags and managedBy are replaced by what is given
   * (ARM replaces them), the casing of the name stays as created.
   */
  async writeResourceGroup(subscriptionId: string, w: ResourceGroupWrite): Promise<PutResult<ResourceGroup>> {
    await this.requireSubscription(subscriptionId);
    const existing = await this.c.resourceGroups.get(keyOf.resourceGroup(subscriptionId, w.name));
    const entity: ResourceGroup = {
      subscriptionId: subscriptionId.toLowerCase(),
      name: existing?.name ?? w.name,
      location: w.location,
      ...(w.tags !== undefined ? { tags: w.tags } : {}),
      ...(w.managedBy !== undefined ? { managedBy: w.managedBy } : {}),
    };
    return { created: await this.c.resourceGroups.upsert(entity), entity };
  }

  async deleteResourceGroup(subscriptionId: string, name: string): Promise<boolean> {
    const scope = canon(`${subscriptionId}/${name}`);
    for (const a of await this.c.videoIndexerAccounts.list({ scope }))
      await this.c.videoIndexerAccounts.delete(keyOf.resource(a.subscriptionId, a.resourceGroup, a.name));
    for (const f of await this.c.faceResources.list({ scope }))
      await this.c.faceResources.delete(keyOf.resource(f.subscriptionId, f.resourceGroup, f.name));
    await this.deleteLivenessState(scope);
    await this.deleteAssignmentsUnder(`/subscriptions/${subscriptionId}/resourceGroups/${name}`);
    return this.c.resourceGroups.delete(keyOf.resourceGroup(subscriptionId, name));
  }

  async deleteSubscription(id: string): Promise<boolean> {
    for (const rg of await this.c.resourceGroups.list({ scope: canon(id) })) await this.deleteResourceGroup(id, rg.name);
    await this.deleteAssignmentsUnder(`/subscriptions/${id}`);
    for (const r of await this.c.providerRegistrations.list({ scope: canon(id) }))
      await this.c.providerRegistrations.delete(keyOf.providerRegistration(r.subscriptionId, r.namespace));
    return this.c.subscriptions.delete(keyOf.subscription(id));
  }

  /** Records a subscription's registration state for a resource provider namespace. */
  async setProviderRegistration(
    subscriptionId: string,
    namespace: string,
    state: ProviderRegistration["state"],
  ): Promise<ProviderRegistration> {
    await this.requireSubscription(subscriptionId);
    const entity: ProviderRegistration = {
      subscriptionId: subscriptionId.toLowerCase(),
      namespace,
      state,
      changedAt: this.now().toISOString(),
    };
    await this.c.providerRegistrations.upsert(entity);
    return entity;
  }

  // ---- Video Indexer accounts and Face resources --------------------------------------------

  /**
   * Creates or updates a Video Indexer account. `arm` carries what an ARM PUT also sets (its
   * properties, identity and systemData); the config file and the admin API leave them as they are.
   */
  async putVideoIndexerAccount(d: VideoIndexerAccountDecl, arm?: ViAccountArmState): Promise<PutResult<VideoIndexerAccount>> {
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
      systemData: arm?.systemData ?? (existing ? { ...existing.systemData, lastModifiedAt: now } : { createdAt: now, lastModifiedAt: now }),
    };
    if (arm) {
      entity.properties = arm.properties;
      entity.identity = arm.identity;
    }
    return { created: await this.c.videoIndexerAccounts.upsert(entity), entity };
  }

  /** Applies an ARM PATCH to an existing account: tags, identity, properties and systemData as given. */
  async patchVideoIndexerAccount(
    a: Pick<VideoIndexerAccount, "subscriptionId" | "resourceGroup" | "name">,
    patch: Pick<VideoIndexerAccount, "tags" | "identity" | "properties" | "systemData">,
  ): Promise<VideoIndexerAccount> {
    const existing = await this.c.videoIndexerAccounts.get(keyOf.resource(a.subscriptionId, a.resourceGroup, a.name));
    if (!existing) throw new ResourceError("not-found", `Video Indexer account '${a.name}' does not exist.`);
    const updated: VideoIndexerAccount = { ...existing, ...patch };
    await this.c.videoIndexerAccounts.upsert(updated);
    return updated;
  }

  async putFaceResource(d: FaceResourceDecl): Promise<PutResult<FaceResource>> {
    const rg = await this.requireResourceGroup(d.subscriptionId, d.resourceGroup);
    const existing = await this.c.faceResources.get(keyOf.resource(d.subscriptionId, d.resourceGroup, d.name));
    const entity: FaceResource = {
      ...existing, // what ARM set (SKU, subdomain, properties…) stays
      subscriptionId: d.subscriptionId.toLowerCase(),
      resourceGroup: rg.name,
      name: existing?.name ?? d.name,
      location: d.location,
      keys: d.keys ?? existing?.keys ?? [newResourceKey(), newResourceKey()],
      tags: d.tags ?? existing?.tags,
      ...(existing?.livenessAbuseMonitoring !== undefined ? { livenessAbuseMonitoring: existing.livenessAbuseMonitoring } : {}),
    };
    await this.requireFreeSubdomain(entity);
    return { created: await this.c.faceResources.upsert(entity), entity };
  }

  /**
   * Creates or updates a Face resource from an ARM PUT of a Cognitive Services account: tags,
   * SKU and properties are replaced; keys, internalId, dateCreated and a custom subdomain once
   * set are kept. New accounts get fresh keys.
   */
  async putFaceAccount(w: FaceAccountWrite): Promise<PutResult<FaceResource>> {
    const rg = await this.requireResourceGroup(w.subscriptionId, w.resourceGroup);
    const existing = await this.c.faceResources.get(keyOf.resource(w.subscriptionId, w.resourceGroup, w.name));
    const entity: FaceResource = {
      subscriptionId: w.subscriptionId.toLowerCase(),
      resourceGroup: rg.name,
      name: existing?.name ?? w.name,
      location: w.location,
      keys: existing?.keys ?? [newResourceKey(), newResourceKey()],
      tags: w.tags,
      customSubDomainName: existing && faceSubdomain(existing) !== undefined ? existing.customSubDomainName : w.customSubDomainName,
      sku: w.sku,
      internalId: existing?.internalId ?? randomBytes(16).toString("hex"),
      dateCreated: existing?.dateCreated ?? this.now().toISOString(),
      properties: w.properties,
      systemData: w.systemData,
    };
    await this.requireFreeSubdomain(entity);
    return { created: await this.c.faceResources.upsert(entity), entity };
  }

  /** Applies an ARM PATCH to an existing Face resource: the fields given replace the stored ones. */
  async patchFaceAccount(
    f: Pick<FaceResource, "subscriptionId" | "resourceGroup" | "name">,
    patch: Partial<Pick<FaceResource, "tags" | "sku" | "customSubDomainName" | "properties" | "systemData">>,
  ): Promise<FaceResource> {
    const existing = await this.c.faceResources.get(keyOf.resource(f.subscriptionId, f.resourceGroup, f.name));
    if (!existing) throw new ResourceError("not-found", `Face resource '${f.name}' does not exist.`);
    const updated: FaceResource = { ...existing, ...patch };
    await this.requireFreeSubdomain(updated);
    await this.c.faceResources.upsert(updated);
    return updated;
  }

  /** Custom subdomains are unique across every Face resource (the store's unique key enforces it too). */
  private async requireFreeSubdomain(f: FaceResource): Promise<void> {
    const alt = collectionDefs.faceResources.alt(f);
    if (alt === null) return;
    const other = await this.c.faceResources.getByAlt(alt);
    if (
      other &&
      keyOf.resource(other.subscriptionId, other.resourceGroup, other.name) !== keyOf.resource(f.subscriptionId, f.resourceGroup, f.name)
    ) {
      throw new ResourceError("conflict", `The subdomain '${faceSubdomain(f)}' is already used by Face resource '${other.name}'.`);
    }
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

  /** Sets the v1.3-preview.1 liveness setting `livenessAbuseMonitoring.enabled` of a Face resource. */
  async setFaceLivenessAbuseMonitoring(
    f: Pick<FaceResource, "subscriptionId" | "resourceGroup" | "name">,
    enabled: boolean,
  ): Promise<FaceResource> {
    const existing = await this.c.faceResources.get(keyOf.resource(f.subscriptionId, f.resourceGroup, f.name));
    if (!existing) throw new ResourceError("not-found", `Face resource '${f.name}' does not exist.`);
    const updated = { ...existing, livenessAbuseMonitoring: enabled };
    await this.c.faceResources.upsert(updated);
    return updated;
  }

  /**
   * Deletes a VI account or Face resource and the role assignments scoped to it; a Face resource's
   * liveness sessions and their images go with it.
   */
  async deleteResource(kind: "videoIndexerAccounts" | "faceResources", subscriptionId: string, rg: string, name: string): Promise<boolean> {
    const deleted = await this.c[kind].delete(keyOf.resource(subscriptionId, rg, name));
    if (deleted) {
      const type = kind === "videoIndexerAccounts" ? VI_ACCOUNT_TYPE : FACE_RESOURCE_TYPE;
      await this.deleteAssignmentsUnder(`/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/${type}/${name}`);
      if (kind === "faceResources") await this.deleteLivenessState(keyOf.livenessScope(subscriptionId, rg, name));
    }
    return deleted;
  }

  /** Liveness sessions whose scope is `scope` or below it, and their images (scope prefix `{scope}/`). */
  private async deleteLivenessState(scope: string): Promise<void> {
    for (const s of await this.c.livenessSessions.list({ scopePrefix: scope })) {
      const own = keyOf.livenessScope(s.subscriptionId, s.resourceGroup, s.resourceName);
      if (own === scope || own.startsWith(`${scope}/`)) await this.c.livenessSessions.delete(keyOf.livenessSession(s.sessionId));
    }
    for (const i of await this.c.livenessSessionImages.list({ scopePrefix: `${scope}/` })) {
      await this.c.livenessSessionImages.delete(keyOf.livenessSessionImage(i.sessionImageId));
    }
  }

  // ---- role assignments -------------------------------------------------------------------

  /**
   * Creates or updates a role assignment. `arm` carries what an ARM PUT also records (principal
   * type, description, who and when); the config file and the admin API leave those as they are.
   */
  async putRoleAssignment(d: RoleAssignmentDecl, arm?: RoleAssignmentArmState): Promise<PutResult<RoleAssignment>> {
    const role = findRole(d.role);
    if (!role) throw new ResourceError("not-found", `Role '${d.role}' is not a built-in role.`);
    const base = { principalId: d.principalId.toLowerCase(), roleDefinitionId: role.id, scope: d.scope };
    const same = await this.c.roleAssignments.getByAlt(keyOf.roleAssignmentAlt(base));
    if (same && d.id && same.id !== d.id.toLowerCase()) {
      throw new ResourceError("conflict", `The role assignment already exists with id '${same.id}'.`);
    }
    const id = (d.id ?? same?.id ?? guidFromName("role-assignment", keyOf.roleAssignmentAlt(base))).toLowerCase();
    const existing = await this.c.roleAssignments.get(keyOf.roleAssignment(id));
    let entity: RoleAssignment = { ...existing, id, ...base };
    if (arm) {
      const at = this.now().toISOString();
      entity = {
        ...entity,
        principalType: arm.principalType ?? existing?.principalType,
        description: arm.description,
        createdOn: existing?.createdOn ?? at,
        createdBy: existing?.createdBy ?? arm.by,
        updatedOn: at,
        updatedBy: arm.by,
      };
    }
    return { created: await this.c.roleAssignments.upsert(entity), entity };
  }

  async deleteRoleAssignment(id: string): Promise<boolean> {
    return this.c.roleAssignments.delete(keyOf.roleAssignment(id));
  }

  private async deleteAssignmentsUnder(scope: string): Promise<void> {
    const prefix = canon(scope);
    for (const a of await this.c.roleAssignments.list({ scopePrefix: prefix })) {
      const s = canon(a.scope);
      if (s === prefix || s.startsWith(prefix + "/")) await this.c.roleAssignments.delete(keyOf.roleAssignment(a.id));
    }
  }
}
