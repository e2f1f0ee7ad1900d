import type { FaceResource } from "./entities.js";

/**
 * The custom subdomain of a Face resource, or undefined when it has none. Resources from the
 * config file and the admin API are named by their subdomain (the field is absent on them); an
 * ARM account has one only when `customSubDomainName` was set (docs/resource-manager.md#endpoints).
 */
export function faceSubdomain(f: Pick<FaceResource, "name" | "customSubDomainName">): string | undefined {
  if (f.customSubDomainName === undefined) return f.name;
  return f.customSubDomainName ?? undefined;
}
