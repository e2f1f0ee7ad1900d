import { isGuid } from "../../../../model/ids.js";
import { armErrorsFor, type ArmErrors } from "../../errors.js";
import { normalizeLocation, VI_ACCOUNT_TYPE, VI_LOCATIONS, type ViApiVersion } from "./api-versions.js";
import { enumOf, isObject, MAX_STRING, missing, notAllowed, optionalString, shown, tooLong, type Body } from "./rules.js";

// ---- checkNameAvailability ------------------------------------------------------------------

export function validateCheckName(body: Body | undefined, p: ViApiVersion): { name: string } {
  const e = armErrorsFor(p.errorSchema);
  const b = body ?? {};
  const name = optionalString(e, b, "name");
  if (name === undefined) throw missing(e, "name");
  enumOf(e, b, "type", [VI_ACCOUNT_TYPE]);
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

function validateIdentity(e: ArmErrors, v: unknown): StoredIdentity | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw e.invalidParameter(`The value '${shown(v)}' is not valid for parameter 'identity'. It must be an object.`, "identity");
  const raw = v["type"];
  if (raw === undefined || raw === null || raw === "") throw missing(e, "identity.type");
  // "SystemAssigned, UserAssigned" (with a space) is common in the wild; ARM compares without it.
  const type = typeof raw === "string" ? IDENTITY_TYPES.find((t) => t.toLowerCase() === raw.replace(/\s+/g, "").toLowerCase()) : undefined;
  if (!type) throw notAllowed(e, "identity.type", raw, IDENTITY_TYPES);
  const uai = v["userAssignedIdentities"];
  const userAssigned = type === "UserAssigned" || type === "SystemAssigned,UserAssigned";
  if (userAssigned) {
    if (!isObject(uai) || Object.keys(uai).length === 0) {
      throw e.invalidParameter(
        `Parameter 'identity.userAssignedIdentities' is required when 'identity.type' is '${type}'.`,
        "identity.userAssignedIdentities",
      );
    }
    const ids = Object.keys(uai);
    if (ids.length > 100 || ids.some((id) => id.length > MAX_STRING)) throw tooLong(e, "identity.userAssignedIdentities", MAX_STRING);
    return { type, userAssignedIdentities: ids };
  }
  if (uai !== undefined && uai !== null && !(isObject(uai) && Object.keys(uai).length === 0)) {
    throw e.invalidParameter(
      `Parameter 'identity.userAssignedIdentities' is not allowed when 'identity.type' is '${type}'.`,
      "identity.userAssignedIdentities",
    );
  }
  return { type };
}

/** ARM's tag limits [D] (learn.microsoft.com, tag-resources#limitations): 50 tags, names 512 characters, values 256. */
export const TAG_LIMITS = { count: 50, name: 512, value: 256 } as const;

function validateTags(e: ArmErrors, v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw e.invalidParameter("The value of parameter 'tags' is not valid. It must be an object whose values are strings.", "tags");
  }
  const entries = Object.entries(v as Record<string, string>);
  if (entries.length > TAG_LIMITS.count) throw e.invalidParameter(`At most ${TAG_LIMITS.count} tags are allowed.`, "tags");
  for (const [name, value] of entries) {
    if (name.length > TAG_LIMITS.name) throw tooLong(e, "tags", TAG_LIMITS.name);
    if (value.length > TAG_LIMITS.value) throw tooLong(e, `tags.${name}`, TAG_LIMITS.value);
  }
  return v as Record<string, string>;
}

/** A linked-service object (`storageServices`, `openAiServices`, `mediaServices`): strings only. */
function validateService(e: ArmErrors, v: unknown, name: string, keys: readonly string[]): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw e.invalidParameter(
      `The value '${shown(v)}' is not valid for parameter 'properties.${name}'. It must be an object.`,
      `properties.${name}`,
    );
  const out: Record<string, string> = {};
  for (const k of keys) {
    const s = optionalString(e, v, k, `properties.${name}.${k}`);
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
  const e = armErrorsFor(p.errorSchema);
  const b = body ?? {};
  const loc = b["location"];
  if (loc === undefined || loc === null || loc === "") throw e.locationRequired();
  if (typeof loc !== "string")
    throw e.invalidParameter(`The value '${shown(loc)}' is not valid for parameter 'location'. It must be a string.`, "location");
  if (!VI_LOCATIONS.includes(normalizeLocation(loc))) throw e.locationNotAvailable(loc, VI_ACCOUNT_TYPE, [...VI_LOCATIONS]);
  const tags = validateTags(e, b["tags"]);
  const identity = validateIdentity(e, b["identity"]);
  const props = b["properties"];
  if (props !== undefined && props !== null && !isObject(props)) {
    throw e.invalidParameter(`The value '${shown(props)}' is not valid for parameter 'properties'. It must be an object.`, "properties");
  }
  const pr: Body = isObject(props) ? props : {};
  let accountId = optionalString(e, pr, "accountId", "properties.accountId");
  if (accountId !== undefined) {
    const wellFormed: boolean = isGuid(accountId);
    if (!wellFormed)
      throw e.invalidParameter(
        `The value '${accountId}' is not valid for parameter 'properties.accountId'. It must be a GUID.`,
        "properties.accountId",
      );
    accountId = accountId.toLowerCase();
    if (accountId === ZERO_GUID) accountId = undefined; // the spec's default: "not connecting a classic account"
  }
  const properties: StoredProperties = {};
  const storage = validateService(e, pr[p.storageProperty], p.storageProperty, ["resourceId", "userAssignedIdentity"]);
  if (storage) properties[p.storageProperty] = storage;
  if (p.openAi) {
    const openAi = validateService(e, pr["openAiServices"], "openAiServices", ["resourceId", "userAssignedIdentity"]);
    if (openAi) properties.openAiServices = openAi;
  }
  if (p.publicNetworkAccess && pr["publicNetworkAccess"] !== undefined && pr["publicNetworkAccess"] !== null) {
    properties.publicNetworkAccess = enumOf(e, pr, "publicNetworkAccess", NETWORK_ACCESS, "properties.publicNetworkAccess");
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
  const e = armErrorsFor(p.errorSchema);
  const b = body ?? {};
  const out: AccountPatch = { properties: {} };
  if ("tags" in b) out.tags = validateTags(e, b["tags"]) ?? {};
  if ("identity" in b && b["identity"] !== null) out.identity = validateIdentity(e, b["identity"]);
  const props = b["properties"];
  if (props !== undefined && props !== null && !isObject(props)) {
    throw e.invalidParameter(`The value '${shown(props)}' is not valid for parameter 'properties'. It must be an object.`, "properties");
  }
  const pr: Body = isObject(props) ? props : {};
  const storage = validateService(e, pr[p.storageProperty], p.storageProperty, ["userAssignedIdentity"]);
  if (storage) out.properties[p.storageProperty] = storage;
  if (p.openAi) {
    const openAi = validateService(e, pr["openAiServices"], "openAiServices", ["resourceId", "userAssignedIdentity"]);
    if (openAi) out.properties.openAiServices = openAi;
  }
  if (p.publicNetworkAccess && pr["publicNetworkAccess"] !== undefined && pr["publicNetworkAccess"] !== null) {
    out.properties.publicNetworkAccess = enumOf(e, pr, "publicNetworkAccess", NETWORK_ACCESS, "properties.publicNetworkAccess");
  }
  return out;
}
