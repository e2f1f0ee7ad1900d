import { BUILTIN_ROLES, roleById } from "../../../../rbac/builtin-roles.js";
import { operation, type ArmCall } from "../../chain/operation.js";
import { authorizationApiVersions } from "./api-versions.js";
import { authorizationErrors } from "./errors.js";
import { AUTHZ, definitionView } from "./views.js";

/**
 * Role definitions at any scope: the built-in roles Lazurite knows (src/rbac/builtin-roles.ts).
 * `$filter`: `roleName eq '…'`, `type eq 'BuiltInRole'|'CustomRole'`, `atScopeAndBelow()` [S].
 */

/** Built-in definitions at the root are public: any caller may read them there [U]; below it, Reader and up. */
const scopeOf = (call: ArmCall) => call.scope || undefined;
const READ = `${AUTHZ}/roleDefinitions/read`;

function filterRoles(call: ArmCall) {
  const raw = (call.req.query as Record<string, unknown>)["$filter"];
  if (raw === undefined || raw === "") return BUILTIN_ROLES;
  const text = typeof raw === "string" ? raw.trim() : "";
  const supported = "roleName eq '{name}', type eq 'BuiltInRole' or 'CustomRole', atScopeAndBelow()";
  let m: RegExpExecArray | null;
  if (/^atScopeAndBelow\(\)$/i.test(text)) return BUILTIN_ROLES;
  if ((m = /^roleName\s+eq\s+'((?:[^']|'')*)'$/i.exec(text))) {
    const name = m[1]!.replace(/''/g, "'").toLowerCase();
    return BUILTIN_ROLES.filter((r) => r.roleName.toLowerCase() === name);
  }
  if ((m = /^type\s+eq\s+'(BuiltInRole|CustomRole)'$/i.exec(text))) return m[1]!.toLowerCase() === "builtinrole" ? BUILTIN_ROLES : [];
  throw authorizationErrors.invalidFilter(call.errors, text.slice(0, 256), supported);
}

export const roleDefinitionOperations = [
  operation({
    id: "RoleDefinitions_List",
    method: "GET",
    path: `/providers/${AUTHZ}/roleDefinitions`,
    scoped: true,
    apiVersions: authorizationApiVersions,
    authorize: { action: READ, scope: scopeOf },
    resourceGroup: true,
    handle: async (call) => ({ value: filterRoles(call).map((r) => definitionView(call.scope, r)) }),
  }),
  operation({
    id: "RoleDefinitions_Get",
    method: "GET",
    path: `/providers/${AUTHZ}/roleDefinitions/:roleDefinitionId`,
    scoped: true,
    apiVersions: authorizationApiVersions,
    authorize: { action: READ, scope: scopeOf },
    resourceGroup: true,
    resource: {
      load: async (call) => roleById(call.params["roleDefinitionId"]!),
      notFound: (call) => authorizationErrors.roleDefinitionDoesNotExist(call.errors, 404, call.params["roleDefinitionId"]!),
    },
    handle: async (call) => definitionView(call.scope, call.resource!),
  }),
];
