import { lazuriteError as adminError } from "../../core/lazurite-error.js";
import { ServiceError } from "../../core/service-error.js";

/** The admin API's errors, in Lazurite's own envelope. */
export const adminErrors = {
  unauthorized: () =>
    new ServiceError(
      401,
      "Unauthorized",
      {
        error: {
          code: "Unauthorized",
          message:
            "The admin API needs 'Authorization: Bearer <admin token>'; the token is printed at start and kept in the location's admin-token file.",
        },
      },
      { "www-authenticate": 'Bearer realm="lazurite-admin"' },
    ),
  notFound: (what: string) => adminError(404, "NotFound", `${what} was not found.`),
  conflict: (message: string) => adminError(409, "Conflict", message),
  invalid: (details: string[]) => adminError(400, "InvalidRequest", "The request is invalid.", details),
  badJson: (message: string) => adminError(400, "InvalidJson", message),
  payloadTooLarge: () => adminError(413, "PayloadTooLarge", "The request body is too large."),
  routeNotFound: (method: string, path: string) => adminError(404, "RouteNotFound", `No admin route for ${method} ${path}.`),
  internal: () => adminError(500, "InternalError", "An internal error occurred; see the server log."),
};
