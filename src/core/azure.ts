import type { FaceResource, VideoIndexerAccount } from "../model/entities.js";

/**
 * Azure's identifiers, audiences and issuers: facts every surface and the shared machinery agree
 * on. Sources: docs/arm.md (ARM audiences), docs/entra.md (issuers), docs/face.md (audience).
 */

/** The audiences ARM accepts, in the order its InvalidAuthenticationTokenAudience message lists them. */
export const ARM_AUDIENCES = [
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
  "https://management.azure.com/",
  "https://management.azure.com",
] as const;

/** Audiences a Cognitive Services data-plane token may carry. */
export const COGNITIVE_SERVICES_AUDIENCES = ["https://cognitiveservices.azure.com", "https://cognitiveservices.azure.com/"] as const;

/**
 * The hosts Lazurite answers on in hostname mode (`--azure-hostnames`), and which surface each is:
 * Entra ID on the login hosts, ARM on management.azure.com, Face on each resource's custom
 * subdomain, and Video Indexer's token issuer (its JWKS).
 */
export const AZURE_HOSTNAMES = {
  login: ["login.microsoftonline.com", "login.windows.net"],
  arm: ["management.azure.com"],
  faceSuffix: ".cognitiveservices.azure.com",
  videoIndexer: ["api.videoindexer.ai"],
} as const;

/** The DNS names the serving certificate must cover in hostname mode. */
export const AZURE_CERTIFICATE_NAMES: readonly string[] = [
  ...AZURE_HOSTNAMES.login,
  ...AZURE_HOSTNAMES.arm,
  `*${AZURE_HOSTNAMES.faceSuffix}`,
  ...AZURE_HOSTNAMES.videoIndexer,
];

/**
 * Issuer and audience of Video Indexer access tokens (docs/video-indexer.md#tokens): the claims the
 * ARM token operations write and a resource server (src/verify/) checks.
 */
export const VI_TOKEN_ISSUER = "https://api.videoindexer.ai/";
export const VI_TOKEN_AUDIENCE = "https://api.videoindexer.ai/";

/** The audience of Face client-assets tokens: the Azure Artifacts feed they unlock. */
export const FACE_CLIENT_ASSETS_AUDIENCE = "https://pkgs.dev.azure.com/msface/SDK/_packaging/AzureAIVision/";

/** The issuer of a Face resource's client-assets tokens: its own endpoint, as Azure names it. */
export function faceTokenIssuer(resourceName: string): string {
  return `https://${resourceName.toLowerCase()}.cognitiveservices.azure.com/`;
}

export const FACE_RESOURCE_TYPE = "Microsoft.CognitiveServices/accounts";
export const VI_ACCOUNT_TYPE = "Microsoft.VideoIndexer/accounts";

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/{type}/{name}`, the ARM id of a tracked resource. */
export function armResourceId(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${type}/${name}`;
}

export function faceResourceId(f: Pick<FaceResource, "subscriptionId" | "resourceGroup" | "name">): string {
  return armResourceId(f.subscriptionId, f.resourceGroup, FACE_RESOURCE_TYPE, f.name);
}

export function viAccountId(a: Pick<VideoIndexerAccount, "subscriptionId" | "resourceGroup" | "name">): string {
  return armResourceId(a.subscriptionId, a.resourceGroup, VI_ACCOUNT_TYPE, a.name);
}

/** The issuer of Entra's v1.0 access tokens, what ARM and Cognitive Services receive. */
export function entraV1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

const TENANT_ISSUERS = [
  /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i,
  /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0$/i,
];

/** The tenant an Entra issuer names, if it has one of the two Entra forms. */
export function tenantOfIssuer(iss: string): string | undefined {
  for (const re of TENANT_ISSUERS) {
    const m = re.exec(iss);
    if (m) return m[1]!.toLowerCase();
  }
  return undefined;
}
