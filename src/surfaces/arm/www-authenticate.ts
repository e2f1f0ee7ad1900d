/**
 * ARM's 401 challenge (docs/arm.md#www-authenticate-on-401): the subscription's home tenant in authorization_uri, so
 * tools can discover which tenant to get a token from.
 */
export function armChallenge(tenantId: string | undefined, description: string): string {
  const uri = `https://login.windows.net/${tenantId ?? ""}`;
  return `Bearer authorization_uri="${uri}", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
}

export const MISSING_HEADER_DESCRIPTION = "The authentication failed because of missing 'Authorization' header.";
