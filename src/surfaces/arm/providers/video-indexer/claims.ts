import { randomUUID } from "node:crypto";
import type { JWTPayload } from "jose";
import type { Principal } from "../../../../auth/principal.js";
import { VI_TOKEN_AUDIENCE, VI_TOKEN_ISSUER } from "../../../../core/azure.js";
import type { VideoIndexerAccount } from "../../../../model/entities.js";
import { normalizeLocation } from "./api-versions.js";
import type { TokenRequest } from "./token-request.js";

/**
 * The claims of a Video Indexer access token (docs/video-indexer.md#what-is-known-about-real-tokens). Real tokens are undocumented; these
 * claim names are the ones public VI client code reads, and the values are Lazurite's choices [U]:
 *
 * | claim | value |
 * |---|---|
 * | `Version` | `"2.0.0.0"` |
 * | `AccountId` | the account's `properties.accountId` |
 * | `AccountType` | `"Arm"` (the account is managed through ARM) |
 * | `Permission` | `Contributor`, `Reader` or `RestrictedViewer` (the restricted-viewer operations) |
 * | `Scope` | `Video`, `Account` or `Project` |
 * | `VideoId` / `ProjectId` | when the scope names one |
 * | `ExtensionId` | the Arc extension, for the two extension operations |
 * | `IssuerLocation` | the account's location, normalised (`NorthEurope` → `northeurope`) |
 * | `ExternalUserId` | the caller's Entra object id (`oid`) |
 * | `UserType` | `"AAD"` for a user, `"ServicePrincipal"` for an application or managed identity |
 * | `Username` | the caller's UPN (users only) |
 * | `iss` / `aud` | `https://api.videoindexer.ai/` |
 * | `iat` / `nbf` / `exp` | now / now / now + 3600 s (or `tokenLifetimeInSeconds`) |
 * | `jti` | a fresh GUID, so two tokens issued in the same second differ |
 */
export { VI_TOKEN_AUDIENCE, VI_TOKEN_ISSUER };

/**
 * One object literal of a fixed shape, in claim order: optional claims are `undefined`, which
 * JSON.stringify leaves out, so the token reads the same as one built key by key (without the
 * dictionary-mode object and the copy that building it key by key cost on every token).
 */
export function viTokenClaims(account: VideoIndexerAccount, request: TokenRequest, caller: Principal, now: Date): JWTPayload {
  const iat = Math.floor(now.getTime() / 1000);
  const user = caller.kind === "user";
  return {
    Version: "2.0.0.0",
    AccountId: account.accountId,
    AccountType: "Arm",
    Permission: request.permission,
    Scope: request.scope,
    VideoId: request.scope === "Video" && request.videoId ? request.videoId : undefined,
    ProjectId: request.scope === "Project" && request.projectId ? request.projectId : undefined,
    ExtensionId: request.extensionId || undefined,
    IssuerLocation: normalizeLocation(account.location),
    ExternalUserId: caller.objectId,
    UserType: user ? "AAD" : "ServicePrincipal",
    Username: user && caller.userPrincipalName ? caller.userPrincipalName : undefined,
    iss: VI_TOKEN_ISSUER,
    aud: VI_TOKEN_AUDIENCE,
    iat,
    nbf: iat,
    exp: iat + request.lifetimeSeconds,
    jti: randomUUID(),
  };
}
