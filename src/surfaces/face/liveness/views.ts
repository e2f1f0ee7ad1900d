import type { LivenessAttemptRecord, LivenessSessionRecord } from "../../../model/liveness.js";
import type { FaceLivenessVersion } from "./api-versions.js";

/**
 * Liveness sessions on the wire, per api-version, in the real service's key order (recordings in
 * docs/face-liveness.md#bodies) [R]: `sessionId, authToken, status, modelVersion,
 * [isAbuseMonitoringEnabled, expectedClientIpAddress], results{attempts, verifyReferences}`.
 */
export interface ViewOptions {
  /** The create answer: the token, and `referenceType` in verify references. */
  created: boolean;
}

export function sessionView(s: LivenessSessionRecord, v: FaceLivenessVersion, opts: ViewOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {
    sessionId: s.sessionId,
    // The token at creation, and in reads until the device starts; "" from then on [R].
    authToken: opts.created || s.status === "NotStarted" ? s.authToken : "",
    status: s.status,
  };
  // Absent while the device has started and no attempt has a result yet [R].
  if (s.status === "NotStarted" || s.attempts.length > 0) out.modelVersion = s.modelVersion;
  if (v.abuseMonitoring) {
    out.isAbuseMonitoringEnabled = s.isAbuseMonitoringEnabled;
    if (s.expectedClientIpAddress !== undefined) out.expectedClientIpAddress = s.expectedClientIpAddress;
  }
  const results: Record<string, unknown> = { attempts: [...s.attempts].reverse().map((a) => attemptView(a, s, v)) };
  if (s.kind === "livenessWithVerify" && s.verify) {
    const r = s.verify.reference;
    // `referenceType: "image"` in the create answer only; the GETs leave it out [R].
    results.verifyReferences = [
      {
        ...(opts.created ? { referenceType: "image" } : {}),
        faceRectangle: { ...r.faceRectangle },
        qualityForRecognition: r.qualityForRecognition,
      },
    ];
  }
  out.results = results;
  return out;
}

/** One attempt: `attemptId, attemptStatus, result | error, [clientInformation, abuseMonitoringResult]` [R, S]. */
export function attemptView(a: LivenessAttemptRecord, s: LivenessSessionRecord, v: FaceLivenessVersion): Record<string, unknown> {
  const targets = { color: { faceRectangle: { ...a.faceRectangle } } };
  const out: Record<string, unknown> = { attemptId: a.attemptId, attemptStatus: a.attemptStatus };
  if (a.error) {
    out.error = { code: a.error.code, message: a.error.message, targets };
  } else {
    const result: Record<string, unknown> = { livenessDecision: a.livenessDecision, targets, digest: a.digest };
    if (a.sessionImageId) result.sessionImageId = a.sessionImageId;
    if (a.verifyResult) result.verifyResult = { matchConfidence: a.verifyResult.matchConfidence, isIdentical: a.verifyResult.isIdentical };
    if (s.verify?.returnVerifyImageHash) result.verifyImageHash = s.verify.reference.sha256;
    out.result = result;
  }
  if (v.abuseMonitoring) {
    out.clientInformation = [{ ip: a.clientIp }];
    if (a.abuseMonitoring) {
      out.abuseMonitoringResult = {
        isAbuseDetected: a.abuseMonitoring.isAbuseDetected,
        otherFlaggedSessions: a.abuseMonitoring.otherFlaggedSessions.map((o) => ({
          attemptId: o.attemptId,
          sessionId: o.sessionId,
          ...(o.sessionImageId !== undefined ? { sessionImageId: o.sessionImageId } : {}),
        })),
      };
    }
  }
  return out;
}

/** `Settings` of v1.3-preview.1 [S]. */
export function settingsView(enabled: boolean): Record<string, unknown> {
  return { livenessAbuseMonitoring: { enabled } };
}
