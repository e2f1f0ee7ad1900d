import { armErrors } from "../../../errors/arm.js";
import { isGuid } from "../../../model/ids.js";
import { normalizeLocation, VI_ACCOUNT_TYPE, VI_LOCATIONS, type ViApiVersion, type ViScope } from "./api-versions.js";

/**
 * What the Video Indexer resource provider checks in paths and bodies. The spec states the
 * schemas; everything beyond them (cross-field rules, codes, messages) is Lazurite's choice
 * (contract §3.10 [U]) and listed in docs/video-indexer.md:
 *
 * - every failure is HTTP 400, code `InvalidParameter`, with `target` naming the property
 *   (dotted path for nested ones) in the common-types v5 envelope; versions with the local error
 *   schema get the same code and message without `target` (routes.ts strips it);
 * - a missing required value: `Required parameter '{name}' is missing (null).` (the wording the
 *   Compute RP uses for the same code);
 * - a value outside an enum: `The value '{value}' is not valid for parameter '{name}'. Allowed values are: {list}.`
 *   Enum values are matched ignoring case, as Json.NET's StringEnumConverter does, and answered in
 *   their canonical casing;
 * - unknown body properties are ignored (Json.NET's default).
 */

// ---- path -----------------------------------------------------------------------------------

const LEGACY_NAME = /^[a-z0-9]+(-[a-z0-9]+)*/; // [S] 2021 previews: not anchored at the end, so only the start is checked
const CURRENT_NAME = /^[A-Za-z0-9-]+$/; // [S] 2022-04-13-preview and later

/** Why `name` breaks the version's accountName rule, or undefined when it is fine. */
export function accountNameProblem(name: string, p: ViApiVersion): string | undefined {
  if (p.accountName === "legacy") {
    if (name.length > 50 || !LEGACY_NAME.test(name)) {
      return `The account name '${name}' is invalid. It must be at most 50 characters long and start with lower-case letters or digits (groups of them may be joined by single hyphens).`;
    }
    return undefined;
  }
  if (name.length < 3 || name.length > 50 || !CURRENT_NAME.test(name)) {
    return `The account name '${name}' is invalid. It must be 3 to 50 characters long and contain only letters, digits and hyphens.`;
  }
  return undefined;
}

export function checkAccountName(name: string, p: ViApiVersion): void {
  const problem = accountNameProblem(name, p);
  if (problem) throw armErrors.invalidResourceName(problem, "accountName");
}

// ---- helpers --------------------------------------------------------------------------------

type Body = Record<string, unknown>;

const missing = (name: string) => armErrors.invalidParameter(`Required parameter '${name}' is missing (null).`, name);

function shown(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function notAllowed(name: string, value: unknown, allowed: readonly string[]) {
  return armErrors.invalidParameter(
    `The value '${shown(value)}' is not valid for parameter '${name}'. Allowed values are: ${allowed.map((a) => `'${a}'`).join(", ")}.`,
    name,
  );
}

function isObject(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A required enum property, matched ignoring case; returns the canonical value. */
function enumOf<T extends string>(body: Body, name: string, allowed: readonly T[], target = name): T {
  const v = body[name];
  if (v === undefined || v === null || v === "") throw missing(target);
  const hit = typeof v === "string" ? allowed.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined;
  if (!hit) throw notAllowed(target, v, allowed);
  return hit;
}

/** An optional string property; empty strings count as absent. */
function optionalString(body: Body, name: string, target = name): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string")
    throw armErrors.invalidParameter(`The value '${shown(v)}' is not valid for parameter '${name}'. It must be a string.`, target);
  return v;
}

// ---- token requests -------------------------------------------------------------------------

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
export const MAX_EXTENSION_TOKEN_LIFETIME = 43200;
const PERMISSIONS = ["Contributor", "Reader"] as const;
const SCOPES: readonly ViScope[] = ["Video", "Account", "Project"];

/**
 * Validates a token request body, in this order: permissionType, scope, extensionId, the ids the
 * scope needs, tokenLifetimeInSeconds.
 *
 * Cross-field rules (Lazurite's, contract §3.10 [U]): `Video` needs `videoId` and forbids
 * `projectId`; `Project` needs `projectId` and forbids `videoId`; `Account` forbids both. The
 * extension bodies have no `projectId` [S], so it is ignored there like any unknown member and a
 * `Project`-scope extension token names no project. `tokenLifetimeInSeconds` (extension only) must
 * be an integer from 1 to 43200 and may be given only for `Video` scope (the spec's description).
 */
export function validateTokenRequest(kind: TokenKind, body: Body | undefined, p: ViApiVersion): TokenRequest {
  const b = body ?? {};
  const extension = kind === "extension" || kind === "extensionRestrictedViewer";
  const permission: ViPermission =
    kind === "standard" || kind === "extension" ? enumOf(b, "permissionType", PERMISSIONS) : "RestrictedViewer";
  const scope = enumOf(b, "scope", extension ? (p.extensionScopes ?? SCOPES) : SCOPES);

  let extensionId: string | undefined;
  if (extension) {
    extensionId = optionalString(b, "extensionId");
    if (extensionId === undefined) throw missing("extensionId");
  }

  const videoId = optionalString(b, "videoId");
  const projectId = extension ? undefined : optionalString(b, "projectId");
  const forbid = (name: string) => armErrors.invalidParameter(`Parameter '${name}' is not allowed when 'scope' is '${scope}'.`, name);
  const need = (name: string) => armErrors.invalidParameter(`Parameter '${name}' is required when 'scope' is '${scope}'.`, name);
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
      throw armErrors.invalidParameter(
        `The value '${shown(t)}' is not valid for parameter 'tokenLifetimeInSeconds'. It must be an integer from 1 to ${MAX_EXTENSION_TOKEN_LIFETIME}.`,
        "tokenLifetimeInSeconds",
      );
    }
    if (scope !== "Video") {
      throw armErrors.invalidParameter(
        `Parameter 'tokenLifetimeInSeconds' can be set only for tokens in 'Video' scope.`,
        "tokenLifetimeInSeconds",
      );
    }
    lifetimeSeconds = t;
  }
  return { kind, permission, scope, videoId, projectId, extensionId, lifetimeSeconds };
}

