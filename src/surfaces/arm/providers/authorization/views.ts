import type { RoleAssignment } from "../../../../model/entities.js";
import type { RoleDefinition } from "../../../../rbac/builtin-roles.js";

/** RoleAssignment and RoleDefinition as ARM shows them [S: 2022-04-01 models and examples]. */

export const AUTHZ = "Microsoft.Authorization";

/** The subscription part of a scope (`/subscriptions/{s}`), or `` for scopes above any subscription. */
export function subscriptionPart(scope: string): string {
  const m = /^\/subscriptions\/[^/]+/i.exec(scope);
  return m ? m[0] : "";
}

/** A role definition's id as seen from `scope`: subscription-qualified below a subscription [U: as ARM shows them there]. */
export function roleDefinitionId(scope: string, roleId: string): string {
  return `${subscriptionPart(scope)}/providers/${AUTHZ}/roleDefinitions/${roleId}`;
}

/** The root scope is stored as `/`; ids at the root have no scope prefix. */
const prefixOf = (scope: string) => (scope === "/" ? "" : scope);

export function assignmentId(scope: string, name: string): string {
  return `${prefixOf(scope)}/providers/${AUTHZ}/roleAssignments/${name}`;
}

export function assignmentView(a: RoleAssignment, principalType: string) {
  return {
    id: assignmentId(a.scope, a.id),
    name: a.id,
    type: `${AUTHZ}/roleAssignments`,
    properties: {
      roleDefinitionId: roleDefinitionId(a.scope, a.roleDefinitionId),
      principalId: a.principalId,
      principalType,
      scope: a.scope,
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.createdOn ? { createdOn: a.createdOn, createdBy: a.createdBy } : {}),
      ...(a.updatedOn ? { updatedOn: a.updatedOn, updatedBy: a.updatedBy } : {}),
    },
  };
}

/**
 * The built-in roles' descriptions, from Azure's built-in roles page
 * (learn.microsoft.com/azure/role-based-access-control/built-in-roles): Owner's checked [D], the
 * others transcribed and not re-checked [U] (docs/resource-manager.md#role-assignments).
 */
const DESCRIPTIONS: Record<string, string> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635":
    "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
  "b24988ac-6180-42a0-ab88-20f7382dd24c":
    "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
  "acdd72a7-3385-48ef-bd42-f606fba81ae7": "View all resources, but does not allow you to make any changes.",
  "a97b65f3-24c7-4388-baec-2e87135dc908": "Lets you read and list keys of Cognitive Services.",
  "9894cab4-e18a-44aa-828b-cb588cd6f2d7":
    "Lets you perform detect, verify, identify, group, and find similar operations on Face API. This role does not allow create or delete operations, which makes it well suited for endpoints that only need inferencing capabilities, following 'least privilege' best practices.",
  "a2c4a527-7dc0-4ee3-897b-403ade70fafb":
    "Has access to view and search through all video's insights and transcription in the Video Indexer restricted viewer experience. No access to model customizations, embedding of widget, downloading videos, or sharing the account.",
};

export function definitionView(scope: string, r: RoleDefinition) {
  return {
    id: roleDefinitionId(scope, r.id),
    name: r.id,
    type: `${AUTHZ}/roleDefinitions`,
    properties: {
      roleName: r.roleName,
      type: "BuiltInRole",
      description: DESCRIPTIONS[r.id] ?? "",
      assignableScopes: ["/"],
      permissions: [{ actions: r.actions, notActions: r.notActions, dataActions: r.dataActions, notDataActions: r.notDataActions }],
    },
  };
}
