import { aadErrors, type AadErrorContext } from "./errors.js";
import type { Tenant } from "../../model/entities.js";
import { isGuid } from "../../model/ids.js";
import { keyOf } from "../../store/collections.js";
import type { Store } from "../../store/store.js";

/** Entra's multi-tenant authorities: they name no tenant, so the request or the credential must. */
export const TENANT_ALIASES = ["common", "organizations", "consumers"] as const;
export type TenantAlias = (typeof TENANT_ALIASES)[number];

/** What the first path segment of an Entra URL names. */
export type TenantSegment =
  | { kind: "id"; id: string }
  | { kind: "domain"; domain: string }
  | { kind: "alias"; alias: TenantAlias }
  | { kind: "invalid"; raw: string };

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** At least two labels and an alphabetic top-level label, like the domains tenants may declare. */
const DNS_NAME = new RegExp(`^(?:${LABEL}\\.)+[a-z]{2,63}$`);

/** Classifies a tenant path segment; GUIDs and domains compare case-insensitively, so they come back lower-cased. */
export function parseTenantSegment(raw: string): TenantSegment {
  const lower = raw.toLowerCase();
  // Kept as a boolean: `isGuid` is a type guard, and its false branch would narrow a string to never.
  const guid: boolean = isGuid(lower);
  if (guid) return { kind: "id", id: lower };
  if ((TENANT_ALIASES as readonly string[]).includes(lower)) return { kind: "alias", alias: lower as TenantAlias };
  if (lower.length <= 253 && DNS_NAME.test(lower)) return { kind: "domain", domain: lower };
  return { kind: "invalid", raw };
}

/**
 * The tenant a GUID or domain segment names, or the AADSTS error Entra gives: 90002 for a
 * well-formed identifier that names no tenant, 900023 for one that cannot name any.
 * Aliases are the caller's business (see `TenantSegment`), so they are refused here.
 */
export async function resolveTenant(store: Store, raw: string, c: AadErrorContext): Promise<Tenant> {
  const seg = parseTenantSegment(raw);
  switch (seg.kind) {
    case "id": {
      const t = await store.tenants.get(keyOf.tenant(seg.id));
      if (t) return t;
      break;
    }
    case "domain": {
      const t = await tenantByDomain(store, seg.domain);
      if (t) return t;
      break;
    }
    case "alias":
      throw aadErrors.noTenantInformation(c);
    case "invalid":
      throw aadErrors.invalidTenantIdentifier(c, raw);
  }
  throw aadErrors.tenantNotFound(c, raw);
}

/** Tenants are few, so a scan is cheaper than another index in the store. */
export async function tenantByDomain(store: Store, domain: string): Promise<Tenant | undefined> {
  const d = domain.toLowerCase();
  return (await store.tenants.list()).find((t) => t.domain.toLowerCase() === d);
}
