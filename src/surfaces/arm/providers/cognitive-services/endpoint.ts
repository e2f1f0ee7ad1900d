import { AZURE_HOSTNAMES } from "../../../../core/azure.js";

/**
 * The URL at which this Lazurite serves a Face resource, as ARM's `properties.endpoint` names it
 * (docs/resource-manager.md#endpoints). With a custom subdomain: path style on the origin the
 * caller used (`https://localhost:10443/{subdomain}/`), which the Face surface resolves by that
 * segment; or, when the caller reached ARM on management.azure.com (hostname mode), Azure's own
 * form `https://{subdomain}.cognitiveservices.azure.com/`, which this server answers too. Without
 * a subdomain: the bare origin, Lazurite's regional endpoint, where the key decides the resource,
 * as `https://{region}.api.cognitive.microsoft.com/` does on Azure.
 */
export function faceEndpoint(origin: string, subdomain: string | undefined): string {
  if (!subdomain) return `${origin}/`;
  const host = new URL(origin).hostname;
  if ((AZURE_HOSTNAMES.arm as readonly string[]).includes(host)) return `https://${subdomain.toLowerCase()}${AZURE_HOSTNAMES.faceSuffix}/`;
  return `${origin}/${subdomain}/`;
}
