import { createHash } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { faceResourceId } from "../../../core/azure.js";
import { safeEqual } from "../../../core/constant-time.js";
import type { AppContext } from "../../../core/context.js";
import { SIGNING_ALGORITHMS } from "../../../keys/algorithms.js";
import { ISSUERS } from "../../../keys/key-service.js";
import type { FaceResource } from "../../../model/entities.js";
import type { LivenessSessionKind, LivenessSessionRecord } from "../../../model/liveness.js";
import { canon } from "../../../model/ids.js";
import { faceErrors } from "../errors.js";

/** The real session token's audience and issuer (decoded from the recorded token, docs/face-liveness.md#token) [R]. */
export const SESSION_TOKEN_AUDIENCE = "urn:ms.faceSessionToken";
export const SESSION_TOKEN_ISSUER = "urn:ms.cognitiveservices";
/** Where the device stand-in takes attempts (listed in `allowed-paths`). */
export const DEVICE_ATTEMPTS_PATH = "_lazurite/face/liveness/attempts";

/**
 * A stable 32-hex id for the resource, standing in for the account's internal id that the real
 * token carries as `subscription-id` (not the Azure subscription GUID) [R, U].
 */
export function internalResourceId(f: Pick<FaceResource, "subscriptionId" | "resourceGroup" | "name">): string {
  return createHash("sha256")
    .update(canon(faceResourceId(f)))
    .digest("hex")
    .slice(0, 32);
}

/**
 * The session's `authToken`: a JWT signed with the Face issuer key (`/.well-known/jwks.json`), with
 * the real token's claims, in its order [R]: region, subscription-id, product-id, allowed-paths (a
 * JSON string), azure-resource-id, sid, nbf, face (a JSON string), aud, exp, iss. Deviations: `nbf`
 * is a number (the real one is a string, which JOSE libraries refuse) and `iat` is added.
 */
export async function issueSessionToken(
  ctx: AppContext,
  f: FaceResource,
  s: { sessionId: string; kind: LivenessSessionKind; apiVersion: string; livenessOperationMode: string; attemptsAllowed: number },
  endpoint: string,
  nbf: number,
  ttlSeconds: number,
): Promise<string> {
  const singleModal = s.kind === "liveness" ? "detectLiveness/singleModal" : "detectLivenessWithVerify/singleModal";
  const allowedPaths = [
    { path: `face/${s.apiVersion}/session/start`, method: "POST", quota: 1, callRateRenewalPeriod: 60, callRateLimit: 1 },
    { path: `face/${s.apiVersion}/${singleModal}`, method: "POST", quota: s.attemptsAllowed, callRateRenewalPeriod: 5, callRateLimit: 1 },
    { path: DEVICE_ATTEMPTS_PATH, method: "POST", quota: s.attemptsAllowed, callRateRenewalPeriod: 5, callRateLimit: 1 },
  ];
  return ctx.keys.sign(ISSUERS.face, ctx.settings.tokenAlg, {
    region: f.location.toLowerCase(),
    "subscription-id": internalResourceId(f),
    "product-id": "Face.S0",
    "allowed-paths": JSON.stringify(allowedPaths),
    "azure-resource-id": faceResourceId(f),
    sid: s.sessionId,
    nbf,
    iat: nbf,
    face: JSON.stringify({
      endpoint,
      sessionType: s.kind === "liveness" ? "Liveness" : "LivenessWithVerify",
      clientClaims: { livenessOperationMode: s.livenessOperationMode },
    }),
    aud: SESSION_TOKEN_AUDIENCE,
    exp: nbf + ttlSeconds,
    iss: SESSION_TOKEN_ISSUER,
  });
}

/**
 * The session a device's `Authorization: Bearer <authToken>` is for: signature by a Face key,
 * audience, issuer, not before / expiry (no skew: the TTL is the session's promise), and the token
 * must be the one its session was given, for the resource that owns it; a deleted session's token
 * is refused ("Deleting a session deactivates the Session Auth Token" [S]). Anything else: 401.
 */
export async function sessionOfToken(
  ctx: AppContext,
  authorization: string | undefined,
  load: (sessionId: string) => Promise<LivenessSessionRecord | undefined>,
): Promise<LivenessSessionRecord> {
  const m = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i.exec(authorization ?? "");
  if (!m || m[1]!.length > 8192) throw faceErrors.invalidSessionToken();
  const token = m[1]!;
  let payload: Record<string, unknown>;
  try {
    const jwks = createLocalJWKSet({ keys: await ctx.keys.publicKeys([ISSUERS.face]) });
    ({ payload } = await jwtVerify(token, jwks, {
      algorithms: [...SIGNING_ALGORITHMS],
      audience: SESSION_TOKEN_AUDIENCE,
      issuer: SESSION_TOKEN_ISSUER,
      requiredClaims: ["exp", "nbf", "sid", "azure-resource-id"],
      currentDate: ctx.now(),
    }));
  } catch {
    throw faceErrors.invalidSessionToken();
  }
  const sid = payload.sid;
  if (typeof sid !== "string" || sid.length > 64) throw faceErrors.invalidSessionToken();
  const s = await load(sid);
  if (!s || !safeEqual(s.authToken, token)) throw faceErrors.invalidSessionToken();
  const owner = faceResourceId({ subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, name: s.resourceName });
  if (typeof payload["azure-resource-id"] !== "string" || canon(payload["azure-resource-id"]) !== canon(owner)) {
    throw faceErrors.invalidSessionToken();
  }
  return s;
}
