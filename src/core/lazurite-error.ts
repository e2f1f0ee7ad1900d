import { ServiceError } from "./service-error.js";

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
