import type { VideoIndexerAccount } from "../../../../model/entities.js";
import { keyOf } from "../../../../store/collections.js";
import { armErrors } from "../../errors.js";
import { operation, type ApiVersionPolicy, type ArmCall, type ArmOperation } from "../../chain/operation.js";
import {
  familyHas,
  findApiVersion,
  NEWEST_VI_API_VERSION,
  normalizeLocation,
  versionsOf,
  VI_ACCOUNT_TYPE,
  VI_LOCATIONS,
  VI_PROVIDER,
  type ViApiVersion,
  type ViFamily,
} from "./api-versions.js";
import { checkAccountName } from "./rules.js";

/** What the Video Indexer operations share: paths, the api-version policy, scopes, the account lookup. */

export const ACCOUNTS = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${VI_PROVIDER}/accounts`;
export const ACCOUNT = `${ACCOUNTS}/:accountName`;
export const action = (op: string) => `${VI_ACCOUNT_TYPE}/${op}`;

export type ViCall<R = unknown, B = unknown> = ArmCall<ViApiVersion, R, B>;

/** Where ARM would say a request is going: the account's location, the body's, or the group's [U]. */
async function locationOf(call: ArmCall): Promise<string> {
  const { subscriptionId, resourceGroupName, accountName } = call.params;
  if (subscriptionId === undefined) return "global";
  const sub = call.subscription.id;
  if (accountName !== undefined) {
    const account = await call.ctx.store.videoIndexerAccounts.get(keyOf.resource(sub, resourceGroupName!, accountName));
    if (account) return normalizeLocation(account.location);
    try {
      const body = call.req.body;
      const loc = typeof body === "string" ? (JSON.parse(body) as { location?: unknown }).location : undefined;
      if (typeof loc === "string" && loc) return normalizeLocation(loc);
    } catch {
      // not JSON: the body is judged later, in order
    }
  }
  if (resourceGroupName === undefined) return "global";
  const rg = await call.ctx.store.resourceGroups.get(keyOf.resourceGroup(sub, resourceGroupName));
  return rg ? normalizeLocation(rg.location) : "global";
}

/**
 * The version profile of `family`, or NoRegisteredProviderFound naming the family's type, its
 * versions and Lazurite's location list. `--skip-api-version-check` serves unknown versions as
 * the newest (docs/video-indexer.md#api-versions).
 */
export function viApiVersions(family: ViFamily, located = true): ApiVersionPolicy<ViApiVersion> {
  return {
    async resolve(raw, call) {
      let p = findApiVersion(raw);
      if (!p && call.ctx.settings.skipApiVersionCheck) p = NEWEST_VI_API_VERSION;
      if (p && familyHas(family, p)) return p;
      const location = located ? await locationOf(call) : "global";
      throw armErrors.noRegisteredProvider(location, raw, family, versionsOf(family), [...VI_LOCATIONS]);
    },
  };
}

/** The account's resource id as the request spelt it: the scope RBAC is checked over. */
export function accountScope(call: ArmCall): string {
  const { subscriptionId, resourceGroupName, accountName } = call.params;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${VI_ACCOUNT_TYPE}/${accountName}`;
}

export const subscriptionScope = (call: ArmCall) => `/subscriptions/${call.params["subscriptionId"]}`;
export const groupScope = (call: ArmCall) => `${subscriptionScope(call)}/resourceGroups/${call.params["resourceGroupName"]}`;

export const accountNameRule = (call: ViCall) => checkAccountName(call.params["accountName"]!, call.profile);

export const loadAccount = (call: ArmCall): Promise<VideoIndexerAccount | undefined> =>
  call.ctx.store.videoIndexerAccounts.get(keyOf.resource(call.subscription.id, call.resourceGroup.name, call.params["accountName"]!));

export const accountNotFound = (call: ArmCall) =>
  call.errors.resourceNotFound(VI_ACCOUNT_TYPE, call.params["accountName"]!, call.params["resourceGroupName"]!);

/** The account, declared to exist: the chain refused the request with ResourceNotFound otherwise. */
export const existingAccount = { load: loadAccount, notFound: accountNotFound };

export { systemData } from "../../system-data.js";

/** An operation of this provider: its profile type is the Video Indexer api-version profile. */
export function viOperation<R = undefined, B = undefined>(op: ArmOperation<ViApiVersion, R, B>): ArmOperation {
  return operation(op);
}
