import type { ArmErrors } from "../../errors.js";

/**
 * Microsoft.Authorization's errors, in the request's envelope. [O] = seen in real answers quoted
 * in public issues (docs/resource-manager.md#errors names them); [U] = Lazurite's.
 */
const noDashes = (id: string) => id.replace(/-/g, "").toLowerCase();

export const authorizationErrors = {
  /** [O] Azure/azure-service-operator#2586 */
  invalidRoleAssignmentId: (e: ArmErrors, value: string) =>
    e.make(400, "InvalidRoleAssignmentId", `The role assignment ID '${value}' is not valid. The role assignment ID must be a GUID.`),
  /** [O] Azure/azure-powershell#16627 */
  invalidPrincipalId: (e: ArmErrors, value: string) =>
    e.make(400, "InvalidPrincipalId", `The Principal ID '${value}' is not valid. Principal ID must be a GUID.`),
  /** [O] Azure/HubAndSpokeResearchEnclave#50 (two spaces before "See", as ARM sends it). */
  principalNotFound: (e: ArmErrors, principalId: string, tenantId: string) =>
    e.make(
      400,
      "PrincipalNotFound",
      `Principal ${noDashes(principalId)} does not exist in the directory ${tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    ),
  /** [O] text (azure-powershell tests); the id without dashes; [U] 400 on PUT, 404 on GET. */
  roleDefinitionDoesNotExist: (e: ArmErrors, status: 400 | 404, id: string) =>
    e.make(status, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${noDashes(id)}' does not exist.`),
  /** [O] Azure-Samples/azure-search-openai-demo#1091 (409). */
  roleAssignmentExists: (e: ArmErrors) => e.make(409, "RoleAssignmentExists", "The role assignment already exists."),
  /** [O] Azure-Samples/graphrag-accelerator#168 (400). */
  updateNotPermitted: (e: ArmErrors) =>
    e.make(400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated."),
  /** [O] code (third-party clients of ARM handle it as not-found); [U] text. */
  roleAssignmentNotFound: (e: ArmErrors, name: string) =>
    e.make(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`),
  /** [U] Lazurite does not evaluate ABAC conditions: an assignment with one would grant more than it says. */
  conditionNotSupported: (e: ArmErrors) =>
    e.make(
      400,
      "RoleAssignmentConditionNotSupported",
      "Role assignment conditions are not supported by Lazurite: an assignment with a condition would grant more than its condition allows.",
      "properties.condition",
    ),
  /** [U] code as for resource lists; text Lazurite's. */
  invalidFilter: (e: ArmErrors, filter: string, supported: string) =>
    e.make(400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string. Supported: ${supported}.`),
};
