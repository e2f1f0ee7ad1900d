import { aadErrors, type AadErrorContext } from "./errors.js";
import type { Tenant } from "../../model/entities.js";
import { isGuid } from "../../model/ids.js";
import { keyOf } from "../../store/collections.js";
import type { Store } from "../../store/store.js";

/** Entra's multi-tenant authorities: they name no tenant, so the request or the credential must. */
export const TENANT_ALIASES = ["common", "organizations", "consumers"] as const;
export type TenantAlias = (typeof TENANT_ALIASES)[number];

/**
 * The authority of custom-host mode: `az cloud register --endpoint-active-directory {server}/adfs`.
 * MSAL treats a one-segment `/adfs` authority as AD FS and then skips instance discovery, home-realm
 * discovery and the tenant it would append, so no Microsoft host is ever asked; the credential
 * (client id, user name, refresh token) names the tenant. A Lazurite choice
 * (docs/azure-hostnames.md#custom-host-mode).
 */
export const CUSTOM_HOST_AUTHORITY = "adfs";

/** What the first path segment of an Entra URL names. */
export type TenantSegment =
  | { kind: "id"; id: string }
  | { kind: "domain"; domain: string }
  | { kind: "alias"; alias: TenantAlias }
  | { kind: "custom-host" }
  | { kind: "invalid"; raw: string };

/** Segments that name no tenant: the credential must. */
export function namesNoTenant(seg: TenantSegment): boolean {
  return seg.kind === "alias" || seg.kind === "custom-host";
}

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
  if (lower === CUSTOM_HOST_AUTHORITY) return { kind: "custom-host" };
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
    case "custom-host":
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

/**
 * The one tenant that registered `clientId`, for an authority that names none (custom-host mode);
 * undefined when none or several did (the caller answers AADSTS50059, as Entra does at /common).
 */
export async function homeTenantOfClient(store: Store, clientId: string): Promise<Tenant | undefined> {
  if (!isGuid(clientId.toLowerCase())) return undefined;
  const found: Tenant[] = [];
  for (const t of await store.tenants.list()) {
    if (await store.applications.get(keyOf.application(t.id, clientId.toLowerCase()))) found.push(t);
  }
  return found.length === 1 ? found[0] : undefined;
}
