import type { FastifyRequest } from "fastify";
import { AZURE_HOSTNAMES } from "../../core/azure.js";
import type { FaceResource } from "../../model/entities.js";
import { canon } from "../../model/ids.js";
import { FACE_RESOURCE_NAME } from "../../resources/names.js";
import type { Store } from "../../store/store.js";

/**
 * Which Face resource a request addresses, by the endpoint form the client was configured with:
 *  - path style    `https://localhost:10443/{name}`  → route `/{name}/face/...` (the name is a path param)
 *  - product style `https://{name}.localhost:10443`  → the first label of Host names the resource,
 *    as `{name}.cognitiveservices.azure.com` does on Azure
 *  - bare origin   `https://localhost:10443`         → no name: the caller's key decides (see auth.ts)
 */
export type ResourceAddress = { kind: "named"; name: string; resource: FaceResource | undefined } | { kind: "origin" };

export async function resolveResource(req: FastifyRequest, store: Store): Promise<ResourceAddress> {
  const fromPath = (req.params as { resource?: string }).resource;
  // A name that cannot be a resource's is not looked up: nothing to find, and nothing for a cache to remember.
  if (fromPath !== undefined) {
    const resource = FACE_RESOURCE_NAME.test(fromPath) ? await store.faceResources.getByAlt(canon(fromPath)) : undefined;
    return { kind: "named", name: fromPath, resource };
  }
  const label = hostLabel(req.headers.host);
  if (label && FACE_RESOURCE_NAME.test(label)) {
    const resource = await store.faceResources.getByAlt(canon(label));
    if (resource) return { kind: "named", name: label, resource };
    // On Azure's own suffix (hostname mode) the subdomain can only name a resource: an unknown one is
    // gone, as on Azure (where it would not resolve). Elsewhere a first label that is no Face resource
    // (localhost, a load balancer's name) is a bare origin.
    if (req.hostname.toLowerCase().endsWith(AZURE_HOSTNAMES.faceSuffix)) return { kind: "named", name: label, resource: undefined };
  }
  return { kind: "origin" };
}

/** The first DNS label of a Host header, unless the host is an IP literal or a single label. */
export function hostLabel(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.startsWith("[") ? host : host.replace(/:\d+$/, "");
  if (/^[\d.]+$/.test(name) || name.startsWith("[") || !name.includes(".")) return undefined;
  return name.split(".")[0];
}
