import { ServiceError } from "./service-error.js";

/**
 * ARM's error envelope (common-types v5 ErrorResponse) and the catalogue of ARM's own errors.
 * Messages are verbatim from the wire contract §4.2, which cites where each was observed.
 */
export interface ArmErrorOptions {
  target?: string | undefined;
  headers?: Record<string, string>;
}

export function armError(status: number, code: string, message: string, opts: ArmErrorOptions = {}): ServiceError {
  const error: Record<string, string> = { code, message };
  if (opts.target !== undefined) error["target"] = opts.target;
  return new ServiceError(status, code, { error }, opts.headers);
}

/** `6/15/2026 8:22:51 AM`: .NET's en-US general date format, as ARM prints token times. */
export function dotnetUtc(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

export const ARM_AUDIENCES = [
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
  "https://management.azure.com/",
  "https://management.azure.com",
] as const;

export const armErrors = {
  missingApiVersion: () =>
    armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."),
  noRegisteredProvider: (location: string, apiVersion: string, resourceType: string, versions: string[], locations: string[]) =>
    armError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${resourceType}'. The supported api-versions are '${versions.join(", ")}'. The supported locations are '${locations.join(", ")}'.`,
    ),
  invalidApiVersion: (apiVersion: string, versions: string[]) =>
    armError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(",")}'.`,
    ),
  authenticationFailed: () => armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
  invalidAuthHeader: () =>
    armError(
      401,
      "AuthenticationFailedInvalidHeader",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    ),
  invalidToken: () => armError(401, "InvalidAuthenticationToken", "The access token is invalid."),
  tokenWithoutIdentity: () =>
    armError(
      401,
      "InvalidAuthenticationToken",
      "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.",
    ),
  wrongAudience: (aud: string) =>
    armError(
      401,
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((a) => `'${a}'`).join(",")}.`,
    ),
  expiredToken: (exp: Date, now: Date) =>
    armError(
      401,
      "ExpiredAuthenticationToken",
      `The access token expiry UTC time '${dotnetUtc(exp)}' is earlier than current UTC time '${dotnetUtc(now)}'.`,
    ),
  wrongTenant: (tokenIssuer: string, expectedIssuer: string, tenantId: string) =>
    armError(
      401,
      "InvalidAuthenticationTokenTenant",
      `The access token is from the wrong issuer '${tokenIssuer}'. It must match the tenant '${expectedIssuer}' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    ),
  authorizationFailed: (client: string, objectId: string, action: string, scope: string) =>
    armError(
      403,
      "AuthorizationFailed",
      `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  subscriptionNotFound: (id: string) => armError(404, "SubscriptionNotFound", `The subscription '${id}' could not be found.`),
  invalidSubscriptionId: (value: string) =>
    armError(400, "InvalidSubscriptionId", `The provided subscription identifier '${value}' is malformed or invalid.`),
  resourceGroupNotFound: (rg: string) => armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`),
  resourceNotFound: (type: string, name: string, rg: string) =>
    armError(
      404,
      "ResourceNotFound",
      `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  invalidRequestContent: (detail: string) =>
    armError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`),
  /** No route matched: ARM answers an unknown path under a provider this way [U: exact text for unknown paths]. */
  noRouteFound: (path: string) => armError(404, "NotFound", `The requested path '${path}' was not found.`),
  payloadTooLarge: () => armError(413, "RequestEntityTooLarge", "The request content size exceeds the maximum allowed size of 4 MB."),
  internal: () => armError(500, "InternalServerError", "Encountered internal server error. Please try again."),

  // ---- added for the resource providers (Video Indexer); [U] unless noted, see docs/video-indexer.md ----
  /** A resource provider's request validation failure (contract §3.10: Lazurite's choice of code and shape). */
  invalidParameter: (message: string, target?: string) => armError(400, "InvalidParameter", message, { target }),
  /** ARM's text for a tracked resource PUT without `location`. */
  locationRequired: () => armError(400, "LocationRequired", "The location property is required for this definition."),
  locationNotAvailable: (location: string, resourceType: string, locations: string[]) =>
    armError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${locations.join(",")}'.`,
    ),
  /** PUT of an existing resource with another location. */
  invalidResourceLocation: (name: string, existing: string, rg: string, requested: string) =>
    armError(
      400,
      "InvalidResourceLocation",
      `The resource '${name}' already exists in location '${existing}' in resource group '${rg}'. A resource with the same name cannot be created in location '${requested}'. Please select a new resource name.`,
    ),
  invalidResourceName: (message: string, target?: string) => armError(400, "InvalidResourceName", message, { target }),
  conflict: (code: string, message: string, target?: string) => armError(409, code, message, { target }),
  /** 429 with Retry-After (SDK pipelines retry only a 429 that carries it, contract §8.7). */
  throttled: (
    level: "subscription" | "tenant",
    scopeId: string,
    actor: string,
    kind: "reads" | "writes" | "deletes",
    retryAfterSeconds: number,
  ) =>
    armError(
      429,
      level === "subscription" ? "SubscriptionRequestsThrottled" : "TenantRequestsThrottled",
      `Number of '${kind.slice(0, -1)}' requests for ${level} '${scopeId}' actor '${actor}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
      { headers: { "retry-after": String(retryAfterSeconds) } },
    ),
};
