import { FACE_RESOURCE_TYPE } from "../../../../core/azure.js";
import type { FaceResource } from "../../../../model/entities.js";
import { keyOf } from "../../../../store/collections.js";
import { operation, type ArmCall, type ArmOperation } from "../../chain/operation.js";
import { CS_PROVIDER, type CsApiVersion } from "./api-versions.js";
import { csErrors } from "./errors.js";

/** What the Cognitive Services operations share: paths, scopes, the account lookup and name rule. */

export const FACE_ACCOUNT_TYPE = FACE_RESOURCE_TYPE;
export const ACCOUNTS = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${CS_PROVIDER}/accounts`;
export const ACCOUNT = `${ACCOUNTS}/:accountName`;
export const action = (op: string) => `${CS_PROVIDER}/${op}`;

export type CsCall<R = unknown, B = unknown> = ArmCall<CsApiVersion, R, B>;

export const subscriptionScope = (call: ArmCall) => `/subscriptions/${call.params["subscriptionId"]}`;
export const groupScope = (call: ArmCall) => `${subscriptionScope(call)}/resourceGroups/${call.params["resourceGroupName"]}`;
export const accountScope = (call: ArmCall) => `${groupScope(call)}/providers/${FACE_ACCOUNT_TYPE}/${call.params["accountName"]}`;

/** The spec's accountName: 2–64 characters, `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$` [S]. */
const ACCOUNT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$/;
export function accountNameRule(call: ArmCall): void {
  const name = call.params["accountName"]!;
  if (!ACCOUNT_NAME.test(name)) throw csErrors.invalidAccountName(call.errors, name);
}

export const loadAccount = (call: ArmCall): Promise<FaceResource | undefined> =>
  call.ctx.store.faceResources.get(keyOf.resource(call.subscription.id, call.resourceGroup.name, call.params["accountName"]!));

/** The account, declared to exist: ARM's ResourceNotFound otherwise. */
export const existingAccount = {
  load: loadAccount,
  notFound: (call: ArmCall) =>
    call.errors.resourceNotFound(FACE_ACCOUNT_TYPE, call.params["accountName"]!, call.params["resourceGroupName"]!),
};

/** An operation of this provider: its profile type is the Cognitive Services api-version profile. */
export function csOperation<R = undefined, B = undefined>(op: ArmOperation<CsApiVersion, R, B>): ArmOperation {
  return operation(op);
}
