import type { ApiProfile, ApiVersionPolicy, ArmCall } from "../../chain/operation.js";
import { armErrors } from "../../errors.js";
import { normalizeRegion, REGION_NAMES } from "../../locations.js";
import { keyOf } from "../../../../store/collections.js";

/**
 * The api-versions of Microsoft.CognitiveServices that Lazurite serves, and what differs between
 * them, as data (docs/resource-manager.md#cognitive-services-api-versions). Marks: [S] a spec
 * folder upstream (`specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices`),
 * [V] sent by a client verified in docs/resource-manager.md, [R] a recording of the real service,
 * [U] Lazurite's choice. The account JSON did not change in what Lazurite serves, except where a
 * field below says so.
 */

export const CS_PROVIDER = "Microsoft.CognitiveServices";

export interface CsApiVersion extends ApiProfile {
  version: string;
  errorSchema: "common-v5";
  /**
   * How an account PUT that creates answers: `asyncOperation` = 201 `Creating` with an
   * `Azure-AsyncOperation` URL that answers Succeeded [R: 2023-05-01 crud recording];
   * `synchronous` = 201 `Succeeded`, no polling header [R: 2017-04-18 custom-domain recording].
   */
  create: "asyncOperation" | "synchronous";
  /** `properties.endpoints` (API name → URL) in the account [R: 2023-05-01; U: from which version]. */
  endpointsMap: boolean;
  mark: string;
}

function v(version: string, mark: string, p: Partial<CsApiVersion> = {}): CsApiVersion {
  return { version, errorSchema: "common-v5", create: "asyncOperation", endpointsMap: version >= "2023-05-01", mark, ...p };
}

/** Oldest first. */
export const CS_API_VERSIONS: readonly CsApiVersion[] = [
  v("2017-04-18", "[S] [R]", { create: "synchronous" }),
  v("2021-04-30", "[S]"),
  v("2021-10-01", "[S]"),
  v("2022-03-01", "[S]"),
  v("2022-10-01", "[S] [V: @azure/arm-cognitiveservices 7.3]"),
  v("2022-12-01", "[S] [V: @azure/arm-cognitiveservices 7.4, Azure CLI 2.45]"),
  v("2023-05-01", "[S] [R] [V: @azure/arm-cognitiveservices 7.5, Azure CLI 2.50]"),
  v("2023-10-01-preview", "[S]"),
  v("2024-10-01", "[S]"),
  v("2025-06-01", "[S]"),
  v("2025-09-01", "[S] [V: @azure/arm-cognitiveservices 8.1]"),
];

export const NEWEST_CS_API_VERSION = CS_API_VERSIONS[CS_API_VERSIONS.length - 1]!;
export const CS_VERSION_NAMES = CS_API_VERSIONS.map((p) => p.version);

/** The Cognitive Services account kinds Lazurite serves: Face only (docs/resource-manager.md#kinds-and-skus). */
export const CS_KINDS = ["Face"] as const;
/** Face's SKUs [O: Azure/azure-rest-api-specs#14669] with their tiers [U]. */
export const FACE_SKUS: readonly { name: string; tier: string }[] = [
  { name: "F0", tier: "Free" },
  { name: "S0", tier: "Standard" },
];

/** Where ARM would say a request goes, for NoRegisteredProviderFound: the path's location, the account's, the group's [U]. */
async function locationOf(call: ArmCall): Promise<string> {
  const { subscriptionId, resourceGroupName, accountName, location } = call.params;
  if (location) return normalizeRegion(location);
  if (!subscriptionId || !resourceGroupName) return "global";
  if (accountName) {
    const f = await call.ctx.store.faceResources.get(keyOf.resource(subscriptionId, resourceGroupName, accountName));
    if (f) return normalizeRegion(f.location);
  }
  const rg = await call.ctx.store.resourceGroups.get(keyOf.resourceGroup(subscriptionId, resourceGroupName));
  return rg ? normalizeRegion(rg.location) : "global";
}

/**
 * The version profile, or NoRegisteredProviderFound naming `resourceType`, the versions and the
 * regions (ARM routes by provider and type, as for Video Indexer). `--skip-api-version-check`
 * serves unknown versions as the newest.
 */
export function csApiVersions(resourceType: string): ApiVersionPolicy<CsApiVersion> {
  return {
    async resolve(raw, call) {
      const hit = CS_API_VERSIONS.find((p) => p.version === raw.toLowerCase());
      if (hit) return hit;
      if (call.ctx.settings.skipApiVersionCheck) return NEWEST_CS_API_VERSION;
      throw armErrors.noRegisteredProvider(await locationOf(call), raw, resourceType, CS_VERSION_NAMES, [...REGION_NAMES]);
    },
  };
}
