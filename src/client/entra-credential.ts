import { http, type AbortSignalLike } from "./http.js";

/**
 * A TokenCredential for Lazurite's emulated Entra ID, spoken with plain HTTPS to its own v2.0
 * token endpoint. The types below are structurally those of `@azure/core-auth`, so the credential
 * plugs into every Azure SDK client without the consumer installing `@azure/identity` (or
 * Lazurite depending on it): see docs/library.md#the-credential.
 */

/** `@azure/core-auth`'s AccessToken. */
export interface AccessToken {
  token: string;
  /** Epoch milliseconds. */
  expiresOnTimestamp: number;
  /** Epoch milliseconds after which a caller should get a new token. */
  refreshAfterTimestamp?: number;
  tokenType?: "Bearer";
}

/** The options of `@azure/core-auth`'s GetTokenOptions that this credential acts on. */
export interface GetTokenOptions {
  abortSignal?: AbortSignalLike | undefined;
  /** Ask this tenant instead of the credential's own. */
  tenantId?: string | undefined;
}

/** `@azure/core-auth`'s TokenCredential. */
export interface TokenCredential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

export type EntraGrant =
  | { kind: "client_credentials"; clientId: string; clientSecret: string }
  | { kind: "password"; clientId: string; username: string; password: string; clientSecret?: string | undefined };

export interface EntraCredentialOptions {
  /** Lazurite's URL, the authority host (`https://127.0.0.1:10443`). */
  authorityHost: string;
  tenantId: string;
  grant: EntraGrant;
  /** Lazurite's CA certificate (PEM). */
  ca?: string | undefined;
}

/** Entra's answer from the token endpoint. */
export interface EntraTokenResponse {
  token_type: string;
  expires_in: number;
  ext_expires_in?: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** Entra refused the request: `error` and `error_description` (with its AADSTS code) as Entra sent them. */
export class EntraAuthenticationError extends Error {
  override readonly name = "AuthenticationError";
  constructor(
    readonly statusCode: number,
    readonly errorResponse: { error: string; error_description: string; error_codes?: number[] },
  ) {
    super(`${errorResponse.error}: ${errorResponse.error_description}`);
  }
}

/** One token request to `{authorityHost}/{tenant}/oauth2/v2.0/token`. */
export async function requestEntraToken(
  o: EntraCredentialOptions,
  scopes: readonly string[],
  signal?: AbortSignalLike,
  tenantId = o.tenantId,
): Promise<EntraTokenResponse> {
  const form = new URLSearchParams({ client_id: o.grant.clientId, scope: scopes.join(" ") });
  if (o.grant.kind === "client_credentials") {
    form.set("grant_type", "client_credentials");
    form.set("client_secret", o.grant.clientSecret);
  } else {
    form.set("grant_type", "password");
    form.set("username", o.grant.username);
    form.set("password", o.grant.password);
    if (o.grant.clientSecret !== undefined) form.set("client_secret", o.grant.clientSecret);
  }
  const url = new URL(`/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, o.authorityHost);
  const res = await http(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    ca: o.ca,
    signal,
  });
  const body = res.json as Partial<EntraTokenResponse> & { error?: string; error_description?: string; error_codes?: number[] };
  if (res.status !== 200 || typeof body?.access_token !== "string") {
    throw new EntraAuthenticationError(res.status, {
      error: body?.error ?? "invalid_response",
      error_description: body?.error_description ?? `HTTP ${res.status} from ${url.origin}: ${res.text.slice(0, 200)}`,
      ...(body?.error_codes ? { error_codes: body.error_codes } : {}),
    });
  }
  return body as EntraTokenResponse;
}

/** Cached tokens are handed out until this long before they expire. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
const MAX_CACHED_TOKENS = 64;

/**
 * Client secret (client_credentials) or user password (ROPC) against Lazurite's Entra ID. Scope
 * free: any scope the SDK asks for is requested as is. Tokens are cached per tenant and scope set
 * until five minutes before they expire.
 */
export class LazuriteCredential implements TokenCredential {
  private readonly cache = new Map<string, AccessToken>();

  constructor(
    private readonly options: EntraCredentialOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get tenantId(): string {
    return this.options.tenantId;
  }

  get clientId(): string {
    return this.options.grant.clientId;
  }

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const list = (Array.isArray(scopes) ? scopes : [scopes]).filter((s) => s.length > 0);
    if (list.length === 0) throw new Error("LazuriteCredential.getToken: at least one scope is required");
    const tenant = options.tenantId ?? this.options.tenantId;
    const key = `${tenant.toLowerCase()} ${[...list].sort().join(" ")}`;
    const hit = this.cache.get(key);
    if (hit && hit.expiresOnTimestamp - EXPIRY_MARGIN_MS > this.now()) return hit;

    const started = this.now();
    const answer = await requestEntraToken(this.options, list, options.abortSignal, tenant);
    const lifetimeMs = answer.expires_in * 1000;
    const token: AccessToken = {
      token: answer.access_token,
      // No refreshAfterTimestamp: msal sets one only for tokens living two hours or more; Entra's live one.
      expiresOnTimestamp: started + lifetimeMs,
      tokenType: "Bearer",
    };
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, token);
    return token;
  }
}
