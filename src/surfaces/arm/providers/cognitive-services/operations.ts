import type { ArmOperation } from "../../chain/operation.js";
import { CS_PROVIDER, csApiVersions } from "./api-versions.js";
import { csOperation } from "./common.js";

/**
 * `GET /providers/Microsoft.CognitiveServices/operations`: the RBAC operations of what Lazurite
 * serves. Names are Azure's [D: permission pages, the Cognitive Services User role]; display
 * texts follow their style [U].
 */
const OPERATIONS: [name: string, resource: string, operation: string, description: string, data?: true][] = [
  ["Microsoft.CognitiveServices/accounts/read", "Account", "Read API Account", "Reads API accounts."],
  ["Microsoft.CognitiveServices/accounts/write", "Account", "Write API Account", "Writes API Accounts."],
  ["Microsoft.CognitiveServices/accounts/delete", "Account", "Delete API Account", "Deletes API accounts"],
  ["Microsoft.CognitiveServices/accounts/listKeys/action", "Account", "List Keys", "List keys"],
  ["Microsoft.CognitiveServices/accounts/regenerateKey/action", "Account", "Regenerate Key", "Regenerate Key"],
  ["Microsoft.CognitiveServices/accounts/skus/read", "Account", "Read available SKUs", "Reads available SKUs for an existing resource."],
  ["Microsoft.CognitiveServices/skus/read", "SKU", "Read SKUs", "Reads available SKUs for Cognitive Services."],
  [
    "Microsoft.CognitiveServices/checkDomainAvailability/action",
    "Subdomain",
    "Check Domain Availability",
    "Reads available SKUs for a subscription.",
  ],
  [
    "Microsoft.CognitiveServices/locations/checkSkuAvailability/action",
    "Location",
    "Check SKU Availability",
    "Reads available SKUs for a subscription.",
  ],
  [
    "Microsoft.CognitiveServices/locations/operationResults/read",
    "Location",
    "Read Operation Result",
    "Read the status of an asynchronous operation.",
  ],
  ["Microsoft.CognitiveServices/register/action", "Subscription", "Register", "Subscription Registration Action"],
  ["Microsoft.CognitiveServices/unregister/action", "Subscription", "Unregister", "Unregisters Subscription"],
  // The data action the Face surface checks for bearer callers (docs/face.md).
  [
    "Microsoft.CognitiveServices/accounts/Face/settings/getClientAssetsAccessToken/read",
    "Face",
    "Get client assets access token",
    "Gets an access token for the Face liveness client assets.",
    true,
  ],
];

export const csOperationsList: ArmOperation = csOperation({
  id: "Operations_List",
  method: "GET",
  path: `/providers/${CS_PROVIDER}/operations`,
  apiVersions: csApiVersions("operations"),
  handle: async () => ({
    value: OPERATIONS.map(([name, resource, op, description, data]) => ({
      name,
      isDataAction: data === true,
      display: { provider: "Microsoft Cognitive Services", resource, operation: op, description },
      origin: data ? "user" : "user,system",
    })),
  }),
});
