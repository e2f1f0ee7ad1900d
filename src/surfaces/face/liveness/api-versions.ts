/**
 * The Face api-versions whose liveness-session operations Lazurite serves, and what differs
 * between them (docs/face-liveness.md#versions). Facts read in the official spec files
 * (`ai/data-plane/Face/stable/v1.2/Face.json`, `…/preview/v1.3-preview.1/Face.json`) are marked
 * [S]; in the real service's recordings [R]; in a public issue [O]; the rest are Lazurite's
 * choices [U]. Any other version segment under `/face/` answers Face's 404, as today.
 */
export interface FaceLivenessVersion {
  version: string;
  /** `GET` / `PATCH /settings` (liveness abuse monitoring) exist [S: v1.3-preview.1 only]. */
  settings: boolean;
  /** `livenessModelVersion` values accepted; the first is the default ("the latest supported") [S: enum `2024-11-15`]. */
  modelVersions: readonly string[];
  /**
   * Attempts a session allows. v1.3-preview.1: `numberOfClientAttemptsAllowed`, "Default value is 1.
   * Maximum value is 3." [S]. v1.2: not configurable and undocumented; 3, the quota the v1.2-preview.1
   * session token grants its liveness call [R NET recording] [U].
   */
  attempts: { configurable: boolean; default: number; max: number };
  /** JSON create takes `userCorrelationId`, `userCorrelationIdSetInClient`, `expectedClientIpAddress` [S]. */
  userCorrelation: boolean;
  /**
   * The service refuses a create without `userCorrelationId` (unless set in client) [O Azure/azure-sdk-for-net#53289];
   * the multipart form has no such field [S], so it is required only in the JSON create [U].
   */
  requireUserCorrelationId: boolean;
  /** Sessions carry `isAbuseMonitoringEnabled`, `expectedClientIpAddress`; attempts `clientInformation`, `abuseMonitoringResult` [S]. */
  abuseMonitoring: boolean;
}

/** Oldest first. */
export const FACE_LIVENESS_VERSIONS: readonly FaceLivenessVersion[] = [
  {
    version: "v1.2",
    settings: false,
    modelVersions: ["2024-11-15"],
    attempts: { configurable: false, default: 3, max: 3 },
    userCorrelation: false,
    requireUserCorrelationId: false,
    abuseMonitoring: false,
  },
  {
    version: "v1.3-preview.1",
    settings: true,
    modelVersions: ["2024-11-15"],
    attempts: { configurable: true, default: 1, max: 3 },
    userCorrelation: true,
    requireUserCorrelationId: true,
    abuseMonitoring: true,
  },
];

/** authTokenTimeToLiveInSeconds: "Range is 60 to 86400 seconds. Default value is 600." [S, both versions] */
export const TOKEN_TTL = { min: 60, max: 86400, default: 600 } as const;

/** livenessOperationMode values [S: `LivenessOperationMode`, `modelAsString`]; accepted in any case [U]. */
export const LIVENESS_OPERATION_MODES = ["Passive", "PassiveActive"] as const;

export function livenessVersion(version: string): FaceLivenessVersion | undefined {
  return FACE_LIVENESS_VERSIONS.find((v) => v.version === version);
}
