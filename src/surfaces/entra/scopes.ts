import { aadErrors, type AadErrorContext } from "./errors.js";
import {
  audienceForResource,
  DEFAULT_SUFFIX,
  GRAPH_RESOURCE,
  isValidResource,
  OIDC_SCOPES,
  splitScope,
  splitScopeParam,
} from "../../issuance/audiences.js";

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
