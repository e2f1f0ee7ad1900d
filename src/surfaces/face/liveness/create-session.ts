import { createHash, randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../../core/context.js";
import { centredFaceRectangle, checkImage } from "../../../liveness/image-check.js";
import { SESSION_RETENTION_MS } from "../../../liveness/sessions.js";
import type { FaceResource } from "../../../model/entities.js";
import type { LivenessSessionKind, LivenessSessionRecord } from "../../../model/liveness.js";
import type { FaceLivenessVersion } from "./api-versions.js";
import type { CreateRequest } from "./create-request.js";
import { issueSessionToken } from "./session-token.js";

/** The endpoint the creating client was given (the `face.endpoint` claim): origin, plus the resource segment in path style. */
export function clientEndpoint(req: FastifyRequest): string {
  const resource = (req.params as { resource?: string }).resource;
  const host = (req.headers.host ?? "localhost").slice(0, 255);
  return `${req.protocol}://${host}${resource ? `/${resource}` : ""}`;
}

/**
 * A new session record with its signed token. For a verify session the image is checked first
 * and only what the service derives from it is kept: its hash, format, size and reference.
 */
export async function newSession(
  ctx: AppContext,
  req: FastifyRequest,
  f: FaceResource,
  v: FaceLivenessVersion,
  kind: LivenessSessionKind,
  r: CreateRequest,
  verifyImage?: Buffer,
): Promise<LivenessSessionRecord> {
  const reference = verifyImage
    ? { image: checkImage(verifyImage), sha256: createHash("sha256").update(verifyImage).digest("hex").toUpperCase() }
    : undefined;
  const now = ctx.now();
  const nbf = Math.floor(now.getTime() / 1000);
  const sessionId = randomUUID();
  const attemptsAllowed = r.attemptsAllowed;
  const authToken = await issueSessionToken(
    ctx,
    f,
    { sessionId, kind, apiVersion: v.version, livenessOperationMode: r.livenessOperationMode, attemptsAllowed },
    clientEndpoint(req),
    nbf,
    r.authTokenTimeToLiveInSeconds,
  );
  return {
    sessionId,
    kind,
    subscriptionId: f.subscriptionId,
    resourceGroup: f.resourceGroup,
    resourceName: f.name,
    apiVersion: v.version,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_RETENTION_MS).toISOString(),
    authToken,
    authTokenExpiresAt: new Date((nbf + r.authTokenTimeToLiveInSeconds) * 1000).toISOString(),
    authTokenTimeToLiveInSeconds: r.authTokenTimeToLiveInSeconds,
    livenessOperationMode: r.livenessOperationMode,
    modelVersion: r.modelVersion,
    deviceCorrelationIdSetInClient: r.deviceCorrelationIdSetInClient,
    ...(r.deviceCorrelationId !== undefined ? { deviceCorrelationId: r.deviceCorrelationId } : {}),
    userCorrelationIdSetInClient: r.userCorrelationIdSetInClient,
    ...(r.userCorrelationId !== undefined ? { userCorrelationId: r.userCorrelationId } : {}),
    enableSessionImage: r.enableSessionImage,
    attemptsAllowed,
    ...(r.expectedClientIpAddress !== undefined ? { expectedClientIpAddress: r.expectedClientIpAddress } : {}),
    // A session copies the resource's setting when it is created (v1.3-preview.1 abuse monitoring) [U].
    isAbuseMonitoringEnabled: v.abuseMonitoring && f.livenessAbuseMonitoring === true,
    status: "NotStarted",
    attempts: [],
    ...(reference
      ? {
          verify: {
            reference: {
              faceRectangle: centredFaceRectangle(reference.image),
              // No quality model: "high" as recorded [R].
              qualityForRecognition: "high" as const,
              sha256: reference.sha256,
              format: reference.image.format,
              width: reference.image.width,
              height: reference.image.height,
            },
            returnVerifyImageHash: r.returnVerifyImageHash,
            ...(r.verifyConfidenceThreshold !== undefined ? { verifyConfidenceThreshold: r.verifyConfidenceThreshold } : {}),
          },
        }
      : {}),
  };
}
