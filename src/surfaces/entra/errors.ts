import { randomUUID } from "node:crypto";
import { retryAfterHeader } from "../../core/lazurite-error.js";
import { ServiceError } from "../../core/service-error.js";
import type { InjectedFault } from "../../core/surface.js";

/** Token responses, good or bad, must never be cached by a client or a proxy. */
const NO_STORE = { "cache-control": "no-store, no-cache", pragma: "no-cache" };

/** `2023-05-06 06:03:00Z`: Entra's format, space-separated and without fractions. */
export function entraTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

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
  const timestamp = entraTimestamp(now);
  const body = {
    error,
    error_description: `AADSTS${aadsts}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  };
  return new ServiceError(status, error, body, NO_STORE);
}

/**
 * Entra's answers by status for injected faults. The codes are Entra's documented ones
 * (AADSTS90055 TenantThrottlingError, AADSTS90033 MsodsServiceUnavailable, AADSTS90006
 * ExternalServerRetryableError [D]); their wire texts are [U].
 */
const INJECTED_DEFAULTS: Record<number, [string, number, string]> = {
  400: ["invalid_request", 900144, "The request is not valid."],
  401: ["invalid_client", 7000215, "Invalid client secret provided."],
  429: ["temporarily_unavailable", 90055, "There are too many incoming requests. Please try again later."],
  500: ["server_error", 90006, "The service is temporarily unavailable. Please try again."],
  503: ["temporarily_unavailable", 90033, "A transient error has occurred. Please try again."],
  504: ["temporarily_unavailable", 90006, "The service is temporarily unavailable. Please try again."],
};

/** Errors outside the token protocol (unknown route, oversized body) in the same OAuth shape. */
export const entraErrors = {
  /** Entra serves an HTML page for unknown paths; an OAuth-shaped body is more useful to a client. */
  notFound: () => new ServiceError(404, "not_found", { error: "not_found", error_description: "The requested endpoint does not exist." }),
  invalidRequest: (message: string) => entraError(400, "invalid_request", 900144, message),
  internal: () => entraError(500, "server_error", 90000, "An internal error occurred."),
  /** [U] Entra's answer to a malformed HTTP request is an HTML page; the OAuth shape with AADSTS90100 ("parameter is empty or not valid") is what a client can parse. */
  protocol: (status: number, message: string) => entraError(status, "invalid_request", 90100, message),
  /** OAuth's `temporarily_unavailable`, with Entra's transient-error code [U: which AADSTS code a store outage would give]. */
  unavailable: (retryAfterSeconds: number) => {
    const e = entraError(503, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.");
    return new ServiceError(e.statusCode, e.code, e.body, { ...e.headers, "retry-after": String(retryAfterSeconds) });
  },
  /**
   * An injected fault in the OAuth shape. The rule's `code` is the `error` value, or an AADSTS
   * code (`AADSTS90055`); left out, the status picks both (INJECTED_DEFAULTS).
   */
  injected: (f: InjectedFault) => {
    const [error, aadsts, message] = INJECTED_DEFAULTS[f.status] ?? [
      f.status >= 500 ? "server_error" : "invalid_request",
      90000,
      "Fault injected by a Lazurite fault rule.",
    ];
    const numbered = f.code !== undefined ? /^AADSTS(\d{1,9})$/i.exec(f.code) : null;
    const e = entraError(f.status, numbered ? error : (f.code ?? error), numbered ? Number(numbered[1]) : aadsts, f.message ?? message);
    return new ServiceError(e.statusCode, e.code, e.body, { ...e.headers, ...retryAfterHeader(f) });
  },
};

/** What every token-endpoint error carries besides its message: the request's clock and correlation id. */
export interface AadErrorContext {
  now: Date;
  /** The caller's `client-request-id` when it sent one (Entra echoes it as the correlation id). */
  correlationId?: string | undefined;
}

/**
 * .NET's round-trip ("o") format that Entra prints in AADSTS700024: seven fractional digits,
 * e.g. `2025-08-29T05:47:32.1501147Z`.
 */
export function dotNetRoundTrip(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

const CERT_DOCS = "https://learn.microsoft.com/entra/identity-platform/certificate-credentials";

/**
 * The AADSTS catalogue of the token endpoint: codes, `error` values, statuses and message texts
 * as the real service sends them (docs/research/entra-rbac.md §2.2). Statuses the research could
 * not confirm follow RFC 6749 §5.2: 401 for `invalid_client`, 400 otherwise.
 * A catalogue kept as data in one place, hence a module over ~300 lines.
 */
export const aadErrors = {
  tenantNotFound: (c: AadErrorContext, tenant: string) =>
    entraError(
      400,
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      c.now,
      c.correlationId,
    ),
  invalidTenantIdentifier: (c: AadErrorContext, tenant: string) =>
    entraError(
      400,
      "invalid_request",
      900023,
      `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
      c.now,
      c.correlationId,
    ),
  noTenantInformation: (c: AadErrorContext) =>
    entraError(
      400,
      "invalid_request",
      50059,
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
      c.now,
      c.correlationId,
    ),
  unknownInstance: (c: AadErrorContext) =>
    entraError(400, "invalid_instance", 50049, "Unknown or invalid instance.", c.now, c.correlationId),
  missingParameter: (c: AadErrorContext, name: string) =>
    entraError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`, c.now, c.correlationId),
  /** [U] AADSTS90100's text ("{name} parameter is empty or not valid") for a value longer than Lazurite accepts. */
  parameterTooLong: (c: AadErrorContext, name: string) =>
    entraError(400, "invalid_request", 90100, `${name.slice(0, 64)} parameter is empty or not valid.`, c.now, c.correlationId),
  duplicateParameter: (c: AadErrorContext, name: string) =>
    entraError(
      400,
      "invalid_request",
      9000411,
      `The request is not properly formatted. The parameter '${name}' is duplicated.`,
      c.now,
      c.correlationId,
    ),
  unknownClient: (c: AadErrorContext, clientId: string, directory: string) =>
    entraError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      c.now,
      c.correlationId,
    ),
  badClientSecret: (c: AadErrorContext, clientId: string) =>
    entraError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      c.now,
      c.correlationId,
    ),
  expiredClientSecret: (c: AadErrorContext, clientId: string) =>
    entraError(
      401,
      "invalid_client",
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      c.now,
      c.correlationId,
    ),
  noClientCredential: (c: AadErrorContext) =>
    entraError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      c.now,
      c.correlationId,
    ),
  assertionTimeRange: (c: AadErrorContext, nbf: Date, exp: Date) =>
    entraError(
      401,
      "invalid_client",
      700024,
      `Client assertion is not within its valid time range. Current time: ${dotNetRoundTrip(c.now)}, assertion valid from ${dotNetRoundTrip(nbf)}, expiry time of assertion ${dotNetRoundTrip(exp)}. Review the documentation at ${CERT_DOCS} .`,
      c.now,
      c.correlationId,
    ),
  assertionKeyNotRegistered: (c: AadErrorContext, clientId: string, keyFound: boolean) =>
    entraError(
      401,
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - ${keyFound ? "Key was found, but use of the key to verify the signature failed." : "The key was not found."}, Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${clientId}'].`,
      c.now,
      c.correlationId,
    ),
  assertionClientMismatch: (c: AadErrorContext) =>
    entraError(
      401,
      "invalid_client",
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at ${CERT_DOCS} .`,
      c.now,
      c.correlationId,
    ),
  /** Not confirmed on the wire: AADSTS50013 is Entra's code for an assertion whose audience is wrong. */
  assertionAudience: (c: AadErrorContext, audience: string, expected: string) =>
    entraError(
      401,
      "invalid_client",
      50013,
      `Assertion audience claim does not match the required value. The audience in the assertion was '${audience}' and the expected audience is '${expected}'.`,
      c.now,
      c.correlationId,
    ),
  assertionAlgorithm: (c: AadErrorContext, alg: string) =>
    entraError(
      401,
      "invalid_client",
      5002738,
      `Invalid JWT token. '${alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256,RS384,RS512'`,
      c.now,
      c.correlationId,
    ),
  assertionNoKeyId: (c: AadErrorContext) =>
    entraError(
      401,
      "invalid_client",
      5002723,
      "Invalid JWT token. No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.",
      c.now,
      c.correlationId,
    ),
  assertionMissingField: (c: AadErrorContext, field: string) =>
    entraError(
      400,
      "invalid_request",
      90014,
      `The required field '${field}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.`,
      c.now,
      c.correlationId,
    ),
  malformedJwt: (c: AadErrorContext) =>
    entraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.", c.now, c.correlationId),
  badPassword: (c: AadErrorContext) =>
    entraError(400, "invalid_grant", 50126, "Error validating credentials due to invalid username or password.", c.now, c.correlationId),
  unknownUser: (c: AadErrorContext, tenant: string) =>
    entraError(
      400,
      "invalid_grant",
      50034,
      `The user account {EmailHidden} does not exist in the ${tenant} directory. To sign into this application, the account must be added to the directory.`,
      c.now,
      c.correlationId,
    ),
  unsupportedGrant: (c: AadErrorContext, grant: string) =>
    entraError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`, c.now, c.correlationId),
  invalidScope: (c: AadErrorContext, scope: string) =>
    entraError(
      400,
      "invalid_scope",
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      c.now,
      c.correlationId,
    ),
  clientCredentialsScope: (c: AadErrorContext, scope: string) =>
    entraError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      c.now,
      c.correlationId,
    ),
  resourceNotFound: (c: AadErrorContext, resource: string, tenantName: string) =>
    entraError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      c.now,
      c.correlationId,
    ),
  invalidRefreshToken: (c: AadErrorContext) =>
    entraError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.", c.now, c.correlationId),
  expiredRefreshToken: (c: AadErrorContext) =>
    entraError(
      400,
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
      c.now,
      c.correlationId,
    ),
};
