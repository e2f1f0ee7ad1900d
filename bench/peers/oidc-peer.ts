import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { get, postForm } from "../lib/http.js";

/** The one client and resource server of the oidc-provider peer (oidc-server.ts). */
export const OIDC_PEER = {
  issuer: "https://127.0.0.1/oidc",
  clientId: "bench-client",
  clientSecret: "bench-client-secret-0f6c1d2e9a7b4c3d",
  resource: "https://management.azure.com",
  scope: "user_impersonation",
} as const;

/** The token request: client_credentials with the secret in the body, as Lazurite's Entra scenario sends it. */
export const OIDC_TOKEN_FORM = new URLSearchParams({
  grant_type: "client_credentials",
  client_id: OIDC_PEER.clientId,
  client_secret: OIDC_PEER.clientSecret,
  resource: OIDC_PEER.resource,
  scope: OIDC_PEER.scope,
}).toString();

/**
 * Before it is measured, the peer must do the real work: a JWT access token of the algorithm
 * asked for, whose signature verifies against its own JWKS, for the right audience. Returns the
 * size of its answer.
 */
export async function verifyOidcPeer(url: string, alg: "RS256" | "ES256"): Promise<number> {
  const r = await postForm(`${url}/token`, OIDC_TOKEN_FORM);
  if (r.status !== 200) throw new Error(`oidc-provider answered ${r.status}: ${r.text}`);
  const token = (JSON.parse(r.text) as { access_token: string }).access_token;
  const jwks = await get(`${url}/jwks`);
  const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(JSON.parse(jwks.text) as JSONWebKeySet), {
    audience: OIDC_PEER.resource,
    issuer: OIDC_PEER.issuer,
    algorithms: [alg],
  });
  if (protectedHeader.typ !== "at+jwt") throw new Error(`oidc-provider's token has typ ${protectedHeader.typ}`);
  return Buffer.byteLength(r.text);
}
