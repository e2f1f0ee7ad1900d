// The requests the benchmark replays against Lazurite, as a real client sends them.
import { DEV } from "../../src/config/dev-defaults.js";
import { postForm } from "./http.js";
import type { RequestSpec } from "./load.js";

const VI_PATH = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}/generateAccessToken?api-version=2025-04-01`;
const VI_BODY = JSON.stringify({ permissionType: "Contributor", scope: "Video", videoId: "07ec9e38d4" });
const TOKEN_PATH = `/${DEV.tenantId}/oauth2/v2.0/token`;
const TOKEN_FORM = new URLSearchParams({
  grant_type: "client_credentials",
  client_id: DEV.clientId,
  client_secret: DEV.clientSecret,
  scope: "https://management.azure.com/.default",
}).toString();
export const FORM = { "content-type": "application/x-www-form-urlencoded" };
const FACE_KEY = { "ocp-apim-subscription-key": DEV.faceKey1 };

/** An ARM token for the development application, from the server at `url`. */
export async function armToken(url: string): Promise<string> {
  const r = await postForm(`${url}${TOKEN_PATH}`, TOKEN_FORM);
  if (r.status !== 200) throw new Error(`token endpoint answered ${r.status}: ${r.text}`);
  return (JSON.parse(r.text) as { access_token: string }).access_token;
}

export const viRequest = (url: string, token: string): RequestSpec => ({
  url: `${url}${VI_PATH}`,
  method: "POST",
  body: VI_BODY,
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
});
export const faceRequest = (url: string): RequestSpec => ({
  url: `${url}/face/v1.3-preview.1/settings/getClientAssetsAccessToken`,
  headers: FACE_KEY,
});
export const livenessRequest = (url: string): RequestSpec => ({
  url: `${url}/face/v1.2/detectLiveness-sessions`,
  method: "POST",
  body: JSON.stringify({ livenessOperationMode: "Passive", deviceCorrelationId: "9f05b079-ced6-6374-e65a-71fd9379bda2" }),
  headers: { ...FACE_KEY, "content-type": "application/json" },
});
export const entraRequest = (url: string): RequestSpec => ({ url: `${url}${TOKEN_PATH}`, method: "POST", body: TOKEN_FORM, headers: FORM });