// ---- checkNameAvailability ------------------------------------------------------------------

export function validateCheckName(body: Body | undefined): { name: string } {
  const b = body ?? {};
  const name = optionalString(b, "name");
  if (name === undefined) throw missing("name");
  enumOf(b, "type", [VI_ACCOUNT_TYPE]);
  return { name };
}

// ---- account PUT / PATCH --------------------------------------------------------------------

const IDENTITY_TYPES = ["None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"] as const;
const NETWORK_ACCESS = ["Enabled", "Disabled"] as const;
export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

export interface StoredIdentity {
  type: (typeof IDENTITY_TYPES)[number];
  userAssignedIdentities?: string[];
}

function validateIdentity(v: unknown): StoredIdentity | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw armErrors.invalidParameter(`The value '${shown(v)}' is not valid for parameter 'identity'. It must be an object.`, "identity");
  const raw = v["type"];
  if (raw === undefined || raw === null || raw === "") throw missing("identity.type");
  // "SystemAssigned, UserAssigned" (with a space) is common in the wild; ARM compares without it.
  const type = typeof raw === "string" ? IDENTITY_TYPES.find((t) => t.toLowerCase() === raw.replace(/\s+/g, "").toLowerCase()) : undefined;
  if (!type) throw notAllowed("identity.type", raw, IDENTITY_TYPES);
  const uai = v["userAssignedIdentities"];
  const userAssigned = type === "UserAssigned" || type === "SystemAssigned,UserAssigned";
  if (userAssigned) {
    if (!isObject(uai) || Object.keys(uai).length === 0) {
      throw armErrors.invalidParameter(
        `Parameter 'identity.userAssignedIdentities' is required when 'identity.type' is '${type}'.`,
        "identity.userAssignedIdentities",
      );
    }
    return { type, userAssignedIdentities: Object.keys(uai) };
  }
  if (uai !== undefined && uai !== null && !(isObject(uai) && Object.keys(uai).length === 0)) {
    throw armErrors.invalidParameter(
      `Parameter 'identity.userAssignedIdentities' is not allowed when 'identity.type' is '${type}'.`,
      "identity.userAssignedIdentities",
    );
  }
  return { type };
}

function validateTags(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw armErrors.invalidParameter("The value of parameter 'tags' is not valid. It must be an object whose values are strings.", "tags");
  }
  return v as Record<string, string>;
}

