import type { ArmProvider } from "../../chain/mount.js";
import { viAccountOperations } from "./accounts.js";
import { VI_LOCATIONS, VI_PROVIDER, versionsOf } from "./api-versions.js";
import { viPrivateLinkOperations } from "./private-links.js";
import { viTokenOperations } from "./tokens.js";

/** Microsoft.VideoIndexer on ARM: every operation of 2025-04-01 and the older api-versions (docs/video-indexer.md). */
export const videoIndexerProvider: ArmProvider = {
  namespace: VI_PROVIDER,
  registrationPolicy: "RegistrationRequired",
  resourceTypes: [
    {
      resourceType: "accounts",
      locations: VI_LOCATIONS,
      apiVersions: versionsOf("accounts"),
      capabilities: "SupportsTags, SupportsLocation",
    },
    { resourceType: "operations", locations: [], apiVersions: versionsOf("operations") },
    { resourceType: "checknameavailability", locations: [], apiVersions: versionsOf("checkNameAvailability") },
  ],
  operations: [...viAccountOperations, ...viTokenOperations, ...viPrivateLinkOperations],
};
