import type { RoleAssignment } from "../../../../model/entities.js";
import { canon, isGuid } from "../../../../model/ids.js";
import { scopeCovers } from "../../../../rbac/authorize.js";
import { findRole } from "../../../../rbac/builtin-roles.js";
import { ResourceService } from "../../../../resources/resource-service.js";
import { keyOf } from "../../../../store/collections.js";
import { isObject, missingParameter, stringOf, type Body } from "../../body/fields.js";
import type { ArmErrors } from "../../errors.js";
import { operation, type ApiProfile, type ArmCall } from "../../chain/operation.js";
import { authorizationApiVersions } from "./api-versions.js";
import { authorizationErrors } from "./errors.js";
import { assignmentId, assignmentView, AUTHZ } from "./views.js";

/**
 * Role assignments at any scope (the root, a subscription, a resource group, a resource): the
 * same entities as the admin API's, so an assignment made here grants at once everywhere
 * (docs/resource-manager.md#role-assignments).
 */

const PATH = `/providers/${AUTHZ}/roleAssignments`;
const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"] as const;

/** The scope as stored: `/` for the root. */
const scopeOf = (call: ArmCall) => call.scope || "/";
/** The assignment's own id: what ARM checks write and delete over [O: activity log of acs-engine#2916]. */
const idScope = (call: ArmCall) => assignmentId(scopeOf(call), call.params["roleAssignmentName"]!);

function nameRule(call: ArmCall): void {
  const name = call.params["roleAssignmentName"]!;
  if (!isGuid(name)) throw authorizationErrors.invalidRoleAssignmentId(call.errors, name);
}

/** The stored assignment of that name, when it is at this scope. */
async function loadAssignment(call: ArmCall): Promise<RoleAssignment | undefined> {
  const a = await call.ctx.store.roleAssignments.get(keyOf.roleAssignment(call.params["roleAssignmentName"]!));
  return a && canon(a.scope) === canon(scopeOf(call)) ? a : undefined;
}

/** The tenant whose directory principals are looked up in: the subscription's, or the caller's above any subscription. */
const directoryTenant = (call: ArmCall) =>
  call.params["subscriptionId"] !== undefined ? call.subscription.tenantId : call.principal.tenantId;

/** What the directory says a principal is, or undefined when it has no such object. */
async function principalTypeOf(call: ArmCall, principalId: string): Promise<string | undefined> {
  const tenant = canon(directoryTenant(call));
  const app = await call.ctx.store.applications.getByAlt(canon(principalId));
  if (app && canon(app.tenantId) === tenant) return "ServicePrincipal";
  if (await call.ctx.store.users.get(keyOf.user(tenant, principalId))) return "User";
  return undefined;
}

async function viewOf(call: ArmCall, a: RoleAssignment) {
  return assignmentView(a, a.principalType ?? (await principalTypeOf(call, a.principalId)) ?? "ServicePrincipal");
}

interface AssignmentPut {
  roleId: string;
  principalId: string;
  principalType: string | undefined;
  description: string | undefined;
}

/** RoleAssignmentCreateParameters: `properties.roleDefinitionId` and `properties.principalId` required [S]. */
function validatePut(e: ArmErrors, raw: Body | undefined): AssignmentPut {
  const props = (raw ?? {})["properties"];
  if (!isObject(props)) throw missingParameter(e, "properties");
  const roleDefinitionId = stringOf(e, props, "roleDefinitionId", 1024, "properties.roleDefinitionId");
  if (roleDefinitionId === undefined) throw missingParameter(e, "properties.roleDefinitionId");
  const principalId = stringOf(e, props, "principalId", 64, "properties.principalId");
  if (principalId === undefined) throw missingParameter(e, "properties.principalId");
  if (!isGuid(principalId)) throw authorizationErrors.invalidPrincipalId(e, principalId);
  const given = stringOf(e, props, "principalType", 64, "properties.principalType");
  const principalType = given === undefined ? undefined : PRINCIPAL_TYPES.find((t) => t.toLowerCase() === given.toLowerCase());
  if (given !== undefined && !principalType) {
    throw e.invalidParameter(
      `The value '${given}' is not valid for parameter 'properties.principalType'. Allowed values are: ${PRINCIPAL_TYPES.map((t) => `'${t}'`).join(", ")}.`,
      "properties.principalType",
    );
  }
  if (stringOf(e, props, "condition", 8192, "properties.condition") !== undefined) throw authorizationErrors.conditionNotSupported(e);
  const description = stringOf(e, props, "description", 2048, "properties.description");
  const last = roleDefinitionId.split("/").pop() ?? "";
  const role = isGuid(last) ? findRole(last) : undefined;
  if (!role) throw authorizationErrors.roleDefinitionDoesNotExist(e, 400, last || roleDefinitionId);
  return { roleId: role.id, principalId: principalId.toLowerCase(), principalType, description };
}

/**
 * ListForScope's `$filter` [S]: none → at, above and below the scope; `atScope()` → at or above;
 * `principalId eq '{id}'` and `assignedTo('{id}')` → that principal's, at, above or below (Lazurite has no groups).
 */
