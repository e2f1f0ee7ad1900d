/**
 * The api-versions of Microsoft.VideoIndexer that Lazurite serves, and what differs between them
 * (docs/video-indexer.md#api-versions). Facts read in `Azure/azure-rest-api-specs` (`specification/vi/resource-manager/
 * Microsoft.VideoIndexer/VideoIndexer/{preview,stable}/{version}/vi.json`) are marked [S]; the rest
 * are Lazurite's choices [U], documented in docs/video-indexer.md.
 *
 * The token operations' request and response JSON has not changed since 2021-10-18-preview, so one
 * handler serves every version and only validation, error shape and the set of operations vary.
 */

export const VI_PROVIDER = "Microsoft.VideoIndexer";
export { VI_ACCOUNT_TYPE } from "../../../../core/azure.js";

export type ViScope = "Video" | "Account" | "Project";

export interface ViApiVersion {
  version: string;
  /**
   * `local`: the spec's own ErrorResponse `{error: {code, message, details}}` (no `target`) [S];
   * `common-v5`: common-types v5 ErrorResponse, which adds `target` and `additionalInfo` [S].
   */
  errorSchema: "local" | "common-v5";
  /**
   * `legacy`: `^[a-z0-9]+(-[a-z0-9]+)*` (end not anchored), maxLength 50, no minLength [S] (the three
   * 2021 previews); `current`: `^[A-Za-z0-9-]+$`, 3 to 50 [S] (2022-04-13-preview and later).
   */
  accountName: "legacy" | "current";
  /** `mediaServices` until 2022-08-01, `storageServices` from 2024-01-01 [S]. */
  storageProperty: "mediaServices" | "storageServices";
  /** `openAiServices` and `totalMinutesIndexed` in account properties [S for 2024-09-23-preview and 2025-*]. */
  openAi: boolean;
  /** `publicNetworkAccess` in account properties (with private endpoints) [S for 2025-04-01; U for 2024-06-01-preview]. */
  publicNetworkAccess: boolean;
  /** `generateRestrictedViewerAccessToken` exists [S: 2022-07-20-preview, 2024-01-01 and later; absent from 2022-08-01]. */
  restrictedViewer: boolean;
  /** `scope` values the extension (Arc) token operations accept; null when they do not exist [S]. */
  extensionScopes: readonly ViScope[] | null;
  /** Private endpoint connections and private link resources exist [S: 2024-06-01-preview (PR #29266), 2025-04-01]. */
  privateLinks: boolean;
  /** `display.provider` in Operations_List: the product was "Azure Video Analyzer for Media" in the 2021 previews [S]. */
  providerDisplayName: string;
}

const AVAM = "Microsoft Azure Video Analyzer for Media";
const AVI = "Microsoft Azure Video Indexer";

function v(version: string, p: Partial<ViApiVersion>): ViApiVersion {
  return {
    version,
    errorSchema: "local",
    accountName: "current",
    storageProperty: "storageServices",
    openAi: false,
    publicNetworkAccess: false,
    restrictedViewer: true,
    extensionScopes: null,
    privateLinks: false,
    providerDisplayName: AVI,
    ...p,
  };
}

/** Oldest first. 2025-03-01 has no readme tag upstream but exists as a stable folder (docs/video-indexer.md#where-the-version-facts-come-from); it is served [U]. */
export const VI_API_VERSIONS: readonly ViApiVersion[] = [
  v("2021-10-18-preview", { accountName: "legacy", storageProperty: "mediaServices", restrictedViewer: false, providerDisplayName: AVAM }),
  v("2021-10-27-preview", { accountName: "legacy", storageProperty: "mediaServices", restrictedViewer: false, providerDisplayName: AVAM }),
  v("2021-11-10-preview", { accountName: "legacy", storageProperty: "mediaServices", restrictedViewer: false, providerDisplayName: AVAM }),
  v("2022-04-13-preview", { storageProperty: "mediaServices", restrictedViewer: false }),
  v("2022-07-20-preview", { storageProperty: "mediaServices" }),
  v("2022-08-01", { storageProperty: "mediaServices", restrictedViewer: false }),
  v("2024-01-01", {}),
  v("2024-04-01-preview", {}),
  v("2024-06-01-preview", { privateLinks: true, publicNetworkAccess: true }),
  v("2024-09-23-preview", { openAi: true }),
  v("2025-01-01", { openAi: true }),
  v("2025-03-01", { openAi: true, extensionScopes: ["Video", "Account"] }),
  v("2025-04-01", {
    openAi: true,
    errorSchema: "common-v5",
    extensionScopes: ["Video", "Account", "Project"],
    privateLinks: true,
    publicNetworkAccess: true,
  }),
];

export const NEWEST_VI_API_VERSION = VI_API_VERSIONS[VI_API_VERSIONS.length - 1]!;

/**
 * The regions where ARM accepts Microsoft.VideoIndexer/accounts, as named in NoRegisteredProviderFound
 * and LocationNotAvailableForResourceType [U]: the public-cloud regions where Azure AI Video Indexer
 * is offered (Learn "regions" page, 2025), in ARM's normalised form.
 */
export const VI_LOCATIONS: readonly string[] = [
  "australiaeast",
  "brazilsouth",
  "canadacentral",
  "centralindia",
  "centralus",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "japaneast",
  "japanwest",
  "koreacentral",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "swedencentral",
  "switzerlandnorth",
  "uaenorth",
  "uksouth",
  "westcentralus",
  "westeurope",
  "westus",
  "westus2",
  "westus3",
];

/** ARM's canonical location form: `North Europe`, `NorthEurope` → `northeurope`. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

/**
 * What ARM routes by: each family is a resource type (or an action on one) with its own list of
 * api-versions. An api-version that a family does not have gets NoRegisteredProviderFound naming
 * that family's type and versions [U for the action families; ARM has per-type version lists].
 */
export type ViFamily =
  | "operations"
  | "checkNameAvailability"
  | "accounts"
  | "accounts/generateRestrictedViewerAccessToken"
  | "accounts/generateExtensionAccessToken"
  | "accounts/generateExtensionRestrictedViewerAccessToken"
  | "accounts/privateEndpointConnections"
  | "accounts/privateLinkResources";

export function familyHas(family: ViFamily, p: ViApiVersion): boolean {
  switch (family) {
    case "accounts/generateRestrictedViewerAccessToken":
      return p.restrictedViewer;
    case "accounts/generateExtensionAccessToken":
    case "accounts/generateExtensionRestrictedViewerAccessToken":
      return p.extensionScopes !== null;
    case "accounts/privateEndpointConnections":
    case "accounts/privateLinkResources":
      return p.privateLinks;
    default:
      return true;
  }
}

export function versionsOf(family: ViFamily): string[] {
  return VI_API_VERSIONS.filter((p) => familyHas(family, p)).map((p) => p.version);
}

/** The profile ARM would route `apiVersion` to, or undefined when the version is unknown. Matching ignores case. */
export function findApiVersion(apiVersion: string): ViApiVersion | undefined {
  const want = apiVersion.toLowerCase();
  return VI_API_VERSIONS.find((p) => p.version === want);
}
