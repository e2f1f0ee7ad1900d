import type { Surface } from "../../core/surface.js";
import { registerDiscovery } from "./discovery.js";
import { entraErrors } from "./errors.js";
import { registerTokenEndpoints } from "./token-endpoint.js";

/**
 * The emulated Entra ID token authority: OpenID discovery, signing keys and token endpoints per
 * tenant (docs/entra.md). Its paths start with a tenant segment, so it takes what no other
 * surface claims: it is the last in the server's list.
 */
export const entraSurface: Surface = {
  name: "entra",
  owns: () => true,
  decorate(req, reply) {
    reply.headers({
      "x-ms-request-id": req.id,
      "cache-control": "no-store, no-cache",
      pragma: "no-cache",
      "x-content-type-options": "nosniff",
    });
  },
  errors: {
    notFound: () => entraErrors.notFound(),
    badBody: (m) => entraErrors.invalidRequest(m),
    tooLarge: () => entraErrors.invalidRequest("The request body is too large."),
    internal: () => entraErrors.internal(),
    injected: (f) => entraErrors.injected(f),
  },
  async register(app, ctx) {
    // Token requests are forms. Entra answers a JSON or empty body as a form with no parameters
    // (AADSTS900144 for 'grant_type'), so every other content type is read and dropped rather than
    // failing with a parser error.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, body));
    app.addContentTypeParser("*", { parseAs: "string" }, (_req, _body, done) => done(null, ""));
    registerDiscovery(app, ctx);
    registerTokenEndpoints(app, ctx);
  },
};
