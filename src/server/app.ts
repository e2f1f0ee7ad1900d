import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { randomUUID } from "node:crypto";
import type { AppContext } from "../core/context.js";
import { PINO_REDACT_PATHS } from "../logging/redact.js";
import { installPipeline } from "./pipeline.js";
import { clientError, frameworkError, rememberRequestHeads } from "./refusals.js";
import { SURFACES } from "./surfaces.js";

export interface BuildOptions {
  https?: { cert: string; key: string } | undefined;
  /** The whole request (headers and body) must arrive within this time; headers within the smaller of it and 20 s. */
  requestTimeoutMs?: number | undefined;
  logLevel: string;
  /** Where log lines go (defaults to stdout). */
  logStream?: NodeJS.WritableStream | undefined;
}

/** ARM's request limit (docs/arm.md#request-body: 413 over 4 MB). */
export const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Limits of the HTTP layer, chosen deliberately (docs/hardening.md#limits): a request must arrive within
 * 30 s (slow-body sockets are closed), its headers within 20 s; a path segment may be 1024
 * characters (longer ones name no operation: 404 in the surface's envelope); Node's 16 KB header
 * limit stays (431 in the surface's envelope).
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Long enough for ARM polling tokens (resource group deletion jobs). */
const MAX_PARAM_LENGTH = 1024;

/** Options of Node's HTTP server, for the HTTPS listener and the optional plain-HTTP one alike. */
export function serverTimeouts(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 20_000),
    // How often Node looks for requests past those limits (its default, 30 s, would let them overrun).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
    // Node would answer a request without Host by itself, in no surface's envelope; the surface answers instead.
    requireHostHeader: false,
  };
}

const noSchemas = () => () => {
  throw new Error("Lazurite routes declare no JSON schemas");
};

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
  const timeouts = serverTimeouts(opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const app = Fastify({
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key, allowHTTP1: true, ...timeouts } } : {}),
    requestTimeout: timeouts.requestTimeout,
    frameworkErrors: frameworkError(ctx),
    clientErrorHandler: clientError,
    logger,
    // The pipeline writes its own access line with credentials redacted.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT,
    // Idle keep-alive sockets are closed on shutdown; in-flight requests finish first.
    forceCloseConnections: "idle",
    return503OnClosing: true,
    // No route declares a JSON schema (bodies are checked by each surface): Fastify would otherwise
    // load Ajv and fast-json-stringify at start (30-60 ms) for nothing.
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
    routerOptions: {
      ignoreDuplicateSlashes: true, // some ARM SDK calls produce `//subscriptions/...` (docs/arm.md#url-handling)
      caseSensitive: false, // ARM matches names case-insensitively
      maxParamLength: MAX_PARAM_LENGTH,
    },
  }) as unknown as FastifyInstance;

  app.server.headersTimeout = timeouts.headersTimeout;
  app.server.on(opts.https ? "secureConnection" : "connection", rememberRequestHeads);
  installPipeline(app, ctx, { accessLog: ["trace", "debug", "info"].includes(opts.logLevel) });
  // Each surface is an encapsulated plugin: its hooks and body parsers do not leak into the others.
  // Its routes are marked with its name, which the pipeline's onRequest compares with the
  // request's surface (one hook for all surfaces rather than one more per request).
  for (const surface of SURFACES) {
    await app.register(async (scope) => {
      scope.addHook("onRoute", (route) => {
        route.config = { ...route.config, surface: surface.name };
      });
      await surface.register(scope, ctx);
    });
  }
  return app;
}
