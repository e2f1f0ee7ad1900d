import { randomUUID } from "node:crypto";
import { ServiceError } from "../../core/service-error.js";

/** Token responses, good or bad, must never be cached by a client or a proxy. */
const NO_STORE = { "cache-control": "no-store, no-cache", pragma: "no-cache" };

/**
 * App Service's managed-identity token service answers errors in its own (non-OAuth) shape,
 * `{"statusCode":400,"message":"…","correlationId":"<guid>"}` with an `X-CORRELATION-ID` header.
 */
export function appServiceIdentityError(status: number, message: string, correlationId: string = randomUUID()): ServiceError {
  return new ServiceError(
    status,
    "managed_identity_error",
    { statusCode: status, message, correlationId },
    {
      ...NO_STORE,
      "x-correlation-id": correlationId,
    },
  );
}

/** The instance metadata service (IMDS) answers in the OAuth shape without AADSTS codes. */
export function imdsIdentityError(status: number, error: string, description: string): ServiceError {
  return new ServiceError(status, error, { error, error_description: description }, NO_STORE);
}

/** Answers outside the token protocol (unknown path, oversized or unreadable request), in the OAuth shape both flavours understand. */
export const identityErrors = {
  notFound: () => new ServiceError(404, "not_found", { error: "not_found", error_description: "The requested endpoint does not exist." }),
  badRequest: (message: string) => imdsIdentityError(400, "invalid_request", message),
  internal: () => imdsIdentityError(500, "server_error", "An internal error occurred."),
  protocol: (status: number, message: string) => imdsIdentityError(status, "invalid_request", message),
  unavailable: (retryAfterSeconds: number) => {
    const e = imdsIdentityError(503, "temporarily_unavailable", "The identity service is temporarily unavailable. Please try again.");
    return new ServiceError(e.statusCode, e.code, e.body, { ...e.headers, "retry-after": String(retryAfterSeconds) });
  },
};
