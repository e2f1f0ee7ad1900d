import { createHash } from "node:crypto";
import { randomSlice } from "../core/random-pool.js";
import type { JWTPayload } from "jose";
import { entraV1Issuer } from "../core/azure.js";
import type { Application, User } from "../model/entities.js";

/** Entra's default access-token lifetime as clients see it (`expires_in: 3599`); msal needs more than 300 s to cache. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;
/** Entra's id tokens live one hour. */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * How the client proved who it is, as `appidacr` (v1) / `azpacr` (v2) record it: "0" a public
 * client (no credential), "1" a client secret, "2" a certificate or client assertion.
 */
export type AppIdAcr = "0" | "1" | "2";

/** The v2.0 issuer; its host is the request's, because msal checks it against the authority host. */
export function v2Issuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/** `uti`: Entra's per-token id, 16 random bytes in 22 base64url characters. */
export function newUti(): string {
  return randomSlice(16).toString("base64url");
}

/** `aio` and `rh` are opaque to every consumer; random values of Entra's shape keep tokens distinct. */
function opaqueAio(): string {
  return randomSlice(48).toString("base64");
}

function opaqueRh(): string {
  return `1.${randomSlice(40).toString("base64url")}.`;
}

/**
 * Entra's user `sub` is pairwise: stable for one user and one application, different across
 * applications, so two apps cannot correlate a user through it.
 */
export function pairwiseSubject(tenantId: string, clientId: string, objectId: string): string {
  return createHash("sha256").update(`${tenantId.toLowerCase()}|${clientId.toLowerCase()}|${objectId.toLowerCase()}`).digest("base64url");
}

function times(now: Date, lifetimeSeconds: number): { iat: number; nbf: number; exp: number } {
  const iat = Math.floor(now.getTime() / 1000);
  return { iat, nbf: iat, exp: iat + lifetimeSeconds };
}

export interface AppTokenInput {
  tenantId: string;
  audience: string;
  app: Application;
  appidacr: AppIdAcr;
  now: Date;
  lifetimeSeconds?: number;
  /** Claims a caller adds (e.g. `xms_mirid` for a managed identity). */
  extra?: JWTPayload;
}

/**
 * The claims of an app-only v1.0 access token, in the order Entra writes them
 * (docs/research/entra-rbac.md §3). `oid` and `sub` are the application's object id, which is
 * what role assignments name.
 */
export function appAccessTokenClaims(i: AppTokenInput): JWTPayload {
  const iss = entraV1Issuer(i.tenantId);
  return {
    aud: i.audience,
    iss,
    ...times(i.now, i.lifetimeSeconds ?? ACCESS_TOKEN_LIFETIME_SECONDS),
    aio: opaqueAio(),
    appid: i.app.clientId,
    appidacr: i.appidacr,
    idp: iss,
    idtyp: "app",
    oid: i.app.objectId,
    rh: opaqueRh(),
    sub: i.app.objectId,
    tid: i.tenantId,
    uti: newUti(),
    ver: "1.0",
    ...i.extra,
  };
}

export interface UserTokenInput {
  tenantId: string;
  audience: string;
  app: Application;
  user: User;
  appidacr: AppIdAcr;
  /** Space-separated delegated permissions. */
  scp: string;
  now: Date;
}

/** The claims of a delegated (user) v1.0 access token. */
export function userAccessTokenClaims(i: UserTokenInput): JWTPayload {
  const iss = entraV1Issuer(i.tenantId);
  return {
    aud: i.audience,
    iss,
    ...times(i.now, ACCESS_TOKEN_LIFETIME_SECONDS),
    acr: "1",
    aio: opaqueAio(),
    amr: ["pwd"],
    appid: i.app.clientId,
    appidacr: i.appidacr,
    idp: iss,
    idtyp: "user",
    name: i.user.displayName,
    oid: i.user.objectId,
    rh: opaqueRh(),
    scp: i.scp,
    sub: pairwiseSubject(i.tenantId, i.app.clientId, i.user.objectId),
    tid: i.tenantId,
    unique_name: i.user.userPrincipalName,
    upn: i.user.userPrincipalName,
    uti: newUti(),
    ver: "1.0",
  };
}

export interface IdTokenInput {
  origin: string;
  tenantId: string;
  app: Application;
  user: User;
  now: Date;
}

/**
 * A v2.0 id token for msal's account cache (research §4): msal reads `tid`, `oid`,
 * `preferred_username` and `name`, and never checks the signature, but it is signed anyway so
 * that any relying party can.
 */
export function idTokenClaims(i: IdTokenInput): JWTPayload {
  return {
    aud: i.app.clientId,
    iss: v2Issuer(i.origin, i.tenantId),
    ...times(i.now, ID_TOKEN_LIFETIME_SECONDS),
    name: i.user.displayName,
    oid: i.user.objectId,
    preferred_username: i.user.userPrincipalName,
    sub: pairwiseSubject(i.tenantId, i.app.clientId, i.user.objectId),
    tid: i.tenantId,
    ver: "2.0",
  };
}

/** `client_info`: base64url of `{"uid":oid,"utid":tid}`; msal builds the home account id from it. */
export function clientInfo(user: User): string {
  return Buffer.from(JSON.stringify({ uid: user.objectId, utid: user.tenantId })).toString("base64url");
}
