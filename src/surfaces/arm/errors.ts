import type { BearerError } from "../../auth/errors.js";
import { ARM_AUDIENCES, entraV1Issuer } from "../../core/azure.js";
import { retryAfterHeader } from "../../core/lazurite-error.js";
import { ServiceError } from "../../core/service-error.js";
import type { InjectedFault } from "../../core/surface.js";
import type { RateKind } from "./rate-limit.js";
import { armChallenge, MISSING_HEADER_DESCRIPTION } from "./www-authenticate.js";

/**
 * ARM's error envelope and the catalogue of ARM's own errors. Messages are verbatim where ARM's
 * text was observed (docs/arm.md#error-catalogue lists each with its source); the rest are
 * Lazurite's, marked [U] and listed there too.
 *
 * Two envelopes exist: common-types v5 `ErrorResponse` (`code`, `message`, `target`…), and the
 * local ErrorResponse of older resource-provider specs, which has no `target`
 * (docs/video-indexer.md#api-versions). A factory is made per envelope, so an error is built in
 * the right shape the first time: the ARM check chain hands the one for the request's api-version
 * to every later step and to the handler.
 */
export type ArmErrorSchema = "common-v5" | "local";

/** `6/15/2026 8:22:51 AM`: .NET's en-US general date format, as ARM prints token times. */
export function dotnetUtc(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

const PROTOCOL_CODES: Record<number, string> = {
  400: "BadRequest",
  408: "RequestTimeout",
  413: "RequestEntityTooLarge",
  414: "RequestUriTooLong",
  431: "RequestHeaderFieldsTooLarge",
};

/** Where an injected fault landed: what ARM's throttling message and gateway errors name. */
export interface InjectedAt {
  subscriptionId?: string | undefined;
  tenantId?: string | undefined;
  actor: string;
  kind: RateKind;
  /** The resource provider namespace in the path (`Microsoft.VideoIndexer`). */
  namespace?: string | undefined;
}

/**
 * ARM's answer for each status an injected fault may ask for. 429 is ARM's throttling error (see
 * `throttled`), 500 its InternalServerError [S: as `internal`]; 504's text follows ARM's gateway
 * timeout [O]; the rest are [U] (docs/observability.md#fault-injection).
 */
const INJECTED_DEFAULTS: Record<number, (at: InjectedAt) => [string, string]> = {
  400: () => ["BadRequest", "The request is invalid."],
  401: () => ["AuthenticationFailed", "Authentication failed."],
  403: () => ["AuthorizationFailed", "The client does not have authorization to perform this action."],
  404: () => ["NotFound", "The requested resource was not found."],
  409: () => ["Conflict", "The request conflicts with the current state of the resource."],
  500: () => ["InternalServerError", "Encountered internal server error. Please try again."],
  502: (at) => ["BadGateway", `The gateway received an invalid response from '${at.namespace ?? "the resource provider"}'.`],
  503: () => ["ServiceUnavailable", "The server is currently unable to handle the request. Please try again later."],
  504: (at) => [
    "GatewayTimeout",
    `The gateway did not receive a response from '${at.namespace ?? "the resource provider"}' within the specified time period.`,
  ],
};

function factory(schema: ArmErrorSchema) {
  const err = (status: number, code: string, message: string, target?: string, headers?: Record<string, string>): ServiceError => {
    const error: Record<string, string> = { code, message };
    if (target !== undefined && schema === "common-v5") error["target"] = target;
    return new ServiceError(status, code, { error }, headers);
  };
  /** A 401 that names the tenant to get a token from (docs/arm.md#www-authenticate-on-401). */
  const challenged = (code: string, message: string, tenantId: string | undefined, description = message) =>
    err(401, code, message, undefined, { "www-authenticate": armChallenge(tenantId, description) });

  return {
    missingApiVersion: () =>
      err(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."),
    noRegisteredProvider: (location: string, apiVersion: string, resourceType: string, versions: string[], locations: string[]) =>
      err(
        400,
        "NoRegisteredProviderFound",
        `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${resourceType}'. The supported api-versions are '${versions.join(", ")}'. The supported locations are '${locations.join(", ")}'.`,
      ),
    invalidApiVersion: (apiVersion: string, versions: string[]) =>
      err(
        400,
        "InvalidApiVersionParameter",
        `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(",")}'.`,
      ),

    /** Why a bearer token was refused, as ARM says it, with the challenge naming `challengeTenant`. */
    unauthenticated: (e: BearerError, challengeTenant: string | undefined): ServiceError => {
      switch (e.code) {
        case "missing":
          return challenged(
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
            challengeTenant,
            MISSING_HEADER_DESCRIPTION,
          );
        case "malformed_header":
          return challenged(
            "AuthenticationFailedInvalidHeader",
            "Authentication failed. The 'Authorization' header is provided in an invalid format.",
            challengeTenant,
          );
        case "expired":
          return challenged(
            "ExpiredAuthenticationToken",
            `The access token expiry UTC time '${dotnetUtc(e.detail.expiresAt!)}' is earlier than current UTC time '${dotnetUtc(e.detail.now!)}'.`,
            challengeTenant,
          );
        case "audience":
          return challenged(
            "InvalidAuthenticationTokenAudience",
            `The access token has been obtained for wrong audience or resource '${e.detail.audience ?? ""}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((a) => `'${a}'`).join(",")}.`,
            challengeTenant,
          );
        case "no_identity":
          return challenged(
            "InvalidAuthenticationToken",
            "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.",
            challengeTenant,
          );
        default:
          return challenged("InvalidAuthenticationToken", "The access token is invalid.", challengeTenant);
      }
    },
    wrongTenant: (tokenIssuer: string, tenantId: string) =>
      challenged(
        "InvalidAuthenticationTokenTenant",
        `The access token is from the wrong issuer '${tokenIssuer}'. It must match the tenant '${entraV1Issuer(tenantId)}' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
        tenantId,
      ),
    authorizationFailed: (client: string, objectId: string, action: string, scope: string) =>
      err(
        403,
        "AuthorizationFailed",
        `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      ),
    subscriptionNotFound: (id: string) => err(404, "SubscriptionNotFound", `The subscription '${id}' could not be found.`),
    invalidSubscriptionId: (value: string) =>
      err(400, "InvalidSubscriptionId", `The provided subscription identifier '${value}' is malformed or invalid.`),
    resourceGroupNotFound: (rg: string) => err(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`),
    resourceNotFound: (type: string, name: string, rg: string) =>
      err(
        404,
        "ResourceNotFound",
        `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      ),
    invalidRequestContent: (detail: string) =>
      err(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`),
    /** No route matched [U: ARM's exact text for unknown paths]. */
    noRouteFound: (path: string) => err(404, "NotFound", `The requested path '${path}' was not found.`),
    payloadTooLarge: () => err(413, "RequestEntityTooLarge", "The request content size exceeds the maximum allowed size of 4 MB."),
    internal: () => err(500, "InternalServerError", "Encountered internal server error. Please try again."),
    /** [U] codes for refusals of the HTTP layer; ARM's front door answers these before any provider sees them. */
    protocol: (status: number, message: string) =>
      err(status, PROTOCOL_CODES[status] ?? "BadRequest", message, undefined, status === 408 ? { connection: "close" } : undefined),
    /** The store is unreachable: ARM's 503 with Retry-After, which SDK pipelines retry (docs/arm.md#sdk-retries-for-429-and-503). */
    serviceUnavailable: (retryAfterSeconds: number) =>
      err(503, "ServiceUnavailable", "The service is temporarily unavailable. Please try again later.", undefined, {
        "retry-after": String(retryAfterSeconds),
      }),

    // ---- resource-provider errors; [U] unless noted (docs/arm.md#texts-lazurite-had-to-choose) ----
    /** A resource provider's request validation failure: Lazurite's choice of code and shape. */
    invalidParameter: (message: string, target?: string) => err(400, "InvalidParameter", message, target),
    /** A tracked resource PUT without `location`. */
    locationRequired: () => err(400, "LocationRequired", "The location property is required for this definition."),
    locationNotAvailable: (location: string, resourceType: string, locations: string[]) =>
      err(
        400,
        "LocationNotAvailableForResourceType",
        `The provided location '${location}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${locations.join(",")}'.`,
      ),
    /** PUT of an existing resource with another location. */
    invalidResourceLocation: (name: string, existing: string, rg: string, requested: string) =>
      err(
        400,
        "InvalidResourceLocation",
        `The resource '${name}' already exists in location '${existing}' in resource group '${rg}'. A resource with the same name cannot be created in location '${requested}'. Please select a new resource name.`,
      ),
    invalidResourceName: (message: string, target?: string) => err(400, "InvalidResourceName", message, target),
    conflict: (code: string, message: string, target?: string) => err(409, code, message, target),
    /** 409 from ARM when a provider namespace is not registered for the subscription [O, docs/resource-manager.md#errors]. */
    missingSubscriptionRegistration: (namespace: string) => {
      const message = `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
      return new ServiceError(409, "MissingSubscriptionRegistration", {
        error: {
          code: "MissingSubscriptionRegistration",
          message,
          details: [{ code: "MissingSubscriptionRegistration", target: namespace, message }],
        },
      });
    },
    /** Any other error a resource provider defines in its own catalogue (a provider folder's errors.ts), in this envelope. */
    make: (status: number, code: string, message: string, target?: string) => err(status, code, message, target),
    /**
     * 429 with `Retry-After` (SDK pipelines retry only a 429 that carries it,
     * docs/arm.md#sdk-retries-for-429-and-503) and the exhausted counter's header at 0.
     */
    throttled: (level: "subscription" | "tenant", scopeId: string, actor: string, kind: RateKind, retryAfterSeconds: number) =>
      err(
        429,
        level === "subscription" ? "SubscriptionRequestsThrottled" : "TenantRequestsThrottled",
        `Number of '${kind.slice(0, -1)}' requests for ${level} '${scopeId}' actor '${actor}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
        undefined,
        { "retry-after": String(retryAfterSeconds), [`x-ms-ratelimit-remaining-${level}-${kind}`]: "0" },
      ),

    /** An injected fault: ARM's own answer for the status unless the rule names a code or message. */
    injected(f: InjectedFault, at: InjectedAt): ServiceError {
      if (f.status === 429 && f.message === undefined && (f.code === undefined || /RequestsThrottled$/.test(f.code))) {
        const level = at.subscriptionId ? "subscription" : "tenant";
        return this.throttled(level, at.subscriptionId ?? at.tenantId ?? "", at.actor, at.kind, f.retryAfter ?? 1);
      }
      const [code, message] = INJECTED_DEFAULTS[f.status]?.(at) ?? ["InjectedFault", `Fault injected by a Lazurite fault rule.`];
      return err(f.status, f.code ?? code, f.message ?? message, undefined, retryAfterHeader(f));
    },
  };
}

export type ArmErrors = ReturnType<typeof factory>;

/** The common-types v5 envelope: every ARM error before the api-version is known, and most after. */
export const armErrors: ArmErrors = factory("common-v5");
const localArmErrors: ArmErrors = factory("local");

export function armErrorsFor(schema: ArmErrorSchema | undefined): ArmErrors {
  return schema === "local" ? localArmErrors : armErrors;
}
