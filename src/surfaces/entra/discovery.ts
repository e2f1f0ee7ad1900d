import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { aadErrors } from "./errors.js";
import { ISSUERS } from "../../keys/key-service.js";
import type { AppContext } from "../../core/context.js";
import { AZURE_HOSTNAMES, entraV1Issuer } from "../../core/azure.js";
import { v2Issuer } from "../../issuance/entra-claims.js";
import { requestOrigin } from "../../core/request-origin.js";
import { aadContext } from "./request-context.js";
import { CUSTOM_HOST_AUTHORITY, namesNoTenant, parseTenantSegment, resolveTenant } from "./tenant-resolver.js";
import { tenantJwks } from "../../issuance/entra-tokens.js";

/**
 * Where a discovery document points: `pathTenant` goes into endpoint URLs, `issuerTenant` into
 * the issuer. They differ only for an alias, whose issuer Entra templates as `{tenantid}`.
 */
interface DocTenant {
  pathTenant: string;
  issuerTenant: string;
}

/** The v2.0 OpenID configuration, with Entra's fields in Entra's order (research §5), every URL on `origin`. */
export function openIdConfigurationV2(origin: string, t: DocTenant): Record<string, unknown> {
  const base = `${origin}/${t.pathTenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2Issuer(origin, t.issuerTenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    ...CLOUD_FIELDS,
  };
}

/** Fields both documents end with: the public cloud Lazurite stands in for. */
const CLOUD_FIELDS = {
  tenant_region_scope: "WW",
  cloud_instance_name: "microsoftonline.com",
  cloud_graph_host_name: "graph.windows.net",
  msgraph_host: "graph.microsoft.com",
  rbac_url: "https://pas.windows.net",
};

/** The v1 OpenID configuration: `sts.windows.net` issuer (what v1 access tokens carry), v1 endpoints. */
export function openIdConfigurationV1(origin: string, t: DocTenant): Record<string, unknown> {
  const base = `${origin}/${t.pathTenant}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid"],
    issuer: t.issuerTenant === "{tenantid}" ? "https://sts.windows.net/{tenantid}/" : entraV1Issuer(t.issuerTenant),
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "amr",
      "nonce",
      "email",
      "given_name",
      "family_name",
      "nickname",
    ],
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    ...CLOUD_FIELDS,
  };
}

/**
 * msal's instance-discovery answer (`/common/discovery/instance`), pointing at this server, so
 * that a client that cannot turn instance discovery off still resolves its authority here.
 */
export function instanceDiscovery(origin: string, host: string, tenant: string): Record<string, unknown> {
  // On Entra's own hosts (hostname mode) the aliases are Entra's: msal keys its cache by them.
  const login = (AZURE_HOSTNAMES.login as readonly string[]).includes(host.toLowerCase());
  const metadata = login
    ? { preferred_network: "login.microsoftonline.com", preferred_cache: "login.windows.net", aliases: [...ENTRA_ALIASES] }
    : { preferred_network: host, preferred_cache: host, aliases: [host] };
  return {
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [metadata],
  };
}

/** The public cloud's authority aliases, as Entra's instance discovery lists them [C] (docs/entra.md). */
const ENTRA_ALIASES = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"];

/** Discovery is public and cacheable, like Entra's (which sends `max-age=86400, private`). */
function publicDocument(reply: FastifyReply, body: unknown, cacheControl = "max-age=86400, private"): FastifyReply {
  return reply.headers({ "cache-control": cacheControl, "access-control-allow-origin": "*" }).send(body);
}

export function registerDiscovery(app: FastifyInstance, ctx: AppContext): void {
  /** The tenant of a discovery URL: a real tenant's GUID, or an alias kept as written. */
  const docTenant = async (req: FastifyRequest): Promise<DocTenant> => {
    const segment = (req.params as { tenant: string }).tenant;
    const parsed = parseTenantSegment(segment);
    if (parsed.kind === "alias") return { pathTenant: parsed.alias, issuerTenant: "{tenantid}" };
    if (parsed.kind === "custom-host") return { pathTenant: CUSTOM_HOST_AUTHORITY, issuerTenant: "{tenantid}" };
    const t = await resolveTenant(ctx.store, segment, aadContext(ctx, req));
    return { pathTenant: t.id, issuerTenant: t.id };
  };

  app.get("/:tenant/v2.0/.well-known/openid-configuration", async (req, reply) =>
    publicDocument(reply, openIdConfigurationV2(requestOrigin(req), await docTenant(req))),
  );
  app.get("/:tenant/.well-known/openid-configuration", async (req, reply) => {
    const t = await docTenant(req);
    // MSAL reads an AD FS authority's document here (no /v2.0) and speaks v2 to its token endpoint.
    const document = t.pathTenant === CUSTOM_HOST_AUTHORITY ? openIdConfigurationV2 : openIdConfigurationV1;
    return publicDocument(reply, document(requestOrigin(req), t));
  });

  // Keys change on rotation, so they are cached briefly, like /.well-known/jwks.json.
  const keys = async (req: FastifyRequest, reply: FastifyReply) => {
    const segment = (req.params as { tenant: string }).tenant;
    // An alias publishes every tenant's existing keys (Entra's /common keys are all of its keys);
    // a tenant's own document makes sure its key exists.
    const keySet = namesNoTenant(parseTenantSegment(segment))
      ? await ctx.keys.publicKeys((await ctx.store.tenants.list()).map((t) => ISSUERS.entra(t.id)))
      : await tenantJwks(ctx.keys, (await resolveTenant(ctx.store, segment, aadContext(ctx, req))).id);
    return publicDocument(reply, { keys: keySet }, "public, max-age=60");
  };
  app.get("/:tenant/discovery/v2.0/keys", keys);
  app.get("/:tenant/discovery/keys", keys);

  app.get("/:tenant/discovery/instance", async (req, reply) => {
    const c = aadContext(ctx, req);
    const query = req.query as Record<string, unknown>;
    let tenant = (req.params as { tenant: string }).tenant;
    const authorizationEndpoint = query["authorization_endpoint"];
    if (typeof authorizationEndpoint === "string") {
      // Entra knows only its own hosts; this server knows only itself.
      let url: URL;
      try {
        url = new URL(authorizationEndpoint);
      } catch {
        throw aadErrors.unknownInstance(c);
      }
      // Hosts compare without the port: MSAL Python drops it from the authorization endpoint it
      // asks about (docs/resource-manager.md#instance-discovery); the answer points at the origin
      // the request came to, port included.
      if (url.hostname.toLowerCase() !== req.hostname.toLowerCase()) throw aadErrors.unknownInstance(c);
      tenant = url.pathname.split("/").find((s) => s.length > 0) ?? tenant;
    }
    return publicDocument(reply, instanceDiscovery(requestOrigin(req), req.host, tenant));
  });
}
