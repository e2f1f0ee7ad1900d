import { requestOrigin } from "../../../../core/request-origin.js";
import type { FaceResource } from "../../../../model/entities.js";
import { faceSubdomain } from "../../../../model/face.js";
import { canon } from "../../../../model/ids.js";
import { ResourceError, ResourceService } from "../../../../resources/resource-service.js";
import { StoreConflictError } from "../../../../store/store.js";
import type { ArmOperation } from "../../chain/operation.js";
import { normalizeRegion } from "../../locations.js";
import { checkOperationId, mintOperationId } from "../../lro.js";
import { systemData } from "../../system-data.js";
import { validateAccountPatch, validateAccountPut, type AccountPatch, type AccountPut } from "./account-body.js";
import { CS_PROVIDER, csApiVersions } from "./api-versions.js";
import {
  ACCOUNT,
  ACCOUNTS,
  accountNameRule,
  accountScope,
  action,
  csOperation,
  existingAccount,
  groupScope,
  loadAccount,
  subscriptionScope,
  type CsCall,
} from "./common.js";
import { csErrors } from "./errors.js";
import { accountEtag, accountView } from "./views.js";

/**
 * Microsoft.CognitiveServices/accounts of kind Face: lists, get, create or update (a long-running
 * operation as the real service runs it), update, delete, and the operation status the create's
 * `Azure-AsyncOperation` URL names (docs/resource-manager.md#long-running-operations).
 */

const ACCOUNTS_TYPE = "accounts";
/** The real service's status URLs carry this api-version whatever the request used [R]. */
const STATUS_API_VERSION = "2017-04-18";

const view = (call: CsCall, f: FaceResource, state?: string) => accountView(f, requestOrigin(call.req), call.profile, state);

/** A subdomain clash, from the service's check or the store's unique key (two writers at once). */
async function write<T>(call: CsCall, subdomain: string | undefined, fn: (svc: ResourceService) => Promise<T>): Promise<T> {
  try {
    return await call.ctx.store.transaction((tx) => fn(new ResourceService(tx, call.ctx.now)));
  } catch (e) {
    if ((e instanceof ResourceError && e.kind === "conflict") || e instanceof StoreConflictError) {
      throw csErrors.customDomainInUse(call.errors, subdomain ?? "");
    }
    throw e;
  }
}

function statusUrl(call: CsCall, location: string, id: string): string {
  return `${requestOrigin(call.req)}/subscriptions/${call.subscription.id}/providers/${CS_PROVIDER}/locations/${location}/operationResults/${id}?api-version=${STATUS_API_VERSION}`;
}

