import { decodeJwt } from "jose";
import { requestEntraToken, type EntraGrant } from "../client/entra-credential.js";
import { http, type HttpResponse as HttpsAnswer } from "../client/http.js";

/**
 * The four ways `lazurite token` gets a token, each over HTTPS from a running server exactly as an
 * Azure client would: Entra's token endpoint, Face's getClientAssetsAccessToken, ARM's Video
 * Indexer generateAccessToken (after an Entra token for ARM), and the managed-identity endpoint.
 */

export interface Server {
  url: string;
  ca: string | undefined;
}

export interface IssuedToken {
  accessToken: string;
  expiresOn: Date;
  tenant?: string | undefined;
  subscription?: string | undefined;
}

export const ARM_SCOPE = "https://management.azure.com/.default";
export const COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";
export const FACE_API_VERSION = "v1.3-preview.1";
export const VI_API_VERSION = "2025-04-01";
export const MSI_API_VERSION = "2019-08-01";

/** The service's own error, as its envelope spells it. */
function refused(what: string, res: HttpsAnswer): Error {
  const body = res.json as { error?: unknown; error_description?: string; message?: string } | undefined;
  const e = body?.error;
  if (e && typeof e === "object") {
    const { code, message } = e as { code?: string; message?: string };
    return new Error(`${what}: HTTP ${res.status} ${code ?? ""}: ${message ?? ""}`.trim());
  }
  if (typeof e === "string") return new Error(`${what}: HTTP ${res.status} ${e}: ${body?.error_description ?? ""}`.trim());
  return new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`.trim());
}

function tidOf(token: string): string | undefined {
  try {
    const tid = decodeJwt(token).tid;
    return typeof tid === "string" ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Entra: client_credentials or password at `{url}/{tenant}/oauth2/v2.0/token`. */
export async function entraToken(s: Server, tenantId: string, grant: EntraGrant, scope: string): Promise<IssuedToken> {
  const started = Date.now();
  const r = await requestEntraToken({ authorityHost: s.url, tenantId, grant, ca: s.ca }, scope.split(/\s+/).filter(Boolean));
  return { accessToken: r.access_token, expiresOn: new Date(started + r.expires_in * 1000), tenant: tidOf(r.access_token) ?? tenantId };
}

export type FaceAuth = { kind: "key"; key: string } | { kind: "bearer"; token: IssuedToken };

/** Face: `GET {url}/{resource}/face/v1.3-preview.1/settings/getClientAssetsAccessToken`, by key or bearer. */
export async function faceToken(s: Server, resource: string, auth: FaceAuth): Promise<IssuedToken> {
  const res = await http(new URL(`/${encodeURIComponent(resource)}/face/${FACE_API_VERSION}/settings/getClientAssetsAccessToken`, s.url), {
    headers: auth.kind === "key" ? { "ocp-apim-subscription-key": auth.key } : { authorization: `Bearer ${auth.token.accessToken}` },
    ca: s.ca,
  });
  const body = res.json as { accessToken?: string; expiry?: string } | undefined;
  if (res.status !== 200 || typeof body?.accessToken !== "string") throw refused("Face getClientAssetsAccessToken", res);
  return {
    accessToken: body.accessToken,
    expiresOn: new Date(body.expiry ?? 0),
    tenant: auth.kind === "bearer" ? auth.token.tenant : undefined,
  };
}

export interface ViTokenRequest {
  subscriptionId: string;
  resourceGroup: string;
  account: string;
  permission: "Reader" | "Contributor" | "RestrictedViewer";
  scope: "Account" | "Project" | "Video";
  videoId?: string | undefined;
  projectId?: string | undefined;
  apiVersion: string;
}

/** Video Indexer: ARM `generateAccessToken` (or `generateRestrictedViewerAccessToken`) with an ARM token. */
export async function viToken(s: Server, arm: IssuedToken, r: ViTokenRequest): Promise<IssuedToken> {
  const restricted = r.permission === "RestrictedViewer";
  const path =
    `/subscriptions/${encodeURIComponent(r.subscriptionId)}/resourceGroups/${encodeURIComponent(r.resourceGroup)}` +
    `/providers/Microsoft.VideoIndexer/accounts/${encodeURIComponent(r.account)}/` +
    (restricted ? "generateRestrictedViewerAccessToken" : "generateAccessToken");
  const url = new URL(path, s.url);
  url.searchParams.set("api-version", r.apiVersion);
  const body: Record<string, string> = { scope: r.scope };
  if (!restricted) body.permissionType = r.permission;
  if (r.videoId !== undefined) body.videoId = r.videoId;
  if (r.projectId !== undefined) body.projectId = r.projectId;
  const res = await http(url, { method: "POST", headers: { authorization: `Bearer ${arm.accessToken}` }, body, ca: s.ca });
  const answer = res.json as { accessToken?: string } | undefined;
  if (res.status !== 200 || typeof answer?.accessToken !== "string") throw refused("Video Indexer token", res);
  const exp = decodeJwt(answer.accessToken).exp ?? 0;
  return { accessToken: answer.accessToken, expiresOn: new Date(exp * 1000), tenant: arm.tenant, subscription: r.subscriptionId };
}

/** Managed identity: App Service's `GET {url}/msi/token` with `X-IDENTITY-HEADER`. */
export async function msiToken(s: Server, header: string, resource: string, clientId: string | undefined): Promise<IssuedToken> {
  const url = new URL("/msi/token", s.url);
  url.searchParams.set("api-version", MSI_API_VERSION);
  url.searchParams.set("resource", resource);
  if (clientId !== undefined) url.searchParams.set("client_id", clientId);
  const res = await http(url, { headers: { "x-identity-header": header }, ca: s.ca });
  const body = res.json as { access_token?: string; expires_on?: string } | undefined;
  if (res.status !== 200 || typeof body?.access_token !== "string") throw refused("managed identity", res);
  return { accessToken: body.access_token, expiresOn: new Date(Number(body.expires_on) * 1000), tenant: tidOf(body.access_token) };
}
