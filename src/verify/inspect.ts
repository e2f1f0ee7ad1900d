import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from "jose";
import { tenantOfIssuer, VI_TOKEN_ISSUER } from "../core/azure.js";
import { http } from "../client/http.js";
import { SIGNING_ALGORITHMS } from "../keys/algorithms.js";
import { refusalOf, TokenVerificationError, type TokenRefusal } from "./errors.js";
import { MAX_TOKEN_LENGTH } from "./jwt.js";

export type TokenKind = "entra" | "videoIndexer" | "face" | "unknown";

/** What `lazurite token decode` reports: who issued a token, which of this Lazurite's keys signed it, and whether it is valid now. */
export interface TokenInspection {
  valid: boolean;
  signature: "valid" | TokenRefusal;
  kind: TokenKind;
  /** The `iss` claim. */
  issuer: string | undefined;
  /** For Entra tokens, the tenant whose key signed it. */
  tenantId?: string | undefined;
  jwksUrl: string;
  /** The public key that verified the signature. */
  key?: { kid: string; alg: string; kty: string; crv?: string | undefined } | undefined;
  expiresOn?: string | undefined;
  expired: boolean;
  notYetValid: boolean;
  header: Record<string, unknown>;
  claims: JWTPayload;
}

const FACE_ISSUER = /^https:\/\/[a-z0-9-]+\.cognitiveservices\.azure\.com\/$/;
const ENTRA_ALGORITHMS = ["RS256"];

function kindOf(iss: string | undefined): { kind: TokenKind; tenantId?: string } {
  if (iss === undefined) return { kind: "unknown" };
  const tid = tenantOfIssuer(iss);
  if (tid) return { kind: "entra", tenantId: tid };
  if (iss === VI_TOKEN_ISSUER) return { kind: "videoIndexer" };
  if (FACE_ISSUER.test(iss)) return { kind: "face" };
  return { kind: "unknown" };
}

/** Decodes `token` and checks it against the JWKS of the Lazurite at `url` that publishes its issuer's keys. */
export async function inspectLazuriteToken(
  token: string,
  o: { url: string; ca?: string | undefined; now?: Date; clockToleranceSeconds?: number },
): Promise<TokenInspection> {
  if (token.length > MAX_TOKEN_LENGTH)
    throw new TokenVerificationError("malformed", `The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  let header: Record<string, unknown>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch (e) {
    throw new TokenVerificationError("malformed", `Not a JWT: ${(e as Error).message}`);
  }
  const iss = typeof claims.iss === "string" ? claims.iss : undefined;
  const { kind, tenantId } = kindOf(iss);
  const jwksUrl = new URL(tenantId ? `/${tenantId}/discovery/v2.0/keys` : "/.well-known/jwks.json", o.url).href;

  let signature: TokenInspection["signature"] = "valid";
  let key: TokenInspection["key"];
  const res = await http(jwksUrl, { ca: o.ca }).catch((e: Error) => {
    throw new TokenVerificationError("jwks_unavailable", `GET ${jwksUrl} failed: ${e.message}`);
  });
  const jwks = res.json as JSONWebKeySet | undefined;
  if (res.status !== 200 || !Array.isArray(jwks?.keys))
    throw new TokenVerificationError("jwks_unavailable", `GET ${jwksUrl} answered ${res.status}`);
  try {
    const { key: used } = await compactVerify(token, createLocalJWKSet(jwks), {
      algorithms: kind === "entra" ? ENTRA_ALGORITHMS : [...SIGNING_ALGORITHMS],
    });
    // Without a kid, jose picks the key by type and algorithm: report the one it used.
    const jwk: JWK = jwks.keys.find((k: JWK) => k.kid === header.kid) ?? (await exportJWK(used));
    const kid = jwk.kid ?? (typeof header.kid === "string" ? header.kid : "");
    key = { kid, alg: String(header.alg), kty: String(jwk.kty), crv: jwk.crv };
  } catch (e) {
    signature = refusalOf(e).code;
  }

  const now = (o.now ?? new Date()).getTime() / 1000;
  const skew = o.clockToleranceSeconds ?? 0;
  const exp = typeof claims.exp === "number" ? claims.exp : undefined;
  const expired = exp === undefined || exp + skew < now;
  const notYetValid = typeof claims.nbf === "number" && claims.nbf - skew > now;
  return {
    valid: signature === "valid" && !expired && !notYetValid,
    signature,
    kind,
    issuer: iss,
    ...(tenantId ? { tenantId } : {}),
    jwksUrl,
    ...(key ? { key } : {}),
    ...(exp !== undefined ? { expiresOn: new Date(exp * 1000).toISOString() } : {}),
    expired,
    notYetValid,
    header,
    claims,
  };
}
