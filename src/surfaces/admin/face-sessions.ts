import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../core/context.js";
import { lazuriteError } from "../../core/lazurite-error.js";
import { attemptInput, parseInput } from "../../liveness/attempt-input.js";
import { MAX_IMAGE_BYTES } from "../../liveness/image-check.js";
import { LivenessError } from "../../liveness/liveness-error.js";
import { LivenessSessions } from "../../liveness/sessions.js";
import type { LivenessSessionRecord } from "../../model/liveness.js";
import { canon } from "../../model/ids.js";
import { adminErrors } from "./errors.js";
import type { Params } from "./kinds.js";

/** A session as the admin API shows it: everything stored except its bearer token (docs/face-liveness.md#admin). */
export function sessionAdminView(s: LivenessSessionRecord): Record<string, unknown> {
  const { authToken: _secret, ...visible } = s;
  return visible;
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof LivenessError ? lazuriteError(e.status, e.code, e.message) : e;
  }
}

const ip = (req: FastifyRequest) => (req.ip.startsWith("::ffff:") ? req.ip.slice(7) : req.ip);

/**
 * Face liveness sessions on the admin API: list (all, or `?resource={faceResourceName}`), show, and
 * record an attempt as the device would, without its token (an operator is not a device: the
 * session's expected client address is not enforced).
 */
export function registerFaceSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const sessions = new LivenessSessions(ctx.store, ctx.now);
  const found = async (id: string) => {
    const s = /^[0-9a-f-]{36}$/i.test(id) ? await sessions.byId(id) : undefined;
    if (!s) throw adminErrors.notFound(`Liveness session '${id}'`);
    return s;
  };

  app.get("/face/sessions", async (req) => {
    const name = (req.query as Params).resource;
    let list: LivenessSessionRecord[];
    if (name !== undefined) {
      const f = await ctx.store.faceResources.getByAlt(canon(name));
      if (!f) throw adminErrors.notFound(`Face resource '${name}'`);
      list = await sessions.list(f);
    } else {
      list = await sessions.list();
    }
    return { value: list.map(sessionAdminView) };
  });

  app.get("/face/sessions/:sessionId", async (req) => sessionAdminView(await found((req.params as Params).sessionId ?? "")));

  app.post("/face/sessions/:sessionId/attempts", { bodyLimit: Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 64 * 1024 }, async (req) => {
    const s = await found((req.params as Params).sessionId ?? "");
    const { session, attempt } = await guard(() => sessions.attempt(s.sessionId, parseInput(attemptInput, req.body), ip(req), false));
    return { sessionId: session.sessionId, status: session.status, attempt };
  });
}
