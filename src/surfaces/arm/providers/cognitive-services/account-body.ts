import { isObject, missingParameter, stringOf, tagsOf, type Body } from "../../body/fields.js";
import type { ArmErrors } from "../../errors.js";
import { findRegion, REGION_NAMES } from "../../locations.js";
import { CS_KINDS, FACE_SKUS } from "./api-versions.js";
import { csErrors } from "./errors.js";
import { FACE_ACCOUNT_TYPE } from "./common.js";

/**
 * What the Cognitive Services provider reads from request bodies. The spec gives the schemas
 * [S]; the rules beyond them and the texts of failures are listed in docs/resource-manager.md.
 * Unknown properties are ignored (Json.NET's default), known writable ones are kept.
 */

/** A custom subdomain is a DNS label [D: Learn, custom subdomain names]. */
export const SUBDOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])$/;

/** Writable AccountProperties Lazurite keeps and shows back (besides customSubDomainName) [S]. */
const BOOLEAN_PROPERTIES = ["disableLocalAuth", "restrictOutboundNetworkAccess", "dynamicThrottlingEnabled"] as const;
const OBJECT_PROPERTIES = ["networkAcls", "apiProperties", "encryption"] as const;
const PUBLIC_NETWORK_ACCESS = ["Enabled", "Disabled"] as const;
/** Bound on what the kept properties may weigh once serialised [U]. */
const MAX_PROPERTIES_JSON = 16 * 1024;

export interface AccountProperties {
  /** undefined: not given; null: given empty (no custom subdomain). */
  customSubDomainName: string | null | undefined;
  kept: Record<string, unknown>;
}

function propertiesOf(e: ArmErrors, v: unknown): AccountProperties {
  if (v === undefined || v === null) return { customSubDomainName: undefined, kept: {} };
  if (!isObject(v)) throw e.invalidParameter("The value of parameter 'properties' is not valid. It must be an object.", "properties");
  const kept: Record<string, unknown> = {};
  let customSubDomainName: string | null | undefined;
  if ("customSubDomainName" in v) {
    const sub = stringOf(e, v, "customSubDomainName", 64, "properties.customSubDomainName");
    if (sub !== undefined && !SUBDOMAIN.test(sub)) throw csErrors.invalidSubdomain(e, sub);
    customSubDomainName = sub ?? null;
  }
  const pna = v["publicNetworkAccess"];
  if (pna !== undefined && pna !== null) {
    const hit = typeof pna === "string" ? PUBLIC_NETWORK_ACCESS.find((x) => x.toLowerCase() === pna.toLowerCase()) : undefined;
    if (!hit) {
      throw e.invalidParameter(
        `The value '${JSON.stringify(pna)}' is not valid for parameter 'properties.publicNetworkAccess'. Allowed values are: 'Enabled', 'Disabled'.`,
        "properties.publicNetworkAccess",
      );
    }
    kept["publicNetworkAccess"] = hit;
  }
  for (const k of BOOLEAN_PROPERTIES) {
    const x = v[k];
    if (x === undefined || x === null) continue;
    if (typeof x !== "boolean")
      throw e.invalidParameter(`The value of parameter 'properties.${k}' is not valid. It must be a boolean.`, `properties.${k}`);
    kept[k] = x;
  }
  for (const k of OBJECT_PROPERTIES) {
    const x = v[k];
    if (x === undefined || x === null) continue;
    if (!isObject(x))
      throw e.invalidParameter(`The value of parameter 'properties.${k}' is not valid. It must be an object.`, `properties.${k}`);
    kept[k] = x;
  }
  const fqdns = v["allowedFqdnList"];
  if (fqdns !== undefined && fqdns !== null) {
    if (!Array.isArray(fqdns) || fqdns.some((x) => typeof x !== "string")) {
      throw e.invalidParameter(
        "The value of parameter 'properties.allowedFqdnList' is not valid. It must be an array of strings.",
        "properties.allowedFqdnList",
      );
    }
    kept["allowedFqdnList"] = fqdns;
  }
  if (JSON.stringify(kept).length > MAX_PROPERTIES_JSON) {
    throw e.invalidParameter(`The account properties are larger than ${MAX_PROPERTIES_JSON} bytes.`, "properties");
  }
  return { customSubDomainName, kept };
}

