import type { ArmOperation } from "../../chain/operation.js";
import { VI_ACCOUNT_TYPE } from "./api-versions.js";
import { ACCOUNT, accountNameRule, accountScope, action, existingAccount, viApiVersions, viOperation, type ViCall } from "./common.js";

/**
 * Private endpoint connections and private link resources. Lazurite's accounts never have any
 * (connections are made by Microsoft.Network when a private endpoint is created, which Lazurite
 * does not emulate): lists are empty, a named item is ARM's ResourceNotFound for the nested type,
 * and deleting one that is absent is 204 [U].
 */
const PEC = "accounts/privateEndpointConnections" as const;
const PLR = "accounts/privateLinkResources" as const;

const childNotFound = (call: ViCall, child: string, name: string) =>
  call.errors.resourceNotFound(`${VI_ACCOUNT_TYPE}/${call.params["accountName"]}/${child}`, name, call.params["resourceGroupName"]!);

const common = { resourceGroup: true, nameRule: accountNameRule, resource: existingAccount } as const;

export const viPrivateLinkOperations: readonly ArmOperation[] = [
  viOperation({
    id: "PrivateEndpointConnections_ListByAccount",
    method: "GET",
    path: `${ACCOUNT}/privateEndpointConnections`,
    apiVersions: viApiVersions(PEC),
    authorize: { action: action("privateEndpointConnections/read"), scope: accountScope },
    ...common,
    handle: async () => ({ value: [] }),
  }),
  ...(
    [
      ["GET", "PrivateEndpointConnections_Get", "read"],
      ["PUT", "PrivateEndpointConnections_CreateOrUpdate", "write"],
      ["DELETE", "PrivateEndpointConnections_Delete", "delete"],
    ] as const
  ).map(([method, id, verb]) =>
    viOperation({
      id,
      method,
      path: `${ACCOUNT}/privateEndpointConnections/:privateEndpointConnectionName`,
      apiVersions: viApiVersions(PEC),
      authorize: { action: action(`privateEndpointConnections/${verb}`), scope: accountScope },
      ...common,
      async handle(call) {
        if (method === "DELETE") return call.reply.code(204).send();
        throw childNotFound(call, "privateEndpointConnections", call.params["privateEndpointConnectionName"]!);
      },
    }),
  ),
  viOperation({
    id: "PrivateLinkResources_ListByAccount",
    method: "GET",
    path: `${ACCOUNT}/privateLinkResources`,
    apiVersions: viApiVersions(PLR),
    authorize: { action: action("privateLinkResources/read"), scope: accountScope },
    ...common,
    handle: async () => ({ value: [] }),
  }),
  viOperation({
    id: "PrivateLinkResources_Get",
    method: "GET",
    path: `${ACCOUNT}/privateLinkResources/:groupId`,
    apiVersions: viApiVersions(PLR),
    authorize: { action: action("privateLinkResources/read"), scope: accountScope },
    ...common,
    handle: async (call) => {
      throw childNotFound(call, "privateLinkResources", call.params["groupId"]!);
    },
  }),
];