export const csAccountOperations: readonly ArmOperation[] = [
  csOperation({
    id: "Accounts_List",
    method: "GET",
    path: `/subscriptions/:subscriptionId/providers/${CS_PROVIDER}/accounts`,
    apiVersions: csApiVersions(ACCOUNTS_TYPE),
    authorize: { action: action("accounts/read"), scope: subscriptionScope },
    async handle(call) {
      const all = await call.ctx.store.faceResources.list({ scopePrefix: `${call.subscription.id}/` });
      return { value: all.map((f) => view(call, f)) };
    },
  }),

  csOperation({
    id: "Accounts_ListByResourceGroup",
    method: "GET",
    path: ACCOUNTS,
    apiVersions: csApiVersions(ACCOUNTS_TYPE),
    authorize: { action: action("accounts/read"), scope: groupScope },
    resourceGroup: true,
    async handle(call) {
      const all = await call.ctx.store.faceResources.list({ scope: canon(`${call.subscription.id}/${call.resourceGroup.name}`) });
      return { value: all.map((f) => view(call, f)) };
    },
  }),

  csOperation({
    id: "Accounts_Get",
    method: "GET",
    path: ACCOUNT,
    apiVersions: csApiVersions(ACCOUNTS_TYPE),
    authorize: { action: action("accounts/read"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    handle: async (call) => {
      call.reply.header("etag", accountEtag(call.resource!));
      return view(call, call.resource!);
    },
  }),

  csOperation<FaceResource, AccountPut>({
    id: "Accounts_Create",
    method: "PUT",
    path: ACCOUNT,
    apiVersions: csApiVersions(ACCOUNTS_TYPE),
    authorize: { action: action("accounts/write"), scope: accountScope },
    registration: CS_PROVIDER,
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: { load: loadAccount },
    body: { typeName: "Account", validate: (raw, call) => validateAccountPut(call.errors, raw) },
    async handle(call) {
      const put = call.body;
      const existing = call.resource;
      const wanted = put.properties.customSubDomainName;
      if (existing) {
        if (normalizeRegion(existing.location) !== normalizeRegion(put.location)) {
          throw call.errors.invalidResourceLocation(existing.name, existing.location, call.resourceGroup.name, put.location);
        }
        const current = faceSubdomain(existing);
        if (current !== undefined && wanted !== undefined && canon(wanted ?? "") !== canon(current)) {
          throw csErrors.customDomainImmutable(call.errors, current);
        }
      }
      const now = call.ctx.now();
      const result = await write(call, wanted ?? undefined, (svc) =>
        svc.putFaceAccount({
          subscriptionId: call.subscription.id,
          resourceGroup: call.resourceGroup.name,
          name: call.params["accountName"]!,
          location: put.location,
          sku: put.sku,
          tags: put.tags,
          customSubDomainName: wanted ?? null,
          properties: put.properties.kept,
          systemData: systemData(call.principal, now, existing?.systemData),
        }),
      );
      call.reply.header("etag", accountEtag(result.entity));
      if (!result.created) return call.reply.code(200).send(view(call, result.entity));
      if (call.profile.create === "synchronous") return call.reply.code(201).send(view(call, result.entity));
      // Created before this answer; the status URL answers Succeeded on the first poll, and the
      // SDK and the CLI then read the account [V, C]: three requests and no wait.
      const location = normalizeRegion(put.location).toUpperCase();
      const id = await mintOperationId(call.ctx.store, now, [call.subscription.id, location]);
      call.reply.header("azure-asyncoperation", statusUrl(call, location, id));
      return call.reply.code(201).send(view(call, result.entity, "Creating"));
    },
  }),

  csOperation<FaceResource, AccountPatch>({
    id: "Accounts_Update",
    method: "PATCH",
    path: ACCOUNT,
    apiVersions: csApiVersions(ACCOUNTS_TYPE),
    authorize: { action: action("accounts/write"), scope: accountScope },
    registration: CS_PROVIDER,
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    body: { typeName: "Account", validate: (raw, call) => validateAccountPatch(call.errors, raw) },
    async handle(call) {
      const f = call.resource!;
      const patch = call.body;
      const current = faceSubdomain(f);
      const wanted = patch.properties?.customSubDomainName;
      if (current !== undefined && wanted !== undefined && canon(wanted ?? "") !== canon(current)) {
        throw csErrors.customDomainImmutable(call.errors, current);
      }
      const updated = await write(call, wanted ?? undefined, (svc) =>
        svc.patchFaceAccount(f, {
          ...(patch.sku ? { sku: patch.sku } : {}),
          ...(patch.tags ? { tags: patch.tags } : {}),
          // Setting a custom subdomain later changes the endpoint [R]; once set it stays.
          ...(current === undefined && wanted ? { customSubDomainName: wanted } : {}),
          ...(patch.properties ? { properties: { ...(f.properties ?? {}), ...patch.properties.kept } } : {}),
          systemData: systemData(call.principal, call.ctx.now(), f.systemData),
        }),
      );
      // Synchronous, as the real service answers a PATCH [R].
      call.reply.header("etag", accountEtag(updated));
      return view(call, updated);
    },
  }),

  csOperation({
    id: "Accounts_Delete",
    method: "DELETE",
    path: ACCOUNT,
    apiVersions: csApiVersions(ACCOUNTS_TYPE),
    authorize: { action: action("accounts/delete"), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: { load: loadAccount },
    async handle(call) {
      // 200 with no body when it went [R], 204 when there was nothing to delete [S]. No soft
      // delete: the name and the subdomain are free at once (docs/resource-manager.md).
      const f = call.resource;
      if (!f) return call.reply.code(204).send();
      await call.ctx.store.transaction((tx) =>
        new ResourceService(tx, call.ctx.now).deleteResource("faceResources", f.subscriptionId, f.resourceGroup, f.name),
      );
      return call.reply.code(200).send();
    },
  }),

  csOperation({
    id: "OperationResults_Get",
    method: "GET",
    path: `/subscriptions/:subscriptionId/providers/${CS_PROVIDER}/locations/:location/operationResults/:operationId`,
    apiVersions: csApiVersions("locations/operationResults"),
    authorize: { action: action("locations/operationResults/read"), scope: subscriptionScope },
    async handle(call) {
      const { location, operationId } = call.params as { location: string; operationId: string };
      const started = await checkOperationId(call.ctx.store, operationId, [call.subscription.id, normalizeRegion(location).toUpperCase()]);
      if (!started) throw csErrors.operationNotFound(call.errors, operationId);
      const at = started.toISOString().replace(/\.\d{3}Z$/, "Z");
      return {
        id: `/subscriptions/${call.subscription.id}/providers/${CS_PROVIDER}/locations/${location}/operationResults/${operationId}`,
        name: operationId,
        status: "Succeeded",
        startTime: at,
        endTime: at,
      };
    },
  }),
];
