import { randomUUID } from "node:crypto";
import { ServiceError } from "./service-error.js";

/**
 * Entra ID's OAuth error body: `error`, `error_description` starting with the AADSTS code and
 * ending with Trace/Correlation/Timestamp, `error_codes`, `timestamp`, `trace_id`, `correlation_id`.
 */
export function entraError(
  status: number,
  error: string,
  aadsts: number,
  message: string,
  now: Date = new Date(),
  correlationId: string = randomUUID(),
): ServiceError {
  const traceId = randomUUID();
  // `2023-05-06 06:03:00Z`: Entra's format, space-separated and without fractions.
  const timestamp = now.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  const body = {
    error,
    error_description: `AADSTS${aadsts}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  };
  return new ServiceError(status, error, body);
}

/** Errors outside the token protocol (unknown route, oversized body) in the same OAuth shape. */
export const entraErrors = {
  /** Entra serves an HTML page for unknown paths; an OAuth-shaped body is more useful to a client. */
  notFound: () => new ServiceError(404, "not_found", { error: "not_found", error_description: "The requested endpoint does not exist." }),
  invalidRequest: (message: string) => entraError(400, "invalid_request", 900144, message),
  internal: () => entraError(500, "server_error", 90000, "An internal error occurred."),
};
