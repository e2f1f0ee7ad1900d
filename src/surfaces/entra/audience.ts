import { aadErrors, type AadErrorContext } from "../../errors/entra.js";

/** The audience ARM accepts and Entra issues for ARM (`aud` of a v1 token, with its trailing slash). */
export const ARM_AUDIENCE = "https://management.azure.com/";
/** Cognitive Services (Face) tokens carry the resource without a trailing slash. */
export const COGNITIVE_SERVICES_AUDIENCE = "https://cognitiveservices.azure.com";
/** A bare permission such as `User.Read` names a Microsoft Graph permission. */
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Scopes that ask for sign-in artefacts (id token, refresh token) rather than for a resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(["openid", "profile", "offline_access", "email"]);

const DEFAULT_SUFFIX = "/.default";
const ARM_RESOURCES = new Set(["https://management.azure.com", "https://management.core.windows.net"]);
/** The ARM SDK asks for `${endpoint}/.default` (contract §8.6); a loopback endpoint means Lazurite's ARM. */
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

/**
 * The audience of a client-credentials request: the first scope ending in `/.default`, as Entra
 * requires for app-only tokens (AADSTS1002012 otherwise).
 */
export function clientCredentialsAudience(scopeParam: string, origin: string, c: AadErrorContext): string {
  const scopes = splitScopeParam(scopeParam);
  if (scopes.length === 0) throw aadErrors.missingParameter(c, "scope");
  const first = scopes.find((s) => s.endsWith(DEFAULT_SUFFIX));
  if (first === undefined) throw aadErrors.clientCredentialsScope(c, scopes.join(" "));
  const resource = first.slice(0, -DEFAULT_SUFFIX.length);
  if (!isValidResource(resource)) throw aadErrors.invalidScope(c, scopes.join(" "));
  return audienceForResource(resource, origin);
}

/** What a delegated (user) request was granted. */
export interface DelegatedGrant {
  audience: string;
  /** The `scp` claim: the permissions on that audience, space-separated. */
  scp: string;
  /** The resource scopes of the request that the token covers, as the client wrote them (the response's `scope`). */
  granted: string[];
  /** The OpenID Connect scopes asked for (`openid`, `profile`, `offline_access`, `email`), lower-cased. */
  oidc: ReadonlySet<string>;
}

/**
 * The grant of a user token request (ROPC or refresh). One token serves one resource, so the
 * first resource scope decides the audience and the permissions asked on the same audience make
 * `scp`; `.default` stands for the resource's delegated permission `user_impersonation`, which
 * ARM and Cognitive Services both expose. A request with only OpenID scopes gets a Graph token.
 */
export function delegatedGrant(scopes: string[], origin: string, c: AadErrorContext): DelegatedGrant {
  const oidc = new Set<string>();
  const resourceScopes: { scope: string; audience: string; permission: string }[] = [];
  for (const scope of scopes) {
    if (OIDC_SCOPES.has(scope.toLowerCase())) {
      oidc.add(scope.toLowerCase());
      continue;
    }
    const { resource, permission } = splitScope(scope);
    if (!isValidResource(resource) || permission.length === 0) throw aadErrors.invalidScope(c, scopes.join(" "));
    resourceScopes.push({ scope, audience: audienceForResource(resource, origin), permission });
  }
  if (resourceScopes.length === 0) {
    return { audience: GRAPH_RESOURCE, scp: [...oidc].join(" "), granted: [], oidc };
  }
  const audience = resourceScopes[0]!.audience;
  const same = resourceScopes.filter((s) => s.audience === audience);
  const permissions = [...new Set(same.map((s) => (s.permission === ".default" ? "user_impersonation" : s.permission)))];
  return { audience, scp: permissions.join(" "), granted: [...new Set(same.map((s) => s.scope))], oidc };
}
