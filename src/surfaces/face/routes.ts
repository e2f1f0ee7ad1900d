import type { FastifyInstance, FastifyRequest } from "fastify";
import { keyOf } from "../../store/collections.js";
import type { AppContext } from "../../core/context.js";
import { LivenessSessions } from "../../liveness/sessions.js";
import { authenticateFace } from "./auth.js";
import { issueClientAssetsToken } from "./client-assets-token.js";
import { registerDeviceRoutes } from "./liveness/device.js";
import { registerMultipartBody } from "./liveness/multipart.js";
import { mountLivenessOperations } from "./liveness/operation.js";
import { RESOURCE_OPERATIONS } from "./liveness/resource-operations.js";
import { SESSION_OPERATIONS } from "./liveness/session-operations.js";
import { resolveResource } from "./resolve-resource.js";
import { FaceThrottle } from "./throttle.js";

/** The api-version of getClientAssetsAccessToken (docs/face.md#endpoint-and-api-version); liveness versions: liveness/api-versions.ts. */
export const FACE_API_VERSION = "v1.3-preview.1";
const ROUTE = `/face/${FACE_API_VERSION}/settings/getClientAssetsAccessToken`;

/** The Face routes; anything else under /face/ falls through to the surface's 404. */
export async function registerFaceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const throttle = new FaceThrottle(ctx.settings.faceRateLimitPerSecond, ctx.now);

  const handler = async (req: FastifyRequest) => {
    const address = await resolveResource(req, ctx.store);
    const caller = await authenticateFace(req, ctx, address);
    const f = caller.resource;
    try {
      throttle.take(keyOf.resource(f.subscriptionId, f.resourceGroup, f.name));
    } catch (e) {
      req.decision = {
        check: "rate limit",
        reason: `more than ${ctx.settings.faceRateLimitPerSecond} calls this second to Face resource '${f.name}'`,
      };
      throw e;
    }
    return issueClientAssetsToken(ctx, f, caller.kind === "bearer" ? caller.principal.objectId : f.name.toLowerCase());
  };

  // The spec's operationId [S]: what fault rules and metrics name the route by.
  const config = { operation: "LivenessSessionOperations_GetClientAssetsAccessToken" };
  app.get(ROUTE, { exposeHeadRoute: false, config }, handler);
  app.get(`/:resource${ROUTE}`, { exposeHeadRoute: false, config }, handler);

  // Liveness sessions: the multipart body of the verify create, and any other content type handed
  // to the route as bytes (bounded by the route's body limit) so that it answers in Face's terms.
  registerMultipartBody(app);
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  const sessions = new LivenessSessions(ctx.store, ctx.now);
  mountLivenessOperations(app, [...SESSION_OPERATIONS, ...RESOURCE_OPERATIONS], { ctx, sessions, throttle });
  registerDeviceRoutes(app, ctx, sessions);
}
