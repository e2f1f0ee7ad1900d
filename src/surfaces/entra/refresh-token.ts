import { createLocalJWKSet, decodeJwt, errors, jwtVerify } from "jose";
import { aadErrors, type AadErrorContext } from "./errors.js";
import { ISSUERS, type KeyService } from "../../keys/key-service.js";
import { isGuid } from "../../model/ids.js";
import { newUti } from "../../issuance/entra-claims.js";
import { ENTRA_SIGNING_ALG, signEntraJwt } from "../../issuance/entra-tokens.js";

/**
 * Refresh tokens are Lazurite's own format (Entra's are opaque): a JWT signed with the tenant's
 * Entra key. Its `typ`, issuer and audience differ from every access or id token, so none of
 * them can be replayed as a refresh token and a refresh token fails any access-token check.
 */
export const REFRESH_TOKEN_TYP = "lz-rt+jwt";
/** A day: long enough for a working session, short enough that a leaked one soon dies. */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 24 * 3600;

const refreshIssuer = (tenantId: string) => `urn:lazurite:entra:${tenantId.toLowerCase()}`;
const refreshAudience = (clientId: string) => `urn:lazurite:refresh-token:${clientId.toLowerCase()}`;

export interface RefreshGrant {
  tenantId: string;
  clientId: string;
  userObjectId: string;
  /** The scopes of the original request, space-separated, reused when a refresh names none. */
  scope: string;
}

export async function issueRefreshToken(keys: KeyService, g: RefreshGrant, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return signEntraJwt(
    keys,
    g.tenantId,
    {
      iss: refreshIssuer(g.tenantId),
      aud: refreshAudience(g.clientId),
      sub: g.userObjectId.toLowerCase(),
      tid: g.tenantId.toLowerCase(),
      scope: g.scope,
      iat,
      exp: iat + REFRESH_TOKEN_LIFETIME_SECONDS,
      jti: newUti(),
    },
    REFRESH_TOKEN_TYP,
    "refresh",
  );
}

/**
 * The tenant a refresh token claims to belong to, unverified: for a request to a multi-tenant
 * alias (`/common`), which has to find the tenant before it can check the signature.
 */
export function claimedRefreshTenant(token: string): string | undefined {
  try {
    const tid = decodeJwt(token).tid;
    return isGuid(tid) ? tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a refresh token for `clientId` in `tenantId`. Anything wrong is AADSTS9002313,
 * except an expired token, which is AADSTS70008 as Entra reports it.
 */
export async function verifyRefreshToken(
  keys: KeyService,
  token: string,
  expect: { clientId: string; tenantId: string },
  c: AadErrorContext,
): Promise<RefreshGrant> {
  const tenantId = expect.tenantId.toLowerCase();
  try {
    // Only keys that exist: verification must never create a signing key.
    const jwks = createLocalJWKSet({ keys: await keys.publicKeys([ISSUERS.entra(tenantId)]) });
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: [ENTRA_SIGNING_ALG],
      typ: REFRESH_TOKEN_TYP,
      issuer: refreshIssuer(tenantId),
      audience: refreshAudience(expect.clientId),
      currentDate: c.now,
      requiredClaims: ["sub", "tid", "scope", "exp", "iat"],
    });
    if (payload.tid !== tenantId || !isGuid(payload.sub) || typeof payload.scope !== "string") throw new Error("unexpected claims");
    return { tenantId, clientId: expect.clientId.toLowerCase(), userObjectId: payload.sub, scope: payload.scope };
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw aadErrors.expiredRefreshToken(c);
    throw aadErrors.invalidRefreshToken(c);
  }
}
