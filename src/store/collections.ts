import type {
  Application,
  FaceResource,
  ProviderRegistration,
  FaultRule,
  ResourceGroup,
  RoleAssignment,
  SigningKeyRecord,
  Subscription,
  Tenant,
  User,
  VideoIndexerAccount,
} from "../model/entities.js";
import type { LivenessSessionImage, LivenessSessionRecord } from "../model/liveness.js";
import { faceSubdomain } from "../model/face.js";
import { canon } from "../model/ids.js";
import type { Collections, Setting } from "./store.js";

/**
 * How each kind maps onto a table with the uniform columns (pk, scope, alt, data). Keys are
 * lower-cased because ARM names and GUIDs compare case-insensitively.
 */
export interface CollectionDef<T> {
  table: string;
  key(e: T): string;
  scope(e: T): string;
  alt(e: T): string | null;
  /** False keeps the collection's reads out of the change-feed read cache (large rows, rarely read). */
  readCache?: false;
}

export const keyOf = {
  tenant: (id: string) => canon(id),
  application: (tenantId: string, clientId: string) => canon(`${tenantId}/${clientId}`),
  user: (tenantId: string, objectId: string) => canon(`${tenantId}/${objectId}`),
  userUpn: (tenantId: string, upn: string) => canon(`${tenantId}/${upn}`),
  subscription: (id: string) => canon(id),
  resourceGroup: (subscriptionId: string, name: string) => canon(`${subscriptionId}/${name}`),
  resource: (subscriptionId: string, rg: string, name: string) => canon(`${subscriptionId}/${rg}/${name}`),
  roleAssignment: (id: string) => canon(id),
  roleAssignmentAlt: (a: Pick<RoleAssignment, "principalId" | "roleDefinitionId" | "scope">) =>
    canon(`${a.principalId}|${a.roleDefinitionId}|${a.scope}`),
  providerRegistration: (subscriptionId: string, namespace: string) => canon(`${subscriptionId}/${namespace}`),
  signingKey: (kid: string) => kid,
  activeSigningKey: (k: Pick<SigningKeyRecord, "issuer" | "status">) => (k.status === "active" ? `${k.issuer}|active` : null),
  setting: (name: string) => name,
  livenessSession: (sessionId: string) => canon(sessionId),
  /** Scope of a Face resource's liveness sessions; the images of one session extend it with the session id. */
  livenessScope: (subscriptionId: string, rg: string, name: string) => canon(`${subscriptionId}/${rg}/${name}`),
  livenessImagesScope: (subscriptionId: string, rg: string, name: string, sessionId: string) =>
    canon(`${subscriptionId}/${rg}/${name}/${sessionId}`),
  /** Session image ids are base64url: case matters. */
  livenessSessionImage: (sessionImageId: string) => sessionImageId,
  faultRule: (id: string) => canon(id),
};

export const collectionDefs: {
  [K in keyof Collections]: CollectionDef<Collections[K] extends import("./store.js").Collection<infer T> ? T : never>;
} = {
  tenants: { table: "tenants", key: (e: Tenant) => keyOf.tenant(e.id), scope: () => "", alt: () => null },
  applications: {
    table: "applications",
    key: (e: Application) => keyOf.application(e.tenantId, e.clientId),
    scope: (e) => canon(e.tenantId),
    alt: (e) => canon(e.objectId),
  },
  users: {
    table: "users",
    key: (e: User) => keyOf.user(e.tenantId, e.objectId),
    scope: (e) => canon(e.tenantId),
    alt: (e) => keyOf.userUpn(e.tenantId, e.userPrincipalName),
  },
  subscriptions: {
    table: "subscriptions",
    key: (e: Subscription) => keyOf.subscription(e.id),
    scope: (e) => canon(e.tenantId),
    alt: () => null,
  },
  resourceGroups: {
    table: "resource_groups",
    key: (e: ResourceGroup) => keyOf.resourceGroup(e.subscriptionId, e.name),
    scope: (e) => canon(e.subscriptionId),
    alt: () => null,
  },
  videoIndexerAccounts: {
    table: "video_indexer_accounts",
    key: (e: VideoIndexerAccount) => keyOf.resource(e.subscriptionId, e.resourceGroup, e.name),
    scope: (e) => canon(`${e.subscriptionId}/${e.resourceGroup}`),
    alt: (e) => canon(e.accountId),
  },
  faceResources: {
    table: "face_resources",
    key: (e: FaceResource) => keyOf.resource(e.subscriptionId, e.resourceGroup, e.name),
    scope: (e) => canon(`${e.subscriptionId}/${e.resourceGroup}`),
    // The custom subdomain (for config/admin resources: the name), which Azure keeps globally unique.
    alt: (e) => {
      const sub = faceSubdomain(e);
      return sub === undefined ? null : canon(sub);
    },
  },
  roleAssignments: {
    table: "role_assignments",
    key: (e: RoleAssignment) => keyOf.roleAssignment(e.id),
    scope: (e) => canon(e.scope),
    alt: (e) => keyOf.roleAssignmentAlt(e),
  },
  signingKeys: {
    table: "signing_keys",
    key: (e: SigningKeyRecord) => keyOf.signingKey(e.kid),
    scope: (e) => e.issuer,
    // Unique: at most one active key per issuer, even when instances create keys concurrently.
    alt: (e) => keyOf.activeSigningKey(e),
  },
  providerRegistrations: {
    table: "provider_registrations",
    key: (e: ProviderRegistration) => keyOf.providerRegistration(e.subscriptionId, e.namespace),
    scope: (e) => canon(e.subscriptionId),
    alt: () => null,
  },
  settings: { table: "settings", key: (e: Setting) => keyOf.setting(e.name), scope: () => "", alt: () => null },
  livenessSessions: {
    table: "liveness_sessions",
    key: (e: LivenessSessionRecord) => keyOf.livenessSession(e.sessionId),
    scope: (e) => keyOf.livenessScope(e.subscriptionId, e.resourceGroup, e.resourceName),
    alt: () => null,
  },
  livenessSessionImages: {
    table: "liveness_session_images",
    key: (e: LivenessSessionImage) => keyOf.livenessSessionImage(e.sessionImageId),
    scope: (e) => keyOf.livenessImagesScope(e.subscriptionId, e.resourceGroup, e.resourceName, e.sessionId),
    alt: () => null,
    readCache: false,
  },
  faultRules: { table: "fault_rules", key: (e: FaultRule) => keyOf.faultRule(e.id), scope: () => "", alt: () => null },
};
