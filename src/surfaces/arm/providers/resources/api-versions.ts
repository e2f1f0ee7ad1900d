import type { ApiProfile, ApiVersionPolicy } from "../../chain/operation.js";
import { armErrors } from "../../errors.js";

/**
 * The api-versions of Microsoft.Resources that Lazurite serves, as data. ARM answers every
 * Microsoft.Resources type (subscriptions, tenants, locations, resource groups, providers,
 * resources, operation results) from one list, and refuses others with InvalidApiVersionParameter
 * naming it [O: ARM's message for an unknown version, docs/resource-manager.md#errors]. The request
 * and response JSON of what Lazurite serves did not change across them, so one handler serves all.
 *
 * Marks: [S] a spec folder upstream (`specification/resources/resource-manager/Microsoft.Resources`),
 * [V] sent by a client verified in docs/resource-manager.md, [U] Lazurite's assumption that ARM serves it.
 */
interface ResourcesApiVersion {
  version: string;
  mark: string;
}

const v = (version: string, mark: string): ResourcesApiVersion => ({ version, mark });

export const RESOURCES_API_VERSION_TABLE: readonly ResourcesApiVersion[] = [
  v("2014-04-01", "[U]"),
  v("2014-04-01-preview", "[S] subscriptions"),
  v("2015-01-01", "[U]"),
  v("2015-11-01", "[S]"),
  v("2016-02-01", "[S] [O: the Azure CLI's and core-client's provider auto-registration]"),
  v("2016-06-01", "[S] subscriptions"),
  v("2016-09-01", "[S]"),
  v("2017-05-10", "[S]"),
  v("2018-02-01", "[S]"),
  v("2018-05-01", "[S]"),
  v("2018-06-01", "[S] subscriptions"),
  v("2019-05-01", "[S]"),
  v("2019-06-01", "[S] subscriptions"),
  v("2019-10-01", "[S]"),
  v("2019-11-01", "[S] subscriptions [V: az login 2.45]"),
  v("2020-01-01", "[S] subscriptions"),
  v("2020-06-01", "[S]"),
  v("2021-01-01", "[S]"),
  v("2021-04-01", "[S] [V: az group 2.45]"),
  v("2022-01-01", "[S] subscriptions"),
  v("2022-09-01", "[S]"),
  v("2022-12-01", "[S] subscriptions [V: @azure/arm-resources-subscriptions 2.x and 3.x]"),
  v("2023-07-01", "[S]"),
  v("2024-03-01", "[S]"),
  v("2024-07-01", "[S]"),
  v("2024-11-01", "[S]"),
  v("2025-01-01", "[S]"),
  v("2025-03-01", "[S]"),
  v("2025-04-01", "[S] [V: @azure/arm-resources 7.x and 8.x]"),
];

export const RESOURCES_API_VERSIONS: string[] = RESOURCES_API_VERSION_TABLE.map((x) => x.version);
const NEWEST = RESOURCES_API_VERSIONS[RESOURCES_API_VERSIONS.length - 1]!;

/** Unknown versions: InvalidApiVersionParameter, or the newest with `--skip-api-version-check`. */
export const resourcesApiVersions: ApiVersionPolicy<ApiProfile> = {
  resolve(raw, call) {
    const hit = RESOURCES_API_VERSIONS.find((x) => x === raw.toLowerCase());
    if (hit) return { version: hit };
    if (call.ctx.settings.skipApiVersionCheck) return { version: NEWEST };
    throw armErrors.invalidApiVersion(raw, RESOURCES_API_VERSIONS);
  },
};
