/**
 * Azure built-in role definitions Lazurite knows, with their real GUIDs.
 * Source: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */
export interface RoleDefinition {
  id: string;
  roleName: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export const BUILTIN_ROLES: readonly RoleDefinition[] = [
  {
    id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    roleName: "Owner",
    actions: ["*"],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  },
  {
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleName: "Contributor",
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
      "Microsoft.Blueprint/blueprintAssignments/write",
      "Microsoft.Blueprint/blueprintAssignments/delete",
      "Microsoft.Compute/galleries/share/action",
      "Microsoft.Purview/consents/write",
      "Microsoft.Purview/consents/delete",
      "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
      "Microsoft.Subscription/cancel/action",
      "Microsoft.Subscription/enable/action",
    ],
    dataActions: [],
    notDataActions: [],
  },
  {
    id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: "Reader",
    actions: ["*/read"],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  },
  {
    id: "a97b65f3-24c7-4388-baec-2e87135dc908",
    roleName: "Cognitive Services User",
    actions: [
      "Microsoft.CognitiveServices/*/read",
      "Microsoft.CognitiveServices/accounts/listkeys/action",
      "Microsoft.Insights/alertRules/read",
      "Microsoft.Insights/diagnosticSettings/read",
      "Microsoft.Insights/logDefinitions/read",
      "Microsoft.Insights/metricdefinitions/read",
      "Microsoft.Insights/metrics/read",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/operations/read",
      "Microsoft.Resources/subscriptions/operationresults/read",
      "Microsoft.Resources/subscriptions/read",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
    ],
    notActions: [],
    dataActions: ["Microsoft.CognitiveServices/*"],
    notDataActions: [],
  },
  {
    id: "9894cab4-e18a-44aa-828b-cb588cd6f2d7",
    roleName: "Cognitive Services Face Recognizer",
    actions: [],
    notActions: [],
    dataActions: [
      "Microsoft.CognitiveServices/accounts/Face/detect/action",
      "Microsoft.CognitiveServices/accounts/Face/verify/action",
      "Microsoft.CognitiveServices/accounts/Face/identify/action",
      "Microsoft.CognitiveServices/accounts/Face/group/action",
      "Microsoft.CognitiveServices/accounts/Face/findsimilars/action",
      "Microsoft.CognitiveServices/accounts/Face/detectliveness/multimodal/action",
      "Microsoft.CognitiveServices/accounts/Face/detectliveness/singlemodal/action",
      "Microsoft.CognitiveServices/accounts/Face/detectlivenesswithverify/singlemodal/action",
      "Microsoft.CognitiveServices/accounts/Face/*/sessions/action",
      "Microsoft.CognitiveServices/accounts/Face/*/sessions/delete",
      "Microsoft.CognitiveServices/accounts/Face/*/sessions/read",
      "Microsoft.CognitiveServices/accounts/Face/*/sessions/audit/read",
    ],
    notDataActions: [],
  },
  {
    // Source: the ARM role definition as mirrored by azure-rbac-catalog.org and AzAdvertizer.
    id: "a2c4a527-7dc0-4ee3-897b-403ade70fafb",
    roleName: "Video Indexer Restricted Viewer",
    actions: ["Microsoft.VideoIndexer/*/read", "Microsoft.VideoIndexer/accounts/*/action"],
    notActions: [
      "Microsoft.VideoIndexer/*/write",
      "Microsoft.VideoIndexer/*/delete",
      "Microsoft.VideoIndexer/accounts/generateAccessToken/action",
    ],
    dataActions: [],
    notDataActions: [],
  },
];

const byId = new Map(BUILTIN_ROLES.map((r) => [r.id, r]));
const byName = new Map(BUILTIN_ROLES.map((r) => [r.roleName.toLowerCase(), r]));

/** A role by built-in name (case-insensitive), GUID, or full role definition resource id. */
export function findRole(nameOrId: string): RoleDefinition | undefined {
  const last = nameOrId.split("/").pop() ?? nameOrId;
  return byId.get(last.toLowerCase()) ?? byName.get(nameOrId.toLowerCase());
}

export function roleById(id: string): RoleDefinition | undefined {
  return byId.get(id.toLowerCase());
}
