/**
 * The resource model: what Lazurite stores. Wire shapes (ARM JSON, admin JSON) are built from
 * these in the surfaces; nothing here knows about HTTP.
 */

export interface Tenant {
  id: string;
  displayName: string;
  /** Default verified domain, used to build user principal names and `upn` claims. */
  domain: string;
}

export interface ClientSecret {
  /** Key id, as Entra's `passwordCredentials[].keyId`. */
  id: string;
  displayName?: string | undefined;
  /** First three characters, as Entra shows (`hint`). */
  hint: string;
  /** SHA-256 (hex) of the secret: secrets are high-entropy, so a fast hash is enough and keeps the token endpoint fast. */
  sha256: string;
  createdAt: string;
  expiresAt?: string | undefined;
}

export interface ClientCertificate {
  id: string;
  /** PEM of an X.509 certificate or of a SPKI public key. */
  pem: string;
  /** base64url SHA-1 of the DER certificate (`x5t`), absent for bare public keys. */
  x5t?: string | undefined;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`), absent for bare public keys. */
  x5tS256?: string | undefined;
  /** RFC 7638 thumbprint of the public key. */
  jwkThumbprint: string;
  createdAt: string;
}

export interface Application {
  tenantId: string;
  clientId: string;
  objectId: string;
  displayName: string;
  secrets: ClientSecret[];
  certificates: ClientCertificate[];
}

export interface User {
  tenantId: string;
  objectId: string;
  userPrincipalName: string;
  displayName: string;
  /** scrypt$N$r$p$salt$hash (base64url). */
  passwordHash: string;
}

export interface Subscription {
  id: string;
  tenantId: string;
  displayName: string;
  state: "Enabled" | "Disabled" | "Warned" | "PastDue" | "Deleted";
}

export interface ResourceGroup {
  subscriptionId: string;
  /** Casing as created; lookups are case-insensitive. */
  name: string;
  location: string;
  tags?: Record<string, string> | undefined;
  /** ARM's `managedBy` (the id of the resource that manages the group), when set through ARM. */
  managedBy?: string | undefined;
}

export interface SystemData {
  createdBy?: string;
  createdByType?: string;
  createdAt: string;
  lastModifiedBy?: string;
  lastModifiedByType?: string;
  lastModifiedAt: string;
}

export interface VideoIndexerAccount {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** Data-plane account id (GUID). */
  accountId: string;
  tags?: Record<string, string> | undefined;
  /** ARM properties and identity as last written through ARM (opaque to the store). */
  properties?: Record<string, unknown> | undefined;
  identity?: Record<string, unknown> | undefined;
  systemData: SystemData;
}

/**
 * A Face resource, which is also a `Microsoft.CognitiveServices/accounts` resource of kind Face on
 * ARM. Resources declared in a config file or through the admin API carry only the first six
 * fields; the ARM fields below are absent on them and ARM shows defaults (docs/resource-manager.md).
 */
export interface FaceResource {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  keys: [string, string];
  tags?: Record<string, string> | undefined;
  /** Face liveness setting `livenessAbuseMonitoring.enabled` (v1.3-preview.1 `/settings`); absent means off. */
  livenessAbuseMonitoring?: boolean | undefined;
  /**
   * The custom subdomain, globally unique and case-insensitive: the first DNS label of the
   * product-style endpoint and the segment of the path-style one. `undefined` means "the name"
   * (every config/admin resource: its name is its subdomain); `null` means none (an ARM account
   * created without `customSubDomainName`, reachable on the regional endpoint only).
   */
  customSubDomainName?: string | null | undefined;
  /** SKU name: `F0` or `S0` (absent: S0). */
  sku?: string | undefined;
  /** 32 lower-case hex digits, as ARM's `properties.internalId`. */
  internalId?: string | undefined;
  /** When the account was created through ARM (ISO 8601). */
  dateCreated?: string | undefined;
  /** The writable ARM properties last written through ARM, besides customSubDomainName (opaque to the store). */
  properties?: Record<string, unknown> | undefined;
  systemData?: SystemData | undefined;
}

export interface RoleAssignment {
  /** The assignment's name (a GUID), as in ARM's `roleAssignments/{name}`. */
  id: string;
  principalId: string;
  /** Built-in role definition GUID. */
  roleDefinitionId: string;
  /** ARM resource id of the scope, e.g. `/subscriptions/{id}/resourceGroups/{rg}`; `/` for the root scope. */
  scope: string;
  /** What an ARM PUT also records (absent on assignments made by the config file or the admin API). */
  principalType?: string | undefined;
  description?: string | undefined;
  createdOn?: string | undefined;
  updatedOn?: string | undefined;
  /** Object id of the principal that created / last updated the assignment. */
  createdBy?: string | undefined;
  updatedBy?: string | undefined;
}

/** Whether a subscription may use a resource provider namespace (ARM's provider registration). */
export interface ProviderRegistration {
  subscriptionId: string;
  /** Namespace as ARM spells it, e.g. `Microsoft.CognitiveServices`. */
  namespace: string;
  state: "Registered" | "NotRegistered";
  changedAt: string;
}

export type KeyStatus = "active" | "retired";

export interface SigningKeyRecord {
  kid: string;
  /** Issuer name: `entra:{tenantId}`, `videoIndexer` or `face`. */
  issuer: string;
  alg: string;
  status: KeyStatus;
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
  createdAt: string;
  /** When a retired key stops being published. */
  retiredAt?: string | undefined;
}

/**
 * A fault injection rule (docs/observability.md#fault-injection). Field names are the admin
 * API's, as `lazurite fault add` sends them. `remaining` counts down from `count` as instances
 * claim hits; absent, the rule applies without limit.
 */
export interface FaultRule {
  id: string;
  createdAt: string;
  surface?: string | undefined;
  operation?: string | undefined;
  method?: string | undefined;
  /** Glob over the request path (without the query): `*` within a segment, `**` across segments. */
  path?: string | undefined;
  /** Object id, client id or UPN of the caller. */
  principal?: string | undefined;
  probability: number;
  count?: number | undefined;
  remaining?: number | undefined;
  latency_ms?: number | undefined;
  error?: { status: number; code?: string | undefined; message?: string | undefined; retryAfter?: number | undefined } | undefined;
}
