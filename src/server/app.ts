import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { randomUUID } from "node:crypto";
import { PINO_REDACT_PATHS } from "../logging/redact.js";
import { adminAuthorizer } from "../surfaces/admin/auth.js";
import { registerAdminFlatLists, registerAdminRoutes } from "../surfaces/admin/routes.js";
import { registerArmSurface } from "../surfaces/arm/index.js";
import { registerEntraSurface } from "../surfaces/entra/index.js";
import { registerFaceSurface } from "../surfaces/face/index.js";
import { registerManagedIdentity } from "../surfaces/identity/index.js";
import { registerInternalRoutes } from "../surfaces/internal/routes.js";
import type { AppContext } from "./context.js";
import { installPipeline } from "./pipeline.js";

export interface BuildOptions {
  https?: { cert: string; key: string } | undefined;
  logLevel: string;
  /** Where log lines go (defaults to stdout). */
  logStream?: NodeJS.WritableStream | undefined;
}

/** ARM's request limit (contract §4.2: 413 over 4 MB). */
export const BODY_LIMIT = 4 * 1024 * 1024;

/** Builds the Fastify app with the pipeline and every surface; does not listen. */
export async function buildApp(ctx: AppContext, opts: BuildOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions["logger"] =
    opts.logLevel === "silent"
      ? false
      : {
          level: opts.logLevel,
          redact: { paths: PINO_REDACT_PATHS, censor: "[REDACTED]" },
          ...(opts.logStream ? { stream: opts.logStream } : {}),
        };
  const app = Fastify({
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key, allowHTTP1: true } } : {}),
    logger,
    // The pipeline writes its own access line with credentials redacted.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT,
    // Idle keep-alive sockets are closed on shutdown; in-flight requests finish first.
    forceCloseConnections: "idle",
    return503OnClosing: true,
    routerOptions: {
      ignoreDuplicateSlashes: true, // some ARM SDK calls produce `//subscriptions/...` (contract §4.5)
      caseSensitive: false, // ARM matches names case-insensitively
    },
  }) as unknown as FastifyInstance;

  installPipeline(app, {
    armRegion: ctx.settings.armRegion,
    now: ctx.now,
    isAdminAuthorized: adminAuthorizer(ctx.adminToken),
    accessLog: ["trace", "debug", "info"].includes(opts.logLevel),
  });
  registerInternalRoutes(app, ctx);
  await app.register(
    async (admin) => {
      registerAdminRoutes(admin, ctx);
      registerAdminFlatLists(admin, ctx);
    },
    { prefix: "/_lazurite/admin" },
  );
  // Each surface is an encapsulated plugin: its hooks and body parsers do not leak into the others.
  await app.register(async (arm) => registerArmSurface(arm, ctx));
  await app.register(async (face) => registerFaceSurface(face, ctx));
  await app.register(async (entra) => registerEntraSurface(entra, ctx));
  await app.register(async (identity) => registerManagedIdentity(identity, ctx));
  return app;
}
