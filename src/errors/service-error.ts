/**
 * The one error type that leaves a handler. Each surface's factory (arm.ts, face.ts, entra.ts,
 * admin.ts) builds it with that surface's envelope, so a route cannot invent its own shape; the
 * pipeline's error handler only serialises it.
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
