import { admin, call, enc } from "./api";
import type { FaceResource, Principal, VideoIndexerAccount } from "./types";

/**
 * Minting a token the way an application would, through the documented APIs only: a temporary
 * client secret from the admin API, an Entra ID client-credentials token, then the resource's own
 * token operation (ARM generateAccessToken, Face getClientAssetsAccessToken). The principal needs
 * the role the operation asks for, exactly as with a real client (docs/dashboard.md#tokens).
 */
export type Report = (step: string) => void;

export const ARM_AUDIENCE_SCOPE = "https://management.azure.com/.default";
export const COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";
export const VI_API_VERSION = "2025-04-01";
export const FACE_API_VERSION = "v1.3-preview.1";

async function entraToken(app: Principal, scope: string, report: Report): Promise<string> {
  if (app.kind !== "application" || !app.clientId)
    throw new Error("Only an application can be given a temporary secret; choose an application.");
  const secrets = `/tenants/${enc(app.tenantId)}/applications/${enc(app.clientId)}/secrets`;
  report(`Admin API: a temporary client secret for ${app.name} (removed again below).`);
  const expiresAt = new Date(Date.now() + 10 * 60_000).toISOString();
  const s = await admin<{ id: string; secret: string }>("POST", secrets, { displayName: "dashboard token (temporary)", expiresAt });
  try {
    report(`Entra ID: client-credentials token for ${scope}.`);
    const res = await call(`/${enc(app.tenantId)}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: app.clientId, client_secret: s.secret, scope }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  } finally {
    report("Admin API: temporary secret removed.");
    await admin("DELETE", `${secrets}/${enc(s.id)}`);
  }
}

export interface ViRequest {
  permissionType: "Contributor" | "Reader";
  scope: "Account" | "Project" | "Video";
  videoId?: string;
  projectId?: string;
}

export async function mintVideoIndexerToken(app: Principal, a: VideoIndexerAccount, body: ViRequest, report: Report): Promise<string> {
  const bearer = await entraToken(app, ARM_AUDIENCE_SCOPE, report);
  report(`ARM: generateAccessToken on ${a.name} (api-version ${VI_API_VERSION}).`);
  const path = `/subscriptions/${enc(a.subscriptionId)}/resourceGroups/${enc(a.resourceGroup)}/providers/Microsoft.VideoIndexer/accounts/${enc(a.name)}/generateAccessToken`;
  const res = await call(`${path}?api-version=${VI_API_VERSION}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function mintFaceToken(app: Principal, f: FaceResource, report: Report): Promise<string> {
  const bearer = await entraToken(app, COGNITIVE_SERVICES_SCOPE, report);
  report(`Face: getClientAssetsAccessToken on ${f.name} (${FACE_API_VERSION}).`);
  const res = await call(`/${enc(f.name)}/face/${FACE_API_VERSION}/settings/getClientAssetsAccessToken`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}
