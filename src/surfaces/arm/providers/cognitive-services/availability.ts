import { canon } from "../../../../model/ids.js";
import type { ArmOperation } from "../../chain/operation.js";
import { findRegion, REGION_NAMES } from "../../locations.js";
import { SUBDOMAIN, validateDomainCheck, validateSkuCheck } from "./account-body.js";
import { CS_KINDS, CS_PROVIDER, csApiVersions, FACE_SKUS } from "./api-versions.js";
import {
  ACCOUNT,
  accountNameRule,
  accountScope,
  action,
  csOperation,
  existingAccount,
  FACE_ACCOUNT_TYPE,
  subscriptionScope,
} from "./common.js";

/**
 * checkDomainAvailability, checkSkuAvailability and the SKU lists, for kind Face and its SKUs
 * F0 and S0 (docs/resource-manager.md#kinds-and-skus).
 */

const sameType = (t: string) => t.toLowerCase() === FACE_ACCOUNT_TYPE.toLowerCase();

export const csAvailabilityOperations: readonly ArmOperation[] = [
  csOperation<undefined, ReturnType<typeof validateDomainCheck>>({
    id: "CheckDomainAvailability",
    method: "POST",
    path: `/subscriptions/:subscriptionId/providers/${CS_PROVIDER}/checkDomainAvailability`,
    apiVersions: csApiVersions("checkDomainAvailability"),
    authorize: { action: action("checkDomainAvailability/action"), scope: subscriptionScope },
    body: { typeName: "CheckDomainAvailabilityParameter", validate: (raw, call) => validateDomainCheck(call.errors, raw) },
    async handle(call) {
      const { subdomainName, type } = call.body;
      // Texts: [S] the spec example (invalid) and [D] Learn (available, taken). Custom subdomains
      // are unique across every Face resource Lazurite keeps.
      if (!SUBDOMAIN.test(subdomainName) || !sameType(type)) {
        return { isSubdomainAvailable: false, reason: `Sub domain name '${subdomainName}' is not valid`, subdomainName, type };
      }
      if (await call.ctx.store.faceResources.getByAlt(canon(subdomainName))) {
        return {
          isSubdomainAvailable: false,
          reason: `Sub domain name '${subdomainName}' is already used. Please pick a different name.`,
          subdomainName,
          type,
        };
      }
      return { isSubdomainAvailable: true, subdomainName, type };
    },
  }),

  csOperation<undefined, ReturnType<typeof validateSkuCheck>>({
    id: "CheckSkuAvailability",
    method: "POST",
    path: `/subscriptions/:subscriptionId/providers/${CS_PROVIDER}/locations/:location/checkSkuAvailability`,
    apiVersions: csApiVersions("locations/checkSkuAvailability"),
    authorize: { action: action("locations/checkSkuAvailability/action"), scope: subscriptionScope },
    body: { typeName: "CheckSkuAvailabilityParameter", validate: (raw, call) => validateSkuCheck(call.errors, raw) },
    async handle(call) {
      const { skus, kind, type } = call.body;
      const kindServed = CS_KINDS.some((k) => k.toLowerCase() === kind.toLowerCase()) && sameType(type);
      const located = findRegion(call.params["location"]!) !== undefined;
      return {
        value: skus.map((skuName) => {
          const known = FACE_SKUS.some((s) => s.name.toLowerCase() === skuName.toLowerCase());
          if (kindServed && located && known) return { kind, type, skuName, skuAvailable: true };
          // [U] reason and message: Lazurite serves only Face, F0 and S0, in REGIONS.
          const message = !kindServed
            ? `The account kind '${kind}' is not available.`
            : !located
              ? `The location '${call.params["location"]}' is not available for kind '${kind}'.`
              : `The SKU '${skuName}' is not available for kind '${kind}'.`;
          return { kind, type, skuName, skuAvailable: false, reason: "NotAvailableForSubscription", message };
        }),
      };
    },
  }),

  csOperation({
    id: "ResourceSkus_List",
    method: "GET",
    path: `/subscriptions/:subscriptionId/providers/${CS_PROVIDER}/skus`,
    apiVersions: csApiVersions("skus"),
    authorize: { action: action("skus/read"), scope: subscriptionScope },
    handle: async () => ({
      value: FACE_SKUS.map((s) => ({
        resourceType: "accounts",
        name: s.name,
        tier: s.tier,
        kind: "Face",
        locations: REGION_NAMES.map((r) => r.toUpperCase()),
        restrictions: [],
      })),
    }),
  }),

  csOperation({
    id: "Accounts_ListSkus",
    method: "GET",
    path: `${ACCOUNT}/skus`,
    apiVersions: csApiVersions("accounts"),
    authorize: { action: action("accounts/skus/read"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    handle: async () => ({ value: FACE_SKUS.map((s) => ({ resourceType: FACE_ACCOUNT_TYPE, sku: { name: s.name, tier: s.tier } })) }),
  }),
];
