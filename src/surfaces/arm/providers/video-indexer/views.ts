import type { VideoIndexerAccount } from "../../../../model/entities.js";
import { guidFromName } from "../../../../model/ids.js";
import { keyOf } from "../../../../store/collections.js";
import { VI_ACCOUNT_TYPE, type ViApiVersion } from "./api-versions.js";
import type { StoredIdentity, StoredProperties } from "./account-body.js";

/** The ARM resource id, with the casing each name was created with (docs/arm.md#url-handling). */
export function accountId(a: Pick<VideoIndexerAccount, "subscriptionId" | "resourceGroup" | "name">): string {
  return `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/${VI_ACCOUNT_TYPE}/${a.name}`;
}

/**
 * Managed identity as ARM returns it: the request's type and user-assigned ids, with the
 * principal and client ids Azure would have created. They are derived from the account and the
 * identity id, so they stay stable across reads and restarts [U: real values are random GUIDs].
 */
function identityView(a: VideoIndexerAccount, tenantId: string): Record<string, unknown> | undefined {
  const id = a.identity as StoredIdentity | undefined;
  if (!id) return undefined;
  const key = keyOf.resource(a.subscriptionId, a.resourceGroup, a.name);
  const out: Record<string, unknown> = {};
  if (id.type === "SystemAssigned" || id.type === "SystemAssigned,UserAssigned") {
    out["principalId"] = guidFromName("vi-system-identity", key);
    out["tenantId"] = tenantId;
  }
  out["type"] = id.type;
  if (id.userAssignedIdentities?.length) {
    out["userAssignedIdentities"] = Object.fromEntries(
      id.userAssignedIdentities.map((uai) => [
        uai,
        { principalId: guidFromName("vi-uai-principal", uai.toLowerCase()), clientId: guidFromName("vi-uai-client", uai.toLowerCase()) },
      ]),
    );
  }
  return out;
}

/**
 * The Account resource (vi.json `Account`) as version `p` shows it. Read-only properties are
 * computed: `tenantId` (the subscription's tenant), `accountName`, zero usage counters, and
 * `provisioningState: Succeeded` (creation is synchronous, as the spec's non-LRO PUT says).
 */
export function accountView(a: VideoIndexerAccount, tenantId: string, p: ViApiVersion): Record<string, unknown> {
  const stored = (a.properties ?? {}) as StoredProperties;
  const properties: Record<string, unknown> = { tenantId, accountId: a.accountId, accountName: a.name };
  const storage = stored[p.storageProperty];
  if (storage) properties[p.storageProperty] = storage;
  if (p.openAi && stored.openAiServices) properties["openAiServices"] = stored.openAiServices;
  properties["totalSecondsIndexed"] = 0;
  if (p.openAi) properties["totalMinutesIndexed"] = 0;
  if (p.publicNetworkAccess && stored.publicNetworkAccess) properties["publicNetworkAccess"] = stored.publicNetworkAccess;
  properties["provisioningState"] = "Succeeded";
  const identity = identityView(a, tenantId);
  return {
    id: accountId(a),
    name: a.name,
    type: VI_ACCOUNT_TYPE,
    location: a.location,
    tags: a.tags ?? {},
    systemData: a.systemData,
    properties,
    ...(identity ? { identity } : {}),
  };
}

/** `AccessToken` */
export function accessTokenView(token: string): { accessToken: string } {
  return { accessToken: token };
}

// ---- Operations_List ----------------------------------------------------------------------

interface OperationEntry {
  name: string;
  resource: string;
  operation: string;
  description: string;
  /** Present only in versions where `p` says so. */
  when?: (p: ViApiVersion) => boolean;
}

/**
 * The RBAC operations of Microsoft.VideoIndexer. Names: [S] the 2024-09-23-preview Operations_List
 * example (accounts read/write/delete) and the "Video Indexer Account Contributor" role definition
 * (the actions, docs/research/entra-rbac.md §1); display texts follow the example's style [U].
 */
const OPERATIONS: OperationEntry[] = [
  {
    name: "Microsoft.VideoIndexer/operations/read",
    resource: "Operations",
    operation: "Read operations",
    description: "Read the operations of the Video Indexer resource provider",
  },
  {
    name: "Microsoft.VideoIndexer/checknameavailability/action",
    resource: "Account",
    operation: "Check account name availability",
    description: "Checks that the Video Indexer account name is valid and is not already in use",
  },
  { name: "Microsoft.VideoIndexer/accounts/read", resource: "Account", operation: "Read accounts", description: "Read accounts" },
  { name: "Microsoft.VideoIndexer/accounts/write", resource: "Account", operation: "Update accounts", description: "Update accounts" },
  { name: "Microsoft.VideoIndexer/accounts/delete", resource: "Account", operation: "Delete accounts", description: "Delete accounts" },
  {
    name: "Microsoft.VideoIndexer/accounts/generateAccessToken/action",
    resource: "Account",
    operation: "Generate access token",
    description: "Generate an access token for the account's data plane",
  },
  {
    name: "Microsoft.VideoIndexer/accounts/generateRestrictedViewerAccessToken/action",
    resource: "Account",
    operation: "Generate restricted viewer access token",
    description: "Generate a restricted viewer access token for the account's data plane",
    when: (p) => p.restrictedViewer,
  },
  {
    name: "Microsoft.VideoIndexer/accounts/generateExtensionAccessToken/action",
    resource: "Account",
    operation: "Generate extension access token",
    description: "Generate an access token for a Video Indexer Arc extension",
    when: (p) => p.extensionScopes !== null,
  },
  {
    name: "Microsoft.VideoIndexer/accounts/generateExtensionRestrictedViewerAccessToken/action",
    resource: "Account",
    operation: "Generate extension restricted viewer access token",
    description: "Generate a restricted viewer access token for a Video Indexer Arc extension",
    when: (p) => p.extensionScopes !== null,
  },
  {
    name: "Microsoft.VideoIndexer/accounts/privateEndpointConnections/read",
    resource: "Private endpoint connection",
    operation: "Read private endpoint connections",
    description: "Read private endpoint connections",
    when: (p) => p.privateLinks,
  },
  {
    name: "Microsoft.VideoIndexer/accounts/privateEndpointConnections/write",
    resource: "Private endpoint connection",
    operation: "Update private endpoint connections",
    description: "Update private endpoint connections",
    when: (p) => p.privateLinks,
  },
  {
    name: "Microsoft.VideoIndexer/accounts/privateEndpointConnections/delete",
    resource: "Private endpoint connection",
    operation: "Delete private endpoint connections",
    description: "Delete private endpoint connections",
    when: (p) => p.privateLinks,
  },
  {
    name: "Microsoft.VideoIndexer/accounts/privateLinkResources/read",
    resource: "Private link resource",
    operation: "Read private link resources",
    description: "Read private link resources",
    when: (p) => p.privateLinks,
  },
];

/** `OperationListResult` for version `p` (one page, no nextLink). */
export function operationsView(p: ViApiVersion): { value: unknown[] } {
  return {
    value: OPERATIONS.filter((o) => !o.when || o.when(p)).map((o) => ({
      name: o.name,
      isDataAction: false,
      display: { provider: p.providerDisplayName, resource: o.resource, operation: o.operation, description: o.description },
      origin: "user,system",
    })),
  };
}
