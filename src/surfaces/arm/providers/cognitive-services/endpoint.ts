/**
 * The URL at which this Lazurite serves a Face resource, as ARM's `properties.endpoint` names it
 * (docs/resource-manager.md#endpoints). With a custom subdomain: path style on the origin the
 * caller used (`https://localhost:10443/{subdomain}/`), which the Face surface resolves by that
 * segment. Without one: the bare origin, Lazurite's regional endpoint, where the key decides the
 * resource, as `https://{region}.api.cognitive.microsoft.com/` does on Azure.
 *
 * Hostname mode (`https://{subdomain}.cognitiveservices.azure.com/`) extends this function.
 */
export function faceEndpoint(origin: string, subdomain: string | undefined): string {
  return subdomain ? `${origin}/${subdomain}/` : `${origin}/`;
}