/** A linked-service object (`storageServices`, `openAiServices`, `mediaServices`): strings only. */
function validateService(v: unknown, name: string, keys: readonly string[]): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw armErrors.invalidParameter(
      `The value '${shown(v)}' is not valid for parameter 'properties.${name}'. It must be an object.`,
      `properties.${name}`,
    );
  const out: Record<string, string> = {};
  for (const k of keys) {
    const s = optionalString(v, k, `properties.${name}.${k}`);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** The writable account properties Lazurite keeps (read-only ones are computed in views.ts). */
export interface StoredProperties {
  storageServices?: Record<string, string>;
  mediaServices?: Record<string, string>;
  openAiServices?: Record<string, string>;
  publicNetworkAccess?: string;
}

export interface AccountPut {
  location: string;
  tags: Record<string, string> | undefined;
  identity: StoredIdentity | undefined;
  /** undefined, or the GUID of a classic account being connected. */
  accountId: string | undefined;
  properties: StoredProperties;
}

/**
 * A PUT body: `location` first (ARM's own LocationRequired / LocationNotAvailableForResourceType),
 * then tags, identity and properties. Properties the version does not know are ignored.
 */
export function validateAccountPut(body: Body | undefined, p: ViApiVersion): AccountPut {
  const b = body ?? {};
  const loc = b["location"];
  if (loc === undefined || loc === null || loc === "") throw armErrors.locationRequired();
  if (typeof loc !== "string")
    throw armErrors.invalidParameter(`The value '${shown(loc)}' is not valid for parameter 'location'. It must be a string.`, "location");
  if (!VI_LOCATIONS.includes(normalizeLocation(loc))) throw armErrors.locationNotAvailable(loc, VI_ACCOUNT_TYPE, [...VI_LOCATIONS]);
  const tags = validateTags(b["tags"]);
  const identity = validateIdentity(b["identity"]);
  const props = b["properties"];
  if (props !== undefined && props !== null && !isObject(props)) {
    throw armErrors.invalidParameter(
      `The value '${shown(props)}' is not valid for parameter 'properties'. It must be an object.`,
      "properties",
    );
  }
  const pr: Body = isObject(props) ? props : {};
  let accountId = optionalString(pr, "accountId", "properties.accountId");
  if (accountId !== undefined) {
    if (!isGuid(accountId))
      throw armErrors.invalidParameter(
        `The value '${accountId}' is not valid for parameter 'properties.accountId'. It must be a GUID.`,
        "properties.accountId",
      );
    accountId = accountId.toLowerCase();
    if (accountId === ZERO_GUID) accountId = undefined; // the spec's default: "not connecting a classic account"
  }
  const properties: StoredProperties = {};
  const storage = validateService(pr[p.storageProperty], p.storageProperty, ["resourceId", "userAssignedIdentity"]);
  if (storage) properties[p.storageProperty] = storage;
  if (p.openAi) {
    const openAi = validateService(pr["openAiServices"], "openAiServices", ["resourceId", "userAssignedIdentity"]);
    if (openAi) properties.openAiServices = openAi;
  }
  if (p.publicNetworkAccess && pr["publicNetworkAccess"] !== undefined && pr["publicNetworkAccess"] !== null) {
    properties.publicNetworkAccess = enumOf(pr, "publicNetworkAccess", NETWORK_ACCESS, "properties.publicNetworkAccess");
  }
  return { location: loc, tags, identity, accountId, properties };
}

export interface AccountPatch {
  tags?: Record<string, string> | undefined;
  identity?: StoredIdentity | undefined;
  properties: StoredProperties;
}

/**
 * A PATCH body (AccountPatch): tags and identity replace; in properties only the patchable fields
 * (`storageServices.userAssignedIdentity`, `openAiServices`, `publicNetworkAccess`) merge. Read-only
 * fields such as `accountId` are ignored.
 */
export function validateAccountPatch(body: Body | undefined, p: ViApiVersion): AccountPatch {
  const b = body ?? {};
  const out: AccountPatch = { properties: {} };
  if ("tags" in b) out.tags = validateTags(b["tags"]) ?? {};
  if ("identity" in b && b["identity"] !== null) out.identity = validateIdentity(b["identity"]);
  const props = b["properties"];
  if (props !== undefined && props !== null && !isObject(props)) {
    throw armErrors.invalidParameter(
      `The value '${shown(props)}' is not valid for parameter 'properties'. It must be an object.`,
      "properties",
    );
  }
  const pr: Body = isObject(props) ? props : {};
  const storage = validateService(pr[p.storageProperty], p.storageProperty, ["userAssignedIdentity"]);
  if (storage) out.properties[p.storageProperty] = storage;
  if (p.openAi) {
    const openAi = validateService(pr["openAiServices"], "openAiServices", ["resourceId", "userAssignedIdentity"]);
    if (openAi) out.properties.openAiServices = openAi;
  }
  if (p.publicNetworkAccess && pr["publicNetworkAccess"] !== undefined && pr["publicNetworkAccess"] !== null) {
    out.properties.publicNetworkAccess = enumOf(pr, "publicNetworkAccess", NETWORK_ACCESS, "properties.publicNetworkAccess");
  }
  return out;
}
