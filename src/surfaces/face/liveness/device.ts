import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../../core/context.js";
import { attemptInput, parseInput, startInput } from "../../../liveness/attempt-input.js";
import { MAX_IMAGE_BYTES } from "../../../liveness/image-check.js";
import { LivenessError } from "../../../liveness/liveness-error.js";
import type { LivenessSessions } from "../../../liveness/sessions.js";
import type { LivenessSessionRecord } from "../../../model/liveness.js";
import { faceErrors } from "../errors.js";
import { livenessVersion } from "./api-versions.js";
import { markStart, securityHeaders, elapsedHeader } from "./headers.js";
import { sessionOfToken } from "./session-token.js";
import { attemptView } from "./views.js";

export const DEVICE_PREFIX = "/_lazurite/face/liveness";
/** A JSON body with a base64 image of Face's maximum size. */
const DEVICE_BODY_LIMIT = Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 64 * 1024;

/** The device's address as Face's `clientInformation.ip` shows it (an IPv4-mapped IPv6 address unwrapped). */
export function clientIp(req: FastifyRequest): string {
  return req.ip.startsWith("::ffff:") ? req.ip.slice(7) : req.ip;
}

/**
 * The device stand-in (docs/face-liveness.md#device): what the Face client SDK on a phone or in a
 * browser does with a session's authToken, driven by a test. It is Lazurite's own API, answering
 * in Face's envelope, authorized by `Authorization: Bearer <authToken>` and nothing else.
 *   POST …/start     the device opens the session (NotStarted → Running)
 *   POST …/attempts  one liveness attempt with the outcome the test chooses
 */
export function registerDeviceRoutes(app: FastifyInstance, ctx: AppContext, sessions: LivenessSessions): void {
  const verified = new WeakMap<FastifyRequest, LivenessSessionRecord>();
  const onRequest = async (req: FastifyRequest, reply: FastifyReply) => {
    markStart(req);
    securityHeaders(reply);
    // The token is checked before the body is read.
    try {
      verified.set(req, await sessionOfToken(ctx, req.headers.authorization, (id) => sessions.byId(id)));
    } catch (e) {
      elapsedHeader(req, reply);
      throw e;
    }
  };
  const body = (req: FastifyRequest): unknown => {
    const b = req.body;
    if (b === undefined) return {};
    if (typeof b !== "object" || b === null || Array.isArray(b) || Buffer.isBuffer(b)) throw faceErrors.invalidRequestBody();
    return b;
  };
  const guard = async <T>(req: FastifyRequest, reply: FastifyReply, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      elapsedHeader(req, reply);
      throw e instanceof LivenessError ? faceErrors.fromLiveness(e) : e;
    }
  };

  app.post(`${DEVICE_PREFIX}/start`, { onRequest }, async (req, reply) => {
    req.operation = "LazuriteDeviceStart";
    const s = verified.get(req)!;
    const started = await guard(req, reply, () => sessions.start(s.sessionId, parseInput(startInput, body(req))));
    elapsedHeader(req, reply);
    return { sessionId: started.sessionId, status: started.status };
  });

  app.post(`${DEVICE_PREFIX}/attempts`, { onRequest, bodyLimit: DEVICE_BODY_LIMIT }, async (req, reply) => {
    req.operation = "LazuriteDeviceAttempt";
    const s = verified.get(req)!;
    const { session, attempt } = await guard(req, reply, () =>
      sessions.attempt(s.sessionId, parseInput(attemptInput, body(req)), clientIp(req), true),
    );
    elapsedHeader(req, reply);
    const v = livenessVersion(session.apiVersion)!;
    return { sessionId: session.sessionId, status: session.status, attempt: attemptView(attempt, session, v) };
  });
}
