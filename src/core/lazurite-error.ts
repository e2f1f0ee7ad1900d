import { ServiceError } from "./service-error.js";
import type { InjectedFault } from "./surface.js";

/** Lazurite's own envelope (admin API, internal routes): `{ error: { code, message, details? } }`. */
export function lazuriteError(
  status: number,
  code: string,
  message: string,
  details?: string[],
  headers?: Record<string, string>,
): ServiceError {
  return new ServiceError(status, code, { error: details ? { code, message, details } : { code, message } }, headers);
}

const PROTOCOL_CODES: Record<number, string> = {
  400: "BadRequest",
  408: "RequestTimeout",
  413: "PayloadTooLarge",
  414: "UriTooLong",
  431: "HeadersTooLarge",
};

/** The answers of the HTTP layer and of an unreachable store, in Lazurite's own envelope. */
export const lazuriteProtocolErrors = {
  protocol: (status: number, message: string) => lazuriteError(status, PROTOCOL_CODES[status] ?? "BadRequest", message),
  unavailable: (retryAfterSeconds: number) =>
    lazuriteError(503, "StoreUnavailable", "The store cannot be reached; try again later (see /_lazurite/ready).", undefined, {
      "retry-after": String(retryAfterSeconds),
    }),
};
/**
 * `Retry-After` for an injected fault: as the rule says, and 1 second for a 429 that says
 * nothing (every Azure surface sends one with 429, and SDK pipelines retry only a 429 that has it).
 */
export function retryAfterHeader(f: InjectedFault): Record<string, string> {
  const seconds = f.retryAfter ?? (f.status === 429 ? 1 : undefined);
  return seconds === undefined ? {} : { "retry-after": String(seconds) };
}

/** An injected fault in Lazurite's own envelope. */
export function injectedLazuriteError(f: InjectedFault): ServiceError {
  const code = f.code ?? "InjectedFault";
  const e = lazuriteError(f.status, code, f.message ?? `Fault injected by a Lazurite fault rule (status ${f.status}).`);
  return new ServiceError(e.statusCode, e.code, e.body, retryAfterHeader(f));
}
