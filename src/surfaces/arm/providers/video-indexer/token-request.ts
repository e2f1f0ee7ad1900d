import { armErrorsFor } from "../../errors.js";
import type { ViApiVersion, ViScope } from "./api-versions.js";
import { enumOf, missing, optionalString, shown, type Body } from "./rules.js";

export type TokenKind = "standard" | "restrictedViewer" | "extension" | "extensionRestrictedViewer";
export type ViPermission = "Contributor" | "Reader" | "RestrictedViewer";

export interface TokenRequest {
  kind: TokenKind;
  permission: ViPermission;
  scope: ViScope;
  videoId?: string | undefined;
  projectId?: string | undefined;
  extensionId?: string | undefined;
  lifetimeSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIME = 3600;
/** [U] Video Indexer video and project ids are 10 hex characters; 64 leaves room and keeps tokens small. */
export const MAX_ID_LENGTH = 64;
export const MAX_EXTENSION_TOKEN_LIFETIME = 43200;
const PERMISSIONS = ["Contributor", "Reader"] as const;
const SCOPES: readonly ViScope[] = ["Video", "Account", "Project"];

/**
 * Validates a token request body, in this order: permissionType, scope, extensionId, the ids the
 * scope needs, tokenLifetimeInSeconds.
 *
 * Cross-field rules (Lazurite's [U], docs/video-indexer.md#request-validation): `Video` needs `videoId` and forbids
 * `projectId`; `Project` needs `projectId` and forbids `videoId`; `Account` forbids both. The
 * extension bodies have no `projectId` [S], so it is ignored there like any unknown member and a
 * `Project`-scope extension token names no project. `tokenLifetimeInSeconds` (extension only) must
 * be an integer from 1 to 43200 and may be given only for `Video` scope (the spec's description).
 */
export function validateTokenRequest(kind: TokenKind, body: Body | undefined, p: ViApiVersion): TokenRequest {
  const e = armErrorsFor(p.errorSchema);
  const b = body ?? {};
  const extension = kind === "extension" || kind === "extensionRestrictedViewer";
  const permission: ViPermission =
    kind === "standard" || kind === "extension" ? enumOf(e, b, "permissionType", PERMISSIONS) : "RestrictedViewer";
  const scope = enumOf(e, b, "scope", extension ? (p.extensionScopes ?? SCOPES) : SCOPES);

  let extensionId: string | undefined;
  if (extension) {
    extensionId = optionalString(e, b, "extensionId");
    if (extensionId === undefined) throw missing(e, "extensionId");
  }

  const videoId = optionalString(e, b, "videoId", "videoId", MAX_ID_LENGTH);
  const projectId = extension ? undefined : optionalString(e, b, "projectId", "projectId", MAX_ID_LENGTH);
  const forbid = (name: string) => e.invalidParameter(`Parameter '${name}' is not allowed when 'scope' is '${scope}'.`, name);
  const need = (name: string) => e.invalidParameter(`Parameter '${name}' is required when 'scope' is '${scope}'.`, name);
  if (scope === "Video") {
    if (videoId === undefined) throw need("videoId");
    if (projectId !== undefined) throw forbid("projectId");
  } else if (scope === "Project") {
    if (videoId !== undefined) throw forbid("videoId");
    if (!extension && projectId === undefined) throw need("projectId");
  } else {
    if (videoId !== undefined) throw forbid("videoId");
    if (projectId !== undefined) throw forbid("projectId");
  }

  let lifetimeSeconds = DEFAULT_TOKEN_LIFETIME;
  if (extension && b["tokenLifetimeInSeconds"] !== undefined && b["tokenLifetimeInSeconds"] !== null) {
    const t = b["tokenLifetimeInSeconds"];
    if (typeof t !== "number" || !Number.isInteger(t) || t < 1 || t > MAX_EXTENSION_TOKEN_LIFETIME) {
      throw e.invalidParameter(
        `The value '${shown(t)}' is not valid for parameter 'tokenLifetimeInSeconds'. It must be an integer from 1 to ${MAX_EXTENSION_TOKEN_LIFETIME}.`,
        "tokenLifetimeInSeconds",
      );
    }
    if (scope !== "Video") {
      throw e.invalidParameter(`Parameter 'tokenLifetimeInSeconds' can be set only for tokens in 'Video' scope.`, "tokenLifetimeInSeconds");
    }
    lifetimeSeconds = t;
  }
  return { kind, permission, scope, videoId, projectId, extensionId, lifetimeSeconds };
}
