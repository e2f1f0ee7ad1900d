import type { ApiProfile, ApiVersionPolicy } from "../../chain/operation.js";
import { armErrors } from "../../errors.js";

/**
 * The api-versions of Microsoft.Authorization role assignments and definitions Lazurite serves.
 * Marks: [S] a spec folder upstream (`specification/authorization/resource-manager`), [V] sent by
 * `@azure/arm-authorization` 9.0.0, [O] seen in a real URL in a public issue, [U] assumed. The
 * RoleAssignment and RoleDefinition JSON Lazurite answers is the 2022-04-01 one for all of them [U].
 * An unknown version is ARM's InvalidApiVersionParameter [U: the provider's own answer was not seen].
 */
const TABLE: readonly [version: string, mark: string][] = [
  ["2015-07-01", "[S]"],
  ["2018-01-01-preview", "[S]"],
  ["2018-09-01-preview", "[S] [O: Azure/azure-rest-api-specs#9021]"],
  ["2020-04-01-preview", "[S]"],
  ["2020-08-01-preview", "[S]"],
  ["2020-10-01-preview", "[S]"],
  ["2022-01-01-preview", "[S]"],
  ["2022-04-01", "[S] [V]"],
  ["2022-05-01-preview", "[S]"],
];

export const AUTHORIZATION_API_VERSIONS: string[] = TABLE.map(([v]) => v);
const NEWEST = "2022-04-01";

export const authorizationApiVersions: ApiVersionPolicy<ApiProfile> = {
  resolve(raw, call) {
    const hit = AUTHORIZATION_API_VERSIONS.find((x) => x === raw.toLowerCase());
    if (hit) return { version: hit };
    if (call.ctx.settings.skipApiVersionCheck) return { version: NEWEST };
    throw armErrors.invalidApiVersion(raw, AUTHORIZATION_API_VERSIONS);
  },
};
