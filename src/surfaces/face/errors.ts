import { retryAfterHeader } from "../../core/lazurite-error.js";
import { ServiceError } from "../../core/service-error.js";
import type { LivenessError } from "../../liveness/liveness-error.js";
import type { InjectedFault } from "../../core/surface.js";

/** Face's FaceErrorResponse envelope; every error repeats its code in `x-ms-error-code` (Face spec). */
export function faceError(status: number, code: string, message: string, headers: Record<string, string> = {}): ServiceError {
  return new ServiceError(status, code, { error: { code, message } }, { "x-ms-error-code": code, ...headers });
}

/**
 * Face's answers by status for injected faults: 401, 404 and 429 as Face sends them (faceErrors below); 500
 * is the real service's body for an internal failure [O]; 403 and 503 are [U].
 */
const INJECTED_DEFAULTS: Record<number, [string, string]> = {
  401: [
    "401",
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
  ],
  403: ["403", "Forbidden."],
  404: ["404", "Resource not found"],
  429: ["429", "Rate limit is exceeded."],
  500: ["Unspecified", "Internal server error"],
  503: ["ServiceUnavailable", "The service is temporarily unavailable."],
};

// Messages verbatim where observed; each with its source in docs/face.md#errors.
export const faceErrors = {
  accessDenied: () =>
    faceError(
      401,
      "401",
      "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
    ),
  invalidBearer: () =>
    faceError(
      401,
      "401",
      "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.",
    ),
  permissionDenied: () => faceError(401, "PermissionDenied", "Principal does not have access to API/Operation."),
  keyRequired: () => faceError(400, "BadRequest", "Please provide an authentication key."),
  notFound: () => faceError(404, "404", "Resource not found"),
  rateLimited: (retryAfterSeconds: number) =>
    faceError(429, "429", "Rate limit is exceeded.", { "retry-after": String(retryAfterSeconds) }),
  badArgument: (message: string) => faceError(400, "BadArgument", message),
  internal: () => faceError(500, "InternalServerError", "An internal server error occurred."),
  /** [U] the gateway's own refusals carry the status as their code, as its 401, 404 and 429 do (docs/face.md#errors). */
  protocol: (status: number, message: string) => faceError(status, String(status), message),
  /** [U] no Face 503 body has been observed; the code follows the gateway's status-as-code style. */
  unavailable: (retryAfterSeconds: number) =>
    faceError(503, "503", "The service is temporarily unavailable. Please try again later.", { "retry-after": String(retryAfterSeconds) }),
  // Liveness sessions (docs/face-liveness.md#errors), Face's documented texts [D].
  invalidRequestBody: () =>
    faceError(400, "InvalidRequestBody", "Incorrect request body provided. Please check the operation schema and try again."),
  invalidTokenLifetime: () =>
    faceError(400, "InvalidTokenLifetime", "Invalid authTokenTimeToLiveInSeconds specified. Must be within 60 to 86400."),
  invalidLivenessOperationMode: () =>
    faceError(400, "InvalidLivenessOperationMode", "Invalid livenessOperationMode specified. Must be 'Passive'."),
  /** The device stand-in's refusal of its bearer (Lazurite's own text: Azure's device API is not public) [U]. */
  invalidSessionToken: () =>
    faceError(401, "401", "Unauthorized. The session authToken is missing, invalid or expired, or its session was deleted.", {
      "www-authenticate": 'Bearer realm="face-liveness-session"',
    }),
  /** A refusal of the shared liveness machinery, in Face's envelope. */
  fromLiveness: (e: LivenessError) => faceError(e.status, e.code, e.message),

  /** An injected fault: Face's own answer for the status unless the rule names a code or message. */
  injected: (f: InjectedFault) => {
    const [code, message] = INJECTED_DEFAULTS[f.status] ?? [String(f.status), "Fault injected by a Lazurite fault rule."];
    return faceError(f.status, f.code ?? code, f.message ?? message, retryAfterHeader(f));
  },
};
