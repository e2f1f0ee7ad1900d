import { createHash } from "node:crypto";
import { faceResourceId } from "../../../../core/azure.js";
import type { FaceResource } from "../../../../model/entities.js";
import { faceSubdomain } from "../../../../model/face.js";
import { guidFromName } from "../../../../model/ids.js";
import { keyOf } from "../../../../store/collections.js";
import type { CsApiVersion } from "./api-versions.js";
import { FACE_ACCOUNT_TYPE } from "./common.js";
import { faceEndpoint } from "./endpoint.js";

/**
 * The Account resource as ARM shows it [R: the custom-domain and crud recordings of the real
 * service]. Resources made by the config file or the admin API have no ARM fields: they show SKU
 * S0, their name as custom subdomain, and an internalId derived from their key [U].
 */

/** `"0f008b01-0000-0700-0000-5ed75f6a0000"`-shaped, from the stored entity: it changes on every write [U: real etags are opaque]. */
export function accountEtag(f: FaceResource): string {
  const h = createHash("sha256").update(JSON.stringify(f)).digest("hex");
  return `"${h.slice(0, 8)}-0000-0700-0000-${h.slice(8, 20)}"`;
}

export function internalIdOf(f: FaceResource): string {
  return f.internalId ?? guidFromName("face-internal-id", keyOf.resource(f.subscriptionId, f.resourceGroup, f.name)).replace(/-/g, "");
}

export function accountView(f: FaceResource, origin: string, p: CsApiVersion, provisioningState = "Succeeded"): Record<string, unknown> {
  const sub = faceSubdomain(f);
  const endpoint = faceEndpoint(origin, sub);
  const kept = f.properties ?? {};
  const properties: Record<string, unknown> = {
    endpoint,
    internalId: internalIdOf(f),
    ...(f.dateCreated ? { dateCreated: f.dateCreated } : {}),
    ...(sub !== undefined ? { customSubDomainName: sub } : {}),
    privateEndpointConnections: [],
    publicNetworkAccess: "Enabled",
    ...kept,
    isMigrated: false,
    ...(p.endpointsMap ? { endpoints: { Face: endpoint } } : {}),
    provisioningState,
  };
  return {
    id: faceResourceId(f),
    name: f.name,
    type: FACE_ACCOUNT_TYPE,
    etag: accountEtag(f),
    location: f.location,
    sku: { name: f.sku ?? "S0" },
    kind: "Face",
    ...(f.tags && Object.keys(f.tags).length > 0 ? { tags: f.tags } : {}),
    ...(f.systemData ? { systemData: f.systemData } : {}),
    properties,
  };
}
