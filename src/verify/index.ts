/**
 * `lazurite/verify`: strict verification of the Video Indexer and Face tokens Lazurite issues, for
 * resource servers (jose underneath). See docs/library.md#verifying-tokens.
 */
export { TokenVerificationError, type TokenRefusal } from "./errors.js";
export type { KeySourceOptions } from "./key-source.js";
export { DEFAULT_CLOCK_TOLERANCE_SECONDS, MAX_TOKEN_LENGTH, type Verified, type VerifyOptions } from "./jwt.js";
export {
  verifyVideoIndexerToken,
  type VerifyVideoIndexerTokenOptions,
  type VideoIndexerExpectations,
  type VideoIndexerPermission,
  type VideoIndexerScope,
  type VideoIndexerTokenClaims,
} from "./video-indexer.js";
export { verifyFaceToken, type FaceExpectations, type FaceTokenClaims, type VerifyFaceTokenOptions } from "./face.js";
