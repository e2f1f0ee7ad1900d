import { lazuriteError } from "../../core/lazurite-error.js";

/** The unauthenticated operational routes answer in Lazurite's own envelope too. */
export const internalErrors = {
  routeNotFound: (method: string, path: string) => lazuriteError(404, "RouteNotFound", `No route for ${method} ${path}.`),
  badJson: (message: string) => lazuriteError(400, "InvalidJson", message),
  payloadTooLarge: () => lazuriteError(413, "PayloadTooLarge", "The request body is too large."),
  internal: () => lazuriteError(500, "InternalError", "An internal error occurred; see the server log."),
};
