import { AZURE_HOSTNAMES } from "../../core/azure.js";
import type { Surface } from "../../core/surface.js";
import { registerDiscovery } from "./discovery.js";
import { entraErrors } from "./errors.js";
import { registerTokenEndpoints } from "./token-endpoint.js";
import { registerUserRealm } from "./user-realm.js";

/**
 * The emulated Entra ID token authority: OpenID discovery, signing keys and token endpoints per
 * tenant (docs/entra.md). Its paths start with a tenant segment, so it takes what no other
 * surface claims: it is the last in the server's list.
 */
export const ENTRA_BODY_LIMIT = 256 * 1024;

export const entraSurface: Surface = {
  name: "entra",
  ownsHost: (host) => (AZURE_HOSTNAMES.login as readonly string[]).includes(host),
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
    protocol: (status, message) => entraErrors.protocol(status, message),
    unavailable: (retryAfter) => entraErrors.unavailable(retryAfter),
    internal: () => entraErrors.internal(),
    injected: (f) => entraErrors.injected(f),
  },
  async register(app, ctx) {
    // Token requests are forms. Entra answers a JSON or empty body as a form with no parameters
    // (AADSTS900144 for 'grant_type'), so every other content type is read and dropped rather than
    // failing with a parser error.
    // Token requests are small (a client assertion is a few KB): 256 KB is the limit [U: Entra's own is undocumented].
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: ENTRA_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    app.addContentTypeParser("*", { parseAs: "string", bodyLimit: ENTRA_BODY_LIMIT }, (_req, _body, done) => done(null, ""));
    registerDiscovery(app, ctx);
    registerUserRealm(app, ctx);
    registerTokenEndpoints(app, ctx);
  },
};
