import type { FastifyReply } from "fastify";

/**
 * The one error type that leaves a handler. Each surface's error factory (errors.ts in each surface folder)
 * builds it in that surface's envelope, so a route cannot invent its own shape; the pipeline's
 * error handler only serialises it.
 */
export class ServiceError extends Error {
  constructor(
    readonly statusCode: number,
    /** Stable machine code (the envelope's code), also used in logs. */
    readonly code: string,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${statusCode} ${code}`);
    this.name = "ServiceError";
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError;
}

/** Writes a ServiceError as the response: its status, its headers, its body. */
export function send(reply: FastifyReply, err: ServiceError): FastifyReply {
  return reply.code(err.statusCode).headers(err.headers).send(err.body);
}
