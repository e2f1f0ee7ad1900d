/**
 * Resource identifiers and the `aud` claims Entra issues for them, shared by the token endpoint
 * and the managed-identity endpoint (and anything else that mints Entra access tokens).
 */

/** The audience ARM accepts and Entra issues for ARM (`aud` of a v1 token, with its trailing slash). */
export const ARM_AUDIENCE = "https://management.azure.com/";
/** Cognitive Services (Face) tokens carry the resource without a trailing slash. */
export const COGNITIVE_SERVICES_AUDIENCE = "https://cognitiveservices.azure.com";
/** A bare permission such as `User.Read` names a Microsoft Graph permission. */
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Scopes that ask for sign-in artefacts (id token, refresh token) rather than for a resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(["openid", "profile", "offline_access", "email"]);

export const DEFAULT_SUFFIX = "/.default";
const ARM_RESOURCES = new Set(["https://management.azure.com", "https://management.core.windows.net"]);
/** The ARM SDK asks for `${endpoint}/.default` (docs/arm.md#arm-sdk-gotchas); a loopback endpoint means Lazurite's ARM. */
const LOOPBACK = /^https:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;
/** Printable ASCII without spaces: what a resource identifier (a URI or a GUID) can contain. */
const RESOURCE_CHARS = /^[\x21-\x7e]+$/;

/**
 * The `aud` claim for a resource identifier (a scope without its permission, or a managed
 * identity's `resource`). ARM's aliases and any URL that points at this server (`origin`, e.g.
 * `https://localhost:10443`) or at a loopback address become the ARM audience; Cognitive Services
 * loses its trailing slash; anything else is the audience as given.
 */
export function audienceForResource(resource: string, origin?: string): string {
  const base = resource.toLowerCase().replace(/\/+$/, "");
  if (ARM_RESOURCES.has(base)) return ARM_AUDIENCE;
  if (base === COGNITIVE_SERVICES_AUDIENCE) return COGNITIVE_SERVICES_AUDIENCE;
  if (origin !== undefined && base === origin.toLowerCase()) return ARM_AUDIENCE;
  if (LOOPBACK.test(base)) return ARM_AUDIENCE;
  return resource;
}

/** A managed-identity `resource` may arrive with the `/.default` a scope carries; msal strips it, curl users may not. */
export function audienceForManagedIdentityResource(resource: string, origin?: string): string {
  const r = resource.endsWith(DEFAULT_SUFFIX) ? resource.slice(0, -DEFAULT_SUFFIX.length) : resource;
  return audienceForResource(r, origin);
}

/** The space-separated scope parameter as a list (URL decoding has already turned `+` into spaces). */
export function splitScopeParam(scope: string | undefined): string[] {
  return (scope ?? "").split(/\s+/).filter((s) => s.length > 0);
}

/**
 * A scope's resource and permission, split at the last `/`: `https://management.azure.com/.default`
 * is ARM's `.default`; `https://management.core.windows.net//user_impersonation` keeps the
 * resource's trailing slash, as the Azure CLI writes it; a bare `User.Read` is a Graph permission.
 */
export function splitScope(scope: string): { resource: string; permission: string } {
  const i = scope.lastIndexOf("/");
  if (i < 0) return { resource: GRAPH_RESOURCE, permission: scope };
  return { resource: scope.slice(0, i), permission: scope.slice(i + 1) };
}

/** Whether a resource identifier can name anything at all (Entra then looks it up; Lazurite accepts any). */
export function isValidResource(resource: string): boolean {
  return resource.length > 0 && resource.length <= 2048 && RESOURCE_CHARS.test(resource) && resource !== "/";
}
