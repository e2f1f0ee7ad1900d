import type { ManagedIdentitySettings } from "../../core/context.js";
import type { Application } from "../../model/entities.js";
import { isGuid } from "../../model/ids.js";
import { keyOf } from "../../store/collections.js";
import type { Store } from "../../store/store.js";
import type { IdentitySelectorKind } from "./flavours.js";

export type IdentitySelector = { kind: "default" } | { kind: IdentitySelectorKind; value: string };

/**
 * The identity a request names. The parameters are mutually exclusive (App Service docs), so
 * more than one is an error (`undefined`).
 */
export function identitySelector(
  query: Record<string, unknown>,
  names: Readonly<Record<string, IdentitySelectorKind>>,
): IdentitySelector | undefined {
  const given = Object.entries(names).filter(([name]) => typeof query[name] === "string" && query[name] !== "");
  if (given.length > 1) return undefined;
  const [first] = given;
  return first ? { kind: first[1], value: String(query[first[0]]) } : { kind: "default" };
}

/**
 * The application a managed-identity request acts as. A "managed identity" here is an
 * application: its client id is the identity's client id and its object id the principal id
 * that role assignments name. The default (system-assigned) identity is the configured one.
 * A resource id (`mi_res_id`) cannot be mapped: Lazurite has no managed-identity resources.
 */
export async function findIdentity(
  store: Store,
  settings: ManagedIdentitySettings,
  selector: IdentitySelector,
): Promise<Application | undefined> {
  switch (selector.kind) {
    case "default":
      return settings.clientId === undefined ? undefined : byClientId(store, selector.kind, settings.clientId, settings.tenantId);
    case "clientId":
      return byClientId(store, selector.kind, selector.value, settings.tenantId);
    case "objectId":
      return isGuid(selector.value) ? store.applications.getByAlt(selector.value.toLowerCase()) : undefined;
    case "resourceId":
      return undefined;
  }
}

/**
 * A client id is unique within a tenant only. The configured tenant wins when set (for the
 * default identity it is the only one searched); otherwise the first tenant in store order.
 */
async function byClientId(
  store: Store,
  kind: "default" | "clientId",
  clientId: string,
  tenantId: string | undefined,
): Promise<Application | undefined> {
  if (!isGuid(clientId)) return undefined;
  if (tenantId !== undefined) {
    const inTenant = await store.applications.get(keyOf.application(tenantId, clientId));
    if (inTenant || kind === "default") return inTenant;
  }
  const wanted = clientId.toLowerCase();
  return (await store.applications.list()).find((a) => a.clientId === wanted);
}
