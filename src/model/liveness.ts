/**
 * Face liveness sessions as Lazurite stores them (docs/face-liveness.md). Wire shapes are built
 * from these by the Face surface per api-version; the admin API shows them in its own view.
 */

/** `Azure.Core.Foundations.OperationState`, used for a session's and an attempt's status (Face spec). */
export type OperationState = "NotStarted" | "Running" | "Succeeded" | "Failed" | "Canceled";

export type LivenessSessionKind = "liveness" | "livenessWithVerify";

export type LivenessDecision = "uncertain" | "realface" | "spoofface";

export interface FaceRectangle {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** What the service derived from the verify image given at creation (the image itself is not kept). */
export interface VerifyReference {
  faceRectangle: FaceRectangle;
  qualityForRecognition: "low" | "medium" | "high";
  /** SHA-256 of the image bytes, upper-case hex (`verifyImageHash`). */
  sha256: string;
  format: string;
  width: number;
  height: number;
}

export interface LivenessAttemptRecord {
  attemptId: number;
  attemptStatus: "Succeeded" | "Failed";
  /** Present on a succeeded attempt. */
  livenessDecision?: LivenessDecision | undefined;
  faceRectangle: FaceRectangle;
  digest: string;
  sessionImageId?: string | undefined;
  verifyResult?: { matchConfidence: number; isIdentical: boolean } | undefined;
  /** Present on a failed attempt (e.g. FaceWithMaskDetected). */
  error?: { code: string; message: string } | undefined;
  /** Address the device called from (v1.3-preview.1 `clientInformation`). */
  clientIp: string;
  abuseMonitoring?: { isAbuseDetected: boolean; otherFlaggedSessions: OtherFlaggedSession[] } | undefined;
  createdAt: string;
}

export interface OtherFlaggedSession {
  attemptId: number;
  sessionId: string;
  sessionImageId?: string | undefined;
}

export interface LivenessSessionRecord {
  /** Lower-case GUID; unique across resources. */
  sessionId: string;
  kind: LivenessSessionKind;
  /** The Face resource that owns the session. */
  subscriptionId: string;
  resourceGroup: string;
  resourceName: string;
  /** The api-version the session was created with. */
  apiVersion: string;
  createdAt: string;
  /** The session record (and its images) is gone after this (48 h after creation). */
  expiresAt: string;
  /** The session's authToken, handed out at creation; GETs show it until the device starts. */
  authToken: string;
  authTokenExpiresAt: string;
  authTokenTimeToLiveInSeconds: number;
  livenessOperationMode: string;
  modelVersion: string;
  deviceCorrelationIdSetInClient: boolean;
  deviceCorrelationId?: string | undefined;
  userCorrelationIdSetInClient: boolean;
  userCorrelationId?: string | undefined;
  enableSessionImage: boolean;
  attemptsAllowed: number;
  expectedClientIpAddress?: string | undefined;
  isAbuseMonitoringEnabled: boolean;
  status: OperationState;
  startedAt?: string | undefined;
  /** Oldest first (the Face view lists them newest first). */
  attempts: LivenessAttemptRecord[];
  verify?:
    | {
        reference: VerifyReference;
        returnVerifyImageHash: boolean;
        verifyConfidenceThreshold?: number | undefined;
      }
    | undefined;
}

/** A stored session image, deleted with its session. */
export interface LivenessSessionImage {
  /** base64url, case-sensitive (44 characters). */
  sessionImageId: string;
  sessionId: string;
  subscriptionId: string;
  resourceGroup: string;
  resourceName: string;
  contentType: string;
  /** The image bytes, base64. */
  data: string;
  createdAt: string;
}
