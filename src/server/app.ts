import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { randomUUID } from "node:crypto";
import type { AppContext } from "../core/context.js";
import { PINO_REDACT_PATHS } from "../logging/redact.js";
import { installPipeline } from "./pipeline.js";
import { SURFACES } from "./surfaces.js";

export interface BuildOptions {
  https?: { cert: string; key: string } | undefined;
  logLevel: string;
  /** Where log lines go (defaults to stdout). */
  logStream?: NodeJS.WritableStream | undefined;
}

/** ARM's request limit (docs/arm.md#request-body: 413 over 4 MB). */
export const BODY_LIMIT = 4 * 1024 * 1024;

/** Builds the Fastify app: the pipeline, then every surface as its own encapsulated plugin. Does not listen. */
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
      ignoreDuplicateSlashes: true, // some ARM SDK calls produce `//subscriptions/...` (docs/arm.md#url-handling)
      caseSensitive: false, // ARM matches names case-insensitively
      maxParamLength: 1024, // ARM polling tokens (resource group deletion jobs) are longer than the default 100
    },
  }) as unknown as FastifyInstance;

  installPipeline(app, ctx, { accessLog: ["trace", "debug", "info"].includes(opts.logLevel) });
  // Each surface is an encapsulated plugin: its hooks and body parsers do not leak into the others.
  for (const surface of SURFACES) await app.register(async (scope) => surface.register(scope, ctx));
  return app;
}
