import { createHash } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, customFetch, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { http } from "../client/http.js";

/** Where the verifier finds the signing keys: a JWKS URL (fetched, cached, refetched on an unknown kid) or the JWKS itself. */
export interface KeySourceOptions {
  /** e.g. `https://127.0.0.1:10443/.well-known/jwks.json` (Video Indexer and Face) or `{url}/{tenant}/discovery/v2.0/keys` (Entra). */
  jwksUrl?: string | URL | undefined;
  jwks?: JSONWebKeySet | undefined;
  /** CA certificate (PEM) to trust when fetching `jwksUrl`: Lazurite's, for its generated certificate. */
  ca?: string | undefined;
}

const MAX_REMOTE_SOURCES = 32;
const remote = new Map<string, JWTVerifyGetKey>();

/**
 * The key lookup for a verification. Remote sets are kept per URL and CA (at most 32), so a
 * resource server that verifies on every request fetches the JWKS once, as jose caches it.
 */
export function keySource(o: KeySourceOptions): JWTVerifyGetKey {
  if ((o.jwksUrl === undefined) === (o.jwks === undefined)) throw new TypeError("give exactly one of jwksUrl and jwks");
  if (o.jwks !== undefined) return createLocalJWKSet(o.jwks);
  const url = new URL(o.jwksUrl!);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`jwksUrl must be an http(s) URL, not ${url.protocol}`);
  const id = `${url.href}\n${o.ca ? createHash("sha256").update(o.ca).digest("hex") : ""}`;
  let source = remote.get(id);
  if (!source) {
    const ca = o.ca;
    source = createRemoteJWKSet(url, {
      [customFetch]: async (href: string, init: { signal: AbortSignal }) => {
        try {
          const res = await http(href, { ca, signal: init.signal, timeoutMs: 5000 });
          return new Response(res.text, { status: res.status, headers: { "content-type": "application/json" } });
        } catch (e) {
          throw new errors.JOSEError(`GET ${href} failed: ${(e as Error).message}`);
        }
      },
    });
    if (remote.size >= MAX_REMOTE_SOURCES) remote.delete(remote.keys().next().value!);
    remote.set(id, source);
  }
  return source;
}
