import { jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { SIGNING_ALGORITHMS } from "../keys/algorithms.js";
import { refusalOf, TokenVerificationError } from "./errors.js";
import { keySource, type KeySourceOptions } from "./key-source.js";

/** Options every verifier takes. */
export interface VerifyOptions extends KeySourceOptions {
  /** Algorithms accepted; default Lazurite's four (RS256, PS256, ES256, ES384). Narrow it to your server's `--token-alg`. */
  algorithms?: readonly string[] | undefined;
  /** Seconds of clock skew tolerated on `exp`, `nbf` and `iat`; default 300 (Microsoft.IdentityModel's default). */
  clockToleranceSeconds?: number | undefined;
  /** The time to verify at; default now. */
  now?: Date | undefined;
}

export interface Verified<C> {
  claims: C;
  header: ProtectedHeaderParameters & { alg: string };
}

/** Longer than any token Lazurite issues by far; longer input is refused before it is parsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 300;

/** What one kind of token must carry. */
export interface TokenSpec {
  issuer?: string | readonly string[] | undefined;
  audience: string;
  /** Claims that must be present (besides iss, aud, exp, iat, which always are). */
  required: readonly string[];
}

/**
 * Signature, algorithm allow-list, issuer, audience, exp/nbf/iat with skew and required claims,
 * by jose; never `none`, never a key the JWKS does not hold.
 */
export async function verifyJwt(token: string, o: VerifyOptions, spec: TokenSpec): Promise<Verified<JWTPayload>> {
  if (typeof token !== "string" || token.length === 0) throw new TokenVerificationError("malformed", "No token was given.");
  if (token.length > MAX_TOKEN_LENGTH)
    throw new TokenVerificationError("malformed", `The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  const getKey = keySource(o);
  const algorithms = [...(o.algorithms ?? SIGNING_ALGORITHMS)];
  if (algorithms.some((a) => a === "none" || a.startsWith("HS")))
    throw new TypeError("algorithms: 'none' and HMAC algorithms are never accepted for tokens signed with a published key");
  try {
    const { payload, protectedHeader } = await jwtVerify(token, getKey, {
      algorithms,
      ...(spec.issuer !== undefined ? { issuer: typeof spec.issuer === "string" ? spec.issuer : [...spec.issuer] } : {}),
      audience: spec.audience,
      clockTolerance: o.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      ...(o.now ? { currentDate: o.now } : {}),
      requiredClaims: ["iss", "aud", "exp", "iat"],
    });
    // After issuer and audience: a token of another kind is refused as such, not for a claim it lacks.
    for (const name of spec.required) {
      if (payload[name] === undefined) throw new TokenVerificationError("missing_claim", `The token has no '${name}' claim.`, name);
    }
    const skew = o.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    const nowSeconds = (o.now ?? new Date()).getTime() / 1000;
    // jose checks iat only with maxTokenAge; a token issued in the future is refused here.
    if (typeof payload.iat === "number" && payload.iat - skew > nowSeconds)
      throw new TokenVerificationError("not_yet_valid", "The token was issued in the future.", "iat");
    return { claims: payload, header: protectedHeader };
  } catch (e) {
    if (e instanceof TokenVerificationError) throw e;
    throw refusalOf(e);
  }
}

/** A claim check that failed: the claim is absent or has the wrong type or value. */
export function claimError(claim: string, message: string, missing = false): TokenVerificationError {
  return new TokenVerificationError(missing ? "missing_claim" : "unexpected_claim", message, claim);
}

export function stringClaim(claims: JWTPayload, name: string): string {
  const v = claims[name];
  if (v === undefined) throw claimError(name, `The token has no '${name}' claim.`, true);
  if (typeof v !== "string" || v.length === 0)
    throw new TokenVerificationError("invalid_claim", `The token's '${name}' claim is not a string.`, name);
  return v;
}

export function optionalStringClaim(claims: JWTPayload, name: string): string | undefined {
  return claims[name] === undefined ? undefined : stringClaim(claims, name);
}

export function oneOf<T extends string>(claims: JWTPayload, name: string, allowed: readonly T[]): T {
  const v = stringClaim(claims, name);
  if (!(allowed as readonly string[]).includes(v))
    throw new TokenVerificationError("invalid_claim", `The token's '${name}' claim '${v}' is not one of ${allowed.join(", ")}.`, name);
  return v as T;
}

/** One value or a list of accepted ones. */
export function accepted<T>(v: T | readonly T[] | undefined): readonly T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T];
}
