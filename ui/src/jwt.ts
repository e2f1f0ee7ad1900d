import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from "jose";
import { call } from "./api";

/** The algorithms Lazurite signs with; anything else (none, HMAC) is refused before any key is looked at. */
const ALGORITHMS = ["RS256", "PS256", "ES256", "ES384"];

export interface Decoded {
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
}

/** Header and claims, unverified. Throws with a sentence when the text is not a JWS compact JWT. */
export function decode(token: string): Decoded {
  const t = token.trim();
  if (t.split(".").length !== 3) throw new Error("Not a JWT: a JWT has three parts separated by dots (header.claims.signature).");
  try {
    return { header: decodeProtectedHeader(t), claims: decodeJwt(t) };
  } catch (e) {
    throw new Error(`Not a JWT: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where this Lazurite publishes the key of a token's issuer: Entra tokens (they carry `tid`) under
 * the tenant, Video Indexer and Face tokens at /.well-known/jwks.json.
 */
export function jwksUrlFor(claims: JWTPayload): string {
  const tid = claims.tid;
  return typeof tid === "string" && GUID.test(tid) ? `/${tid}/discovery/v2.0/keys` : "/.well-known/jwks.json";
}

export type Verdict = { valid: true; jwks: string; kid: string | undefined } | { valid: false; jwks: string; reason: string };

/** Checks the signature only (expiry is shown separately), with WebCrypto through jose, against this server's published keys. */
export async function verifySignature(token: string, d: Decoded): Promise<Verdict> {
  const jwks = jwksUrlFor(d.claims);
  if (!ALGORITHMS.includes(d.header.alg ?? "")) {
    return {
      valid: false,
      jwks,
      reason: `the algorithm '${d.header.alg ?? "(none)"}' is not one Lazurite signs with (${ALGORITHMS.join(", ")})`,
    };
  }
  const set = (await (await call(jwks)).json()) as JSONWebKeySet;
  try {
    await compactVerify(token.trim(), createLocalJWKSet(set), { algorithms: ALGORITHMS });
    return { valid: true, jwks, kid: d.header.kid };
  } catch (e) {
    if (e instanceof errors.JWKSNoMatchingKey) {
      return {
        valid: false,
        jwks,
        reason: `no key with kid '${d.header.kid ?? "(none)"}' is published at ${jwks} (another issuer, or a key retired more than 48 hours ago)`,
      };
    }
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return { valid: false, jwks, reason: "the signature does not match the token's header and claims" };
    return { valid: false, jwks, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** "in 59 min 3 s", "2 h 1 min ago". */
export function relative(seconds: number): string {
  const a = Math.abs(Math.round(seconds));
  const parts: string[] = [];
  const d = Math.floor(a / 86400);
  const h = Math.floor((a % 86400) / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m && !d) parts.push(`${m} min`);
  if (!d && !h) parts.push(`${s} s`);
  return seconds >= 0 ? `in ${parts.join(" ")}` : `${parts.join(" ")} ago`;
}
