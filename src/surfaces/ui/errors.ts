import { lazuriteError } from "../../core/lazurite-error.js";

/** The dashboard's errors, in Lazurite's own envelope (they are read by people and by the tests). */
export const uiErrors = {
  notFound: (method: string, path: string) => lazuriteError(404, "RouteNotFound", `No dashboard file for ${method} ${path}.`),
  // A 404, not a 503: nothing will appear by waiting, and this server has no dashboard to give.
  notBuilt: () =>
    lazuriteError(404, "DashboardNotBuilt", "The dashboard is not built: run `npm run build` (it writes dist/ui) and restart Lazurite."),
  badRequest: (message: string) => lazuriteError(400, "BadRequest", message),
  payloadTooLarge: () => lazuriteError(413, "PayloadTooLarge", "The request body is too large."),
  internal: () => lazuriteError(500, "InternalError", "An internal error occurred; see the server log."),
};
