import type { ArmProvider } from "../chain/mount.js";
import { authorizationProvider } from "./authorization/index.js";
import { cognitiveServicesProvider } from "./cognitive-services/index.js";
import { resourcesProvider } from "./resources/index.js";
import { videoIndexerProvider } from "./video-indexer/index.js";

/** The resource providers Lazurite's ARM serves: adding one is a folder here and a line in this list. */
export const ARM_PROVIDERS: readonly ArmProvider[] = [
  resourcesProvider,
  videoIndexerProvider,
  cognitiveServicesProvider,
  authorizationProvider,
];
