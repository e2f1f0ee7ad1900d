import type { FastifyInstance } from "fastify";
import { ISSUERS } from "../../keys/key-service.js";
import type { AppContext } from "../../core/context.js";

/** Unauthenticated operational routes: liveness, readiness, the token JWKS and the CA certificate. */
export function registerInternalRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/_lazurite/health", async () => ({ status: "ok" }));

  app.get("/_lazurite/ready", async (_req, reply) => {
    const ok = await ctx.store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ready" : "unavailable", store: ctx.store.dialect });
  });

  // Public keys of the Video Indexer and Face token issuers (Entra ID keys are per tenant, under /{tenant}/discovery).
  app.get("/.well-known/jwks.json", async (_req, reply) => {
    const keys = await ctx.keys.publicKeys([ISSUERS.videoIndexer, ISSUERS.face]);
    return reply.header("cache-control", "public, max-age=60").send({ keys });
  });

  app.get("/_lazurite/certificate", async (_req, reply) => reply.type("application/x-pem-file").send(ctx.settings.certificatePem));
}
