import type { JWTPayload } from "jose";
import { ISSUERS, type KeyService, type PublicJwk } from "../keys/key-service.js";
import type { Application } from "../model/entities.js";
import { appAccessTokenClaims, type AppIdAcr } from "./entra-claims.js";

/** Entra ID signs everything RS256, whatever algorithm the other token issuers use. */
export const ENTRA_SIGNING_ALG = "RS256" as const;

/** Signs with the tenant's active Entra key (created on first use); the header carries its `kid`. */
export function signEntraJwt(keys: KeyService, tenantId: string, payload: JWTPayload, typ = "JWT", kind = "access"): Promise<string> {
  return keys.sign(ISSUERS.entra(tenantId), ENTRA_SIGNING_ALG, payload, typ, kind);
}

/**
 * The tenant's published keys (public parts only): the active one, made now if the tenant has
 * never signed anything, so that a resource server can fetch the JWKS before the first token.
 */
export async function tenantJwks(keys: KeyService, tenantId: string): Promise<PublicJwk[]> {
  await keys.activeKey(ISSUERS.entra(tenantId), ENTRA_SIGNING_ALG);
  return keys.publicKeys([ISSUERS.entra(tenantId)]);
}

/**
 * Loads or makes the active Entra key of each tenant, one after the other. Start-up runs it in the
 * background after listen: RSA key generation takes 85-430 ms a key, which would otherwise hold up
 * the start or the first token. A request that needs a key meanwhile waits for the same promise
 * (KeyService keeps it), and a key is used only once its transaction has committed.
 */
export async function prepareTenantKeys(keys: KeyService, tenantIds: readonly string[]): Promise<void> {
  for (const id of tenantIds) await keys.activeKey(ISSUERS.entra(id), ENTRA_SIGNING_ALG);
}

export interface IssuedToken {
  token: string;
  claims: JWTPayload & { exp: number; nbf: number };
}

/** An app-only v1.0 access token, as client credentials and managed identity hand out. */
export async function issueAppAccessToken(
  keys: KeyService,
  i: { tenantId: string; app: Application; audience: string; appidacr: AppIdAcr; now: Date; extra?: JWTPayload },
): Promise<IssuedToken> {
  const claims = appAccessTokenClaims(i) as IssuedToken["claims"];
  return { token: await signEntraJwt(keys, i.tenantId, claims), claims };
}
