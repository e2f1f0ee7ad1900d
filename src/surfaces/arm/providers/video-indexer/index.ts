import type { ArmProvider } from "../../chain/mount.js";
import { viAccountOperations } from "./accounts.js";
import { VI_PROVIDER } from "./api-versions.js";
import { viPrivateLinkOperations } from "./private-links.js";
import { viTokenOperations } from "./tokens.js";

/** Microsoft.VideoIndexer on ARM: every operation of 2025-04-01 and the older api-versions (docs/video-indexer.md). */
export const videoIndexerProvider: ArmProvider = {
  namespace: VI_PROVIDER,
  operations: [...viAccountOperations, ...viTokenOperations, ...viPrivateLinkOperations],
};
