import type { ArmProvider } from "../../chain/mount.js";
import { AUTHORIZATION_API_VERSIONS } from "./api-versions.js";
import { roleAssignmentOperations } from "./role-assignments.js";
import { roleDefinitionOperations } from "./role-definitions.js";
import { AUTHZ } from "./views.js";

/** Microsoft.Authorization: role assignments and the built-in role definitions at any scope (docs/resource-manager.md#role-assignments). */
export const authorizationProvider: ArmProvider = {
  namespace: AUTHZ,
  registrationPolicy: "RegistrationFree",
  resourceTypes: [
    { resourceType: "roleAssignments", locations: [], apiVersions: AUTHORIZATION_API_VERSIONS },
    { resourceType: "roleDefinitions", locations: [], apiVersions: AUTHORIZATION_API_VERSIONS },
  ],
  operations: [...roleAssignmentOperations, ...roleDefinitionOperations],
};
