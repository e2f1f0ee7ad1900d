import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import type { AppContext } from "../../../core/context.js";
import { LivenessError } from "../../../liveness/liveness-error.js";
import type { LivenessSessions } from "../../../liveness/sessions.js";
import type { FaceResource } from "../../../model/entities.js";
import { keyOf } from "../../../store/collections.js";
import { authenticateFace, type FaceCaller } from "../auth.js";
import { faceErrors } from "../errors.js";
import { resolveResource } from "../resolve-resource.js";
import type { FaceThrottle } from "../throttle.js";
import { FACE_LIVENESS_VERSIONS, type FaceLivenessVersion } from "./api-versions.js";
import { elapsedHeader, markStart, regionHeader, securityHeaders, successHeaders } from "./headers.js";

/** What a liveness operation's handler gets: the authenticated caller's resource and the version. */
export interface LivenessCall {
  req: FastifyRequest;
  reply: FastifyReply;
  ctx: AppContext;
  sessions: LivenessSessions;
  version: FaceLivenessVersion;
  resource: FaceResource;
  caller: FaceCaller;
}

/** A handler's answer: a status and a JSON body, raw bytes, or nothing. */
export interface Answer {
  status: number;
  body?: unknown;
}

/**
 * One liveness operation of the spec: its operationId [S], method and path under
 * `/face/{apiVersion}`, the data action a bearer caller needs, the versions it exists in, and its
 * handler. The surface mounts each on both endpoint forms (`/face/…` and `/{resource}/face/…`).
 */
export interface LivenessOperation {
  id: string;
  method: HTTPMethods;
  path: string;
  dataAction: string;
  exists(v: FaceLivenessVersion): boolean;
  bodyLimit?: number;
  handle(call: LivenessCall): Promise<Answer>;
}

export interface MountDeps {
  ctx: AppContext;
  sessions: LivenessSessions;
  throttle: FaceThrottle;
}

/**
 * Mounts the operations for every version that has them. Authentication and the rate limit run
 * in the route's onRequest hook, before the body is read, as the gateway checks the key before the
 * service sees the request; refusals of the shared liveness machinery are put in Face's envelope.
 */
export function mountLivenessOperations(app: FastifyInstance, ops: readonly LivenessOperation[], deps: MountDeps): void {
  const callers = new WeakMap<FastifyRequest, FaceCaller>();
  for (const v of FACE_LIVENESS_VERSIONS) {
    for (const op of ops.filter((o) => o.exists(v))) {
      const onRequest = async (req: FastifyRequest, reply: FastifyReply) => {
        markStart(req);
        req.operation = `LivenessSessionOperations_${op.id}`;
        securityHeaders(reply);
        try {
          const caller = await authenticateFace(req, deps.ctx, await resolveResource(req, deps.ctx.store), op.dataAction);
          const f = caller.resource;
          regionHeader(reply, f);
          deps.throttle.take(keyOf.resource(f.subscriptionId, f.resourceGroup, f.name));
          callers.set(req, caller);
        } catch (e) {
          elapsedHeader(req, reply);
          throw e;
        }
      };
      const handler = async (req: FastifyRequest, reply: FastifyReply) => {
        const caller = callers.get(req)!;
        let answer: Answer;
        try {
          answer = await op.handle({ req, reply, ctx: deps.ctx, sessions: deps.sessions, version: v, resource: caller.resource, caller });
        } catch (e) {
          elapsedHeader(req, reply);
          throw e instanceof LivenessError ? faceErrors.fromLiveness(e) : e;
        }
        successHeaders(req, reply);
        reply.code(answer.status);
        if (answer.status === 204) return reply.header("content-length", "0").send();
        return reply.send(answer.body);
      };
      for (const prefix of ["", "/:resource"]) {
        app.route({
          method: op.method,
          url: `${prefix}/face/${v.version}${op.path}`,
          exposeHeadRoute: false,
          ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
          onRequest,
          handler,
        });
      }
    }
  }
}
