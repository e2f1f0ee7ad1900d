import { VI_TOKEN_AUDIENCE, VI_TOKEN_ISSUER } from "../core/azure.js";
import { accepted, claimError, oneOf, optionalStringClaim, stringClaim, verifyJwt, type Verified, type VerifyOptions } from "./jwt.js";

export type VideoIndexerPermission = "Contributor" | "Reader" | "RestrictedViewer";
export type VideoIndexerScope = "Account" | "Project" | "Video";
const PERMISSIONS: readonly VideoIndexerPermission[] = ["Contributor", "Reader", "RestrictedViewer"];
const SCOPES: readonly VideoIndexerScope[] = ["Account", "Project", "Video"];

/** The claims of a Video Indexer access token (docs/video-indexer.md#tokens). */
export interface VideoIndexerTokenClaims {
  iss: string;
  aud: string | string[];
  iat: number;
  nbf?: number;
  exp: number;
  jti?: string;
  Version?: string;
  /** The account's data-plane id (`properties.accountId`). */
  AccountId: string;
  AccountType?: string;
  Permission: VideoIndexerPermission;
  Scope: VideoIndexerScope;
  VideoId?: string;
  ProjectId?: string;
  ExtensionId?: string;
  /** The account's location, normalised (`northeurope`). */
  IssuerLocation?: string;
  /** The caller's Entra object id. */
  ExternalUserId?: string;
  /** `AAD` for a user, `ServicePrincipal` for an application or managed identity. */
  UserType?: string;
  Username?: string;
  [claim: string]: unknown;
}

/** What the resource server requires of the token; every field left out is not checked. */
export interface VideoIndexerExpectations {
  /** The account the request is for (compared case-insensitively). */
  accountId?: string;
  /** Accepted permissions. Contributor does not imply Reader here: list both to take either. */
  permission?: VideoIndexerPermission | readonly VideoIndexerPermission[];
  /** Accepted scopes. */
  scope?: VideoIndexerScope | readonly VideoIndexerScope[];
  /** The video the request is about: an Account token, or a Video token for this video, passes. */
  videoId?: string;
  /** The project the request is about: an Account token, or a Project token for this project, passes. */
  projectId?: string;
  /** The account's location (`IssuerLocation`, compared without case or spaces). */
  location?: string;
  /** Default `https://api.videoindexer.ai/`. */
  issuer?: string;
  /** Default `https://api.videoindexer.ai/`. */
  audience?: string;
}

export interface VerifyVideoIndexerTokenOptions extends VerifyOptions {
  expected?: VideoIndexerExpectations;
}

const squash = (s: string) => s.replace(/\s+/g, "").toLowerCase();

/**
 * Verifies a Video Indexer access token as a resource server should: signature against the JWKS,
 * algorithm allow-list, issuer, audience, expiry with skew, the required claims and their values,
 * then what `expected` asks for. Throws TokenVerificationError with the failed check's code.
 */
export async function verifyVideoIndexerToken(
  token: string,
  options: VerifyVideoIndexerTokenOptions,
): Promise<Verified<VideoIndexerTokenClaims>> {
  const want = options.expected ?? {};
  const { claims, header } = await verifyJwt(token, options, {
    issuer: want.issuer ?? VI_TOKEN_ISSUER,
    audience: want.audience ?? VI_TOKEN_AUDIENCE,
    required: ["AccountId", "Permission", "Scope"],
  });
  const accountId = stringClaim(claims, "AccountId");
  const permission = oneOf(claims, "Permission", PERMISSIONS);
  const scope = oneOf(claims, "Scope", SCOPES);
  const videoId = optionalStringClaim(claims, "VideoId");
  const projectId = optionalStringClaim(claims, "ProjectId");
  if (scope === "Video" && videoId === undefined) throw claimError("VideoId", "A Video-scoped token has no 'VideoId' claim.", true);
  for (const name of ["IssuerLocation", "ExternalUserId", "UserType", "Username", "ExtensionId", "Version", "AccountType"]) {
    optionalStringClaim(claims, name);
  }

  if (want.accountId !== undefined && accountId.toLowerCase() !== want.accountId.toLowerCase())
    throw claimError("AccountId", `The token is for account '${accountId}', not '${want.accountId}'.`);
  const permissions = accepted(want.permission);
  if (permissions && !permissions.includes(permission))
    throw claimError("Permission", `The token grants '${permission}'; ${permissions.join(" or ")} is required.`);
  const scopes = accepted(want.scope);
  if (scopes && !scopes.includes(scope)) throw claimError("Scope", `The token's scope is '${scope}'; ${scopes.join(" or ")} is required.`);
  if (want.videoId !== undefined && !(scope === "Account" || (scope === "Video" && videoId === want.videoId)))
    throw claimError(scope === "Video" ? "VideoId" : "Scope", `The token does not cover video '${want.videoId}'.`);
  if (want.projectId !== undefined && !(scope === "Account" || (scope === "Project" && projectId === want.projectId)))
    throw claimError(scope === "Project" ? "ProjectId" : "Scope", `The token does not cover project '${want.projectId}'.`);
  if (want.location !== undefined) {
    const location = optionalStringClaim(claims, "IssuerLocation");
    if (location === undefined || squash(location) !== squash(want.location))
      throw claimError("IssuerLocation", `The token was issued for location '${location ?? ""}', not '${want.location}'.`);
  }
  return { claims: claims as VideoIndexerTokenClaims, header };
}
