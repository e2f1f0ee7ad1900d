import { canon } from "../../../../model/ids.js";
import type { VideoIndexerAccount } from "../../../../model/entities.js";
import { ResourceError, ResourceService } from "../../../../resources/resource-service.js";
import type { ArmOperation } from "../../chain/operation.js";
import { normalizeLocation, VI_PROVIDER } from "./api-versions.js";
import { validateAccountPatch, validateAccountPut, validateCheckName, type StoredProperties } from "./account-body.js";
import {
  ACCOUNT,
  ACCOUNTS,
  accountNameRule,
  accountScope,
  action,
  existingAccount,
  groupScope,
  loadAccount,
  subscriptionScope,
  systemData,
  viApiVersions,
  viOperation,
} from "./common.js";
import { accountNameProblem } from "./rules.js";
import { accountView, operationsView } from "./views.js";

/** Microsoft.VideoIndexer: the operations list, checkNameAvailability, account lists and account CRUD. */
export const viAccountOperations: readonly ArmOperation[] = [
  viOperation({
    id: "Operations_List",
    method: "GET",
    path: `/providers/${VI_PROVIDER}/operations`,
    apiVersions: viApiVersions("operations", false),
    handle: async (call) => operationsView(call.profile),
  }),

  viOperation({
    id: "Accounts_CheckNameAvailability",
    method: "POST",
    path: `/subscriptions/:subscriptionId/providers/${VI_PROVIDER}/checkNameAvailability`,
    apiVersions: viApiVersions("checkNameAvailability"),
    authorize: { action: `${VI_PROVIDER}/checknameavailability/action`, scope: subscriptionScope },
    body: { typeName: "AccountCheckNameAvailabilityParameters", validate: (raw, call) => validateCheckName(raw, call.profile) },
    async handle(call) {
      const { name } = call.body;
      // Lazurite's choice [U]: an invalid name is "not available" with reason Invalid (common-types'
      // CheckNameAvailabilityReason) rather than an error; VI's enum names only AlreadyExists.
      const problem = accountNameProblem(name, call.profile);
      if (problem) return { nameAvailable: false, reason: "Invalid", message: problem };
      // Account names are unique across Azure (the spec's parameter description), hence every subscription.
      const taken = (await call.ctx.store.videoIndexerAccounts.list()).some((a) => canon(a.name) === canon(name));
      return taken ? { nameAvailable: false, reason: "AlreadyExists", message: "Resource name already exists" } : { nameAvailable: true };
    },
  }),

  viOperation({
    id: "Accounts_List",
    method: "GET",
    path: `/subscriptions/:subscriptionId/providers/${VI_PROVIDER}/accounts`,
    apiVersions: viApiVersions("accounts"),
    authorize: { action: action("read"), scope: subscriptionScope },
    async handle(call) {
      const accounts = await call.ctx.store.videoIndexerAccounts.list({ scopePrefix: `${call.subscription.id}/` });
      return { value: accounts.map((a) => accountView(a, call.subscription.tenantId, call.profile)) };
    },
  }),

  viOperation({
    id: "Accounts_ListByResourceGroup",
    method: "GET",
    path: ACCOUNTS,
    apiVersions: viApiVersions("accounts"),
    authorize: { action: action("read"), scope: groupScope },
    resourceGroup: true,
    async handle(call) {
      const accounts = await call.ctx.store.videoIndexerAccounts.list({
        scope: canon(`${call.subscription.id}/${call.resourceGroup.name}`),
      });
      return { value: accounts.map((a) => accountView(a, call.subscription.tenantId, call.profile)) };
    },
  }),

  viOperation({
    id: "Accounts_Get",
    method: "GET",
    path: ACCOUNT,
    apiVersions: viApiVersions("accounts"),
    authorize: { action: action("read"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    handle: async (call) => accountView(call.resource!, call.subscription.tenantId, call.profile),
  }),

  viOperation({
    id: "Accounts_CreateOrUpdate",
    method: "PUT",
    path: ACCOUNT,
    apiVersions: viApiVersions("accounts"),
    authorize: { action: action("write"), scope: accountScope },
    registration: VI_PROVIDER,
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: { load: loadAccount },
    body: { typeName: "Account", validate: (raw, call) => validateAccountPut(raw, call.profile) },
    async handle(call) {
      const put = call.body;
      const existing: VideoIndexerAccount | undefined = call.resource;
      if (existing) {
        if (normalizeLocation(existing.location) !== normalizeLocation(put.location)) {
          throw call.errors.invalidResourceLocation(existing.name, existing.location, call.resourceGroup.name, put.location);
        }
        if (put.accountId && put.accountId !== existing.accountId) {
          throw call.errors.invalidParameter(
            `The property 'properties.accountId' cannot be changed (it is '${existing.accountId}').`,
            "properties.accountId",
          );
        }
      }
      // Global name uniqueness is not enforced on PUT [U]: the spec's own examples reuse one name in
      // several subscriptions. checkNameAvailability still reports any name Lazurite knows as taken.
      let result;
      try {
        result = await call.ctx.store.transaction((tx) =>
          new ResourceService(tx, call.ctx.now).putVideoIndexerAccount(
            {
              subscriptionId: call.subscription.id,
              resourceGroup: call.resourceGroup.name,
              name: call.params["accountName"]!,
              location: put.location,
              tags: put.tags ?? {},
              accountId: put.accountId,
            },
            {
              properties: put.properties as Record<string, unknown>,
              identity: put.identity as Record<string, unknown> | undefined,
              systemData: systemData(call.principal, call.ctx.now(), existing?.systemData),
            },
          ),
        );
      } catch (e) {
        if (e instanceof ResourceError && e.kind === "conflict") throw call.errors.conflict("Conflict", e.message, "properties.accountId");
        throw e;
      }
      call.reply.code(result.created ? 201 : 200);
      return accountView(result.entity, call.subscription.tenantId, call.profile);
    },
  }),

  viOperation({
    id: "Accounts_Update",
    method: "PATCH",
    path: ACCOUNT,
    apiVersions: viApiVersions("accounts"),
    authorize: { action: action("write"), scope: accountScope },
    registration: VI_PROVIDER,
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    body: { typeName: "AccountPatch", validate: (raw, call) => validateAccountPatch(raw, call.profile) },
    async handle(call) {
      const patch = call.body;
      const a = call.resource!;
      const stored = { ...((a.properties ?? {}) as StoredProperties) };
      for (const k of ["storageServices", "mediaServices", "openAiServices"] as const) {
        if (patch.properties[k]) stored[k] = { ...(stored[k] ?? {}), ...patch.properties[k] };
      }
      if (patch.properties.publicNetworkAccess) stored.publicNetworkAccess = patch.properties.publicNetworkAccess;
      const updated = await new ResourceService(call.ctx.store, call.ctx.now).patchVideoIndexerAccount(a, {
        tags: patch.tags !== undefined ? patch.tags : a.tags,
        identity: patch.identity !== undefined ? (patch.identity as unknown as Record<string, unknown>) : a.identity,
        properties: stored,
        systemData: systemData(call.principal, call.ctx.now(), a.systemData),
      });
      return accountView(updated, call.subscription.tenantId, call.profile);
    },
  }),

  viOperation({
    id: "Accounts_Delete",
    method: "DELETE",
    path: ACCOUNT,
    apiVersions: viApiVersions("accounts"),
    authorize: { action: action("delete"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: { load: loadAccount },
    async handle(call) {
      // 204 when there is nothing to delete, 200 (no body) when the account went (spec: not an LRO).
      const a = call.resource;
      if (!a) return call.reply.code(204).send();
      await new ResourceService(call.ctx.store, call.ctx.now).deleteResource(
        "videoIndexerAccounts",
        a.subscriptionId,
        a.resourceGroup,
        a.name,
      );
      return call.reply.code(200).send();
    },
  }),
];