/** `sku.name`: F0 or S0 for Face (matched ignoring case, answered in canonical form). */
function skuOf(e: ArmErrors, v: unknown, kind: string): string {
  if (!isObject(v)) throw missingParameter(e, "sku");
  const name = stringOf(e, v, "name", 64, "sku.name");
  if (name === undefined) throw missingParameter(e, "sku.name");
  const hit = FACE_SKUS.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!hit) throw csErrors.skuNotAvailable(e, name, kind);
  return hit.name;
}

function kindOf(e: ArmErrors, b: Body): string {
  const kind = stringOf(e, b, "kind", 64);
  if (kind === undefined) throw missingParameter(e, "kind");
  const hit = CS_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase());
  if (!hit) throw csErrors.invalidKind(e, kind);
  return hit;
}

export interface AccountPut {
  location: string;
  kind: string;
  sku: string;
  tags: Record<string, string>;
  properties: AccountProperties;
}

/** Account (PUT): kind Face, sku F0/S0, a location ARM knows for the type, tags, properties. */
export function validateAccountPut(e: ArmErrors, raw: Body | undefined): AccountPut {
  const b = raw ?? {};
  const location = stringOf(e, b, "location", 64);
  if (location === undefined) throw e.locationRequired();
  if (!findRegion(location)) throw e.locationNotAvailable(location, FACE_ACCOUNT_TYPE, [...REGION_NAMES]);
  const kind = kindOf(e, b);
  return { location, kind, sku: skuOf(e, b["sku"], kind), tags: tagsOf(e, b["tags"]) ?? {}, properties: propertiesOf(e, b["properties"]) };
}

export interface AccountPatch {
  sku?: string;
  tags?: Record<string, string>;
  properties?: AccountProperties;
}

/** Account (PATCH): sku, tags and properties, each replacing what is stored when present. */
export function validateAccountPatch(e: ArmErrors, raw: Body | undefined): AccountPatch {
  const b = raw ?? {};
  const out: AccountPatch = {};
  if (b["sku"] !== undefined && b["sku"] !== null) out.sku = skuOf(e, b["sku"], "Face");
  if ("tags" in b) out.tags = tagsOf(e, b["tags"]) ?? {};
  if (b["properties"] !== undefined && b["properties"] !== null) out.properties = propertiesOf(e, b["properties"]);
  return out;
}

/** RegenerateKeyParameters: `keyName` Key1 or Key2 [S], matched ignoring case. */
export function validateRegenerate(e: ArmErrors, raw: Body | undefined): "key1" | "key2" {
  const name = stringOf(e, raw ?? {}, "keyName", 16);
  if (name === undefined) throw missingParameter(e, "keyName");
  const k = name.toLowerCase();
  if (k !== "key1" && k !== "key2") {
    throw e.invalidParameter(`The value '${name}' is not valid for parameter 'keyName'. Allowed values are: 'Key1', 'Key2'.`, "keyName");
  }
  return k;
}

/** CheckDomainAvailabilityParameter: `subdomainName` and `type` required [S]. */
export function validateDomainCheck(e: ArmErrors, raw: Body | undefined): { subdomainName: string; type: string; kind?: string } {
  const b = raw ?? {};
  const subdomainName = stringOf(e, b, "subdomainName", 256);
  if (subdomainName === undefined) throw csErrors.valueCannotBeNull(e, "parameters.SubdomainName");
  const type = stringOf(e, b, "type", 256);
  if (type === undefined) throw csErrors.valueCannotBeNull(e, "parameters.Type");
  const kind = stringOf(e, b, "kind", 64);
  return { subdomainName, type, ...(kind !== undefined ? { kind } : {}) };
}

/** CheckSkuAvailabilityParameter: `skus`, `kind`, `type` required [S]; names as the real service reports them [O]. */
export function validateSkuCheck(e: ArmErrors, raw: Body | undefined): { skus: string[]; kind: string; type: string } {
  const b = raw ?? {};
  const skus = b["skus"];
  if (skus === undefined || skus === null) throw csErrors.valueCannotBeNull(e, "requestObject.Skus");
  if (!Array.isArray(skus) || skus.some((s) => typeof s !== "string" || s.length > 64) || skus.length > 32) {
    throw e.invalidParameter("The value of parameter 'skus' is not valid. It must be an array of at most 32 SKU names.", "skus");
  }
  const kind = stringOf(e, b, "kind", 64);
  if (kind === undefined) throw csErrors.valueCannotBeNull(e, "requestObject.Kind");
  const type = stringOf(e, b, "type", 256);
  if (type === undefined) throw csErrors.valueCannotBeNull(e, "requestObject.Type");
  return { skus: skus as string[], kind, type };
}
