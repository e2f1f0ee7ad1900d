import type { FaceResource } from "../../../../model/entities.js";
import { ResourceService } from "../../../../resources/resource-service.js";
import type { ArmOperation } from "../../chain/operation.js";
import { validateRegenerate } from "./account-body.js";
import { csApiVersions } from "./api-versions.js";
import { ACCOUNT, accountNameRule, accountScope, action, csOperation, existingAccount } from "./common.js";

/**
 * listKeys and regenerateKey. The keys are the Face resource's own: they work on the Face surface
 * at once, and a regenerated key stops working at once (the Face surface reads keys through the
 * store's change-fed cache, docs/scale-out.md).
 */
const apiKeys = (f: FaceResource) => ({ key1: f.keys[0], key2: f.keys[1] });

export const csKeyOperations: readonly ArmOperation[] = [
  csOperation({
    id: "Accounts_ListKeys",
    method: "POST",
    path: `${ACCOUNT}/listKeys`,
    apiVersions: csApiVersions("accounts"),
    // Cognitive Services User holds it as `…/listkeys/action`: actions compare ignoring case.
    authorize: { action: action("accounts/listKeys/action"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    handle: async (call) => apiKeys(call.resource!),
  }),
  csOperation<FaceResource, "key1" | "key2">({
    id: "Accounts_RegenerateKey",
    method: "POST",
    path: `${ACCOUNT}/regenerateKey`,
    apiVersions: csApiVersions("accounts"),
    authorize: { action: action("accounts/regenerateKey/action"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    body: { typeName: "RegenerateKeyParameters", validate: (raw, call) => validateRegenerate(call.errors, raw) },
    async handle(call) {
      const f = call.resource!;
      const updated = await call.ctx.store.transaction((tx) =>
        new ResourceService(tx, call.ctx.now).regenerateFaceKey(f.subscriptionId, f.resourceGroup, f.name, call.body),
      );
      return apiKeys(updated);
    },
  }),
];