function listFilter(call: ArmCall): (a: RoleAssignment) => boolean {
  const scope = scopeOf(call);
  const atOrAbove = (a: RoleAssignment) => scopeCovers(a.scope, scope);
  const related = (a: RoleAssignment) => atOrAbove(a) || scopeCovers(scope, a.scope);
  const raw = (call.req.query as Record<string, unknown>)["$filter"];
  if (raw === undefined || raw === "") return related;
  const text = typeof raw === "string" ? raw.trim() : "";
  let principal: string | undefined;
  let onlyAtOrAbove = false;
  for (const term of text.split(/\s+and\s+/i)) {
    let m: RegExpExecArray | null;
    if (/^atScope\(\)$/i.test(term)) onlyAtOrAbove = true;
    else if ((m = /^principalId\s+eq\s+'([0-9a-fA-F-]{36})'$/i.exec(term)) || (m = /^assignedTo\('([0-9a-fA-F-]{36})'\)$/i.exec(term))) {
      principal = m[1]!.toLowerCase();
    } else {
      throw authorizationErrors.invalidFilter(call.errors, text.slice(0, 256), "atScope(), principalId eq '{id}', assignedTo('{id}')");
    }
  }
  return (a) => (onlyAtOrAbove ? atOrAbove(a) : related(a)) && (principal === undefined || a.principalId === principal);
}

export const roleAssignmentOperations = [
  operation({
    id: "RoleAssignments_ListForScope",
    method: "GET",
    path: PATH,
    scoped: true,
    apiVersions: authorizationApiVersions,
    authorize: { action: `${AUTHZ}/roleAssignments/read`, scope: scopeOf },
    resourceGroup: true,
    async handle(call) {
      const keep = listFilter(call);
      const value = [];
      for (const a of await call.ctx.store.roleAssignments.list()) if (keep(a)) value.push(await viewOf(call, a));
      return { value };
    },
  }),
  operation<ApiProfile, RoleAssignment>({
    id: "RoleAssignments_Get",
    method: "GET",
    path: `${PATH}/:roleAssignmentName`,
    scoped: true,
    apiVersions: authorizationApiVersions,
    authorize: { action: `${AUTHZ}/roleAssignments/read`, scope: idScope },
    resourceGroup: true,
    nameRule,
    resource: {
      load: loadAssignment,
      notFound: (call) => authorizationErrors.roleAssignmentNotFound(call.errors, call.params["roleAssignmentName"]!),
    },
    handle: (call) => viewOf(call, call.resource!),
  }),
  operation<ApiProfile, RoleAssignment, AssignmentPut>({
    id: "RoleAssignments_Create",
    method: "PUT",
    path: `${PATH}/:roleAssignmentName`,
    scoped: true,
    apiVersions: authorizationApiVersions,
    authorize: { action: `${AUTHZ}/roleAssignments/write`, scope: idScope },
    resourceGroup: true,
    nameRule,
    resource: { load: loadAssignment },
    body: { typeName: "RoleAssignmentCreateParameters", validate: (raw, call) => validatePut(call.errors, raw) },
    async handle(call) {
      const put = call.body;
      const name = call.params["roleAssignmentName"]!.toLowerCase();
      const scope = scopeOf(call);
      // The directory is asked unless the caller says what the principal is (ARM's advice for
      // principals just created, in the PrincipalNotFound text) [O].
      const principalType = put.principalType ?? (await principalTypeOf(call, put.principalId));
      if (!principalType) throw authorizationErrors.principalNotFound(call.errors, put.principalId, directoryTenant(call));
      const result = await call.ctx.store.transaction(async (tx) => {
        const same = await tx.roleAssignments.get(keyOf.roleAssignment(name));
        if (same && (canon(same.scope) !== canon(scope) || same.principalId !== put.principalId || same.roleDefinitionId !== put.roleId)) {
          throw authorizationErrors.updateNotPermitted(call.errors);
        }
        const twin = await tx.roleAssignments.getByAlt(
          keyOf.roleAssignmentAlt({ principalId: put.principalId, roleDefinitionId: put.roleId, scope }),
        );
        if (twin && twin.id !== name) throw authorizationErrors.roleAssignmentExists(call.errors);
        return new ResourceService(tx, call.ctx.now).putRoleAssignment(
          { id: name, principalId: put.principalId, role: put.roleId, scope: same?.scope ?? scope },
          { principalType, description: put.description, by: call.principal.objectId },
        );
      });
      // 201 when created; an identical PUT again answers 200 with the assignment [U].
      call.reply.code(result.created ? 201 : 200);
      return viewOf(call, result.entity);
    },
  }),
  operation<ApiProfile, RoleAssignment>({
    id: "RoleAssignments_Delete",
    method: "DELETE",
    path: `${PATH}/:roleAssignmentName`,
    scoped: true,
    apiVersions: authorizationApiVersions,
    authorize: { action: `${AUTHZ}/roleAssignments/delete`, scope: idScope },
    resourceGroup: true,
    nameRule,
    resource: { load: loadAssignment },
    async handle(call) {
      // 200 with the deleted assignment, 204 when there was none at this scope [S].
      const a = call.resource;
      if (!a) return call.reply.code(204).send();
      const view = await viewOf(call, a);
      await new ResourceService(call.ctx.store, call.ctx.now).deleteRoleAssignment(a.id);
      return view;
    },
  }),
];
